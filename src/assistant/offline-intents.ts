import { fold } from '../common/text/fold';
/**
 * Intent rules of the offline assistant, Spanish and English. Pure functions over the customer's
 * text and our own previous reply, so "el segundo" can be resolved against the list we sent last.
 */

export type InfoTopic = 'hours' | 'address' | 'delivery' | 'payment' | 'warranty';

export interface ListedItem {
  position: number;
  name: string;
  /** A SKU or `#<wc_product_id>` when the list was ours (offline template); null for a list the LLM wrote. */
  ref: string | null;
}

export type OfflineIntent =
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'info'; topics: InfoTopic[] }
  | { kind: 'pick'; item: ListedItem }
  | { kind: 'pick_unknown'; position: number }
  | { kind: 'lookup'; identifier: string; identifierType: 'sku' | 'wc_product_id' }
  | { kind: 'search'; query: string; greeted: boolean }
  | { kind: 'vague'; greeted: boolean };

const GREETING =
  /^(hola+|holi|buenas|buen(os)? (dias|tardes|noches)|buenas (tardes|noches)|saludos|hey|hi|hello|good (morning|afternoon|evening)|que tal)\b/;
const ONLY_GREETING =
  /^(hola+|holi|buenas|buen(os)? (dias|tardes|noches)|buenas (tardes|noches)|saludos|hey|hi|hello|good (morning|afternoon|evening)|que tal|como estas|how are you|[\s,.!¡?¿:)(]|there)+$/;
const THANKS =
  /^(ok(ay)?|listo|vale|perfecto|excelente|genial|muchas|mil|great|cool|thanks?|thank you|gracias|chao|adios|bye)(\s|[,.!])*((muchas|mil|a lot|so much|very much|thank you|thanks|gracias|chao|bye)(\s|[,.!])*)*$/;

const TOPICS: [InfoTopic, RegExp][] = [
  [
    'hours',
    /\b(horario|a que hora|hasta que hora|abren|cierran|abierto|opening hours|open on|what time|hours)\b/,
  ],
  [
    'address',
    /\b(direccion|donde (estan|quedan|queda|se encuentran)|ubicacion|ubicados|tienda fisica|address|location|where are you)\b/,
  ],
  ['delivery', /\b(delivery|envio|envios|envian|despacho|despachan|shipping|ship|deliver)\b/],
  ['payment', /\b(pago|pagos|pagar|zelle|pago movil|transferencia|efectivo|binance|payment|pay|cash)\b/],
  ['warranty', /\b(garantia|warranty|guarantee)\b/],
];

const ORDINALS: Record<string, number> = {
  primero: 1,
  primera: 1,
  primer: 1,
  first: 1,
  '1ro': 1,
  '1ra': 1,
  '1st': 1,
  segundo: 2,
  segunda: 2,
  second: 2,
  '2do': 2,
  '2da': 2,
  '2nd': 2,
  tercero: 3,
  tercera: 3,
  tercer: 3,
  third: 3,
  '3ro': 3,
  '3ra': 3,
  '3rd': 3,
  cuarto: 4,
  cuarta: 4,
  fourth: 4,
  '4to': 4,
  '4ta': 4,
  '4th': 4,
  quinto: 5,
  quinta: 5,
  fifth: 5,
  '5to': 5,
  '5ta': 5,
  '5th': 5,
};

const FILLER = new Set(
  (
    'hola holi buenas buenos buen dias tardes noches saludos hey hi hello good morning afternoon evening ' +
    'tienen tienes tendran tendras hay venden vendes busco buscando quiero queria quisiera necesito necesitaria ' +
    'me interesa interesan precio precios cuanto cuantos cuesta cuestan vale valen sale salen ' +
    'de del el la los las lo un una unos unas uno por favor para que cual cuales algun alguna algunos algunas ' +
    'disponible disponibles stock existencia info informacion sobre y o con en es son a al mi mis su sus ' +
    'do does you have any i want need looking for the a an how much is are price prices of please ' +
    'do sell selling some what about show me can could get know ' +
    // "I am looking for…", "I'm interested in…": English framing around the product words.
    'am m im looking searching interested in would like to buy there it this that anything something your'
  ).split(' '),
);

/** Lines of a numbered list we (or the model) sent: "1. *Name* — $45.00 (…) · ref. OST-600". */
export function parseListedItems(botText: string): ListedItem[] {
  const items: ListedItem[] = [];
  for (const line of botText.split('\n')) {
    const m = /^\s*(\d{1,2})[.)]\s+\**([^*\n]+?)\**(?:\s+[—–-]\s+.*)?$/.exec(line);
    if (!m) continue;
    const ref = /ref\.\s+(\S+)\s*$/.exec(line)?.[1] ?? null;
    items.push({ position: Number(m[1]), name: m[2].replace(/\s+\(.*\)$/, '').trim(), ref });
  }
  if (items.length > 0) return items;
  // Models also list with "-" bullets ("- *Nevera Mabe*: $689"); the customer then counts them. Our own "•" lines
  // are a product's variations, not a list to pick from.
  for (const line of botText.split('\n')) {
    const m = /^\s*-\s+\**([^*\n:]+?)\**(?:\s*[:—–-]\s+.*)?$/.exec(line);
    if (m) items.push({ position: items.length + 1, name: m[1].trim(), ref: null });
  }
  return items;
}

export function pickedPosition(t: string, listLength: number): number | null {
  if (/^\s*#?\d{1,2}\s*[.!]?\s*$/.test(t)) return Number(t.replace(/\D/g, ''));
  const numbered = /\b(?:el|la|numero|nro|opcion|option|number|#)\s*#?\s*(\d{1,2})\b/.exec(t);
  if (numbered) return Number(numbered[1]);
  for (const [word, n] of Object.entries(ORDINALS)) {
    if (new RegExp(`(^|\\s)${word}($|[\\s,.!?])`).test(t)) return n;
  }
  if (/\b(ultimo|ultima|the last one|last one)\b/.test(t) && listLength > 0) return listLength;
  return null;
}

const SKU_KEYWORD = /\b(?:sku|ref\.?|referencia|codigo|code|modelo)\s*[:#]?\s*([a-z0-9][a-z0-9-]{2,})/i;
const SKU_SHAPE = /\b([a-z]{2,}-?\d{2,}[a-z0-9-]*|[a-z]{2,}\d*-[a-z0-9]+-?[a-z0-9-]*\d[a-z0-9-]*)\b/i;

/** The customer's words as a catalog query: greetings and filler words removed. */
export function toSearchQuery(text: string): string {
  return fold(text)
    .replace(/[¿?¡!.,;:()"']/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w))
    .join(' ')
    .trim();
}

export function classifyOfflineIntent(text: string, lastBotText: string | null): OfflineIntent {
  const raw = text.trim();
  const t = fold(raw).replace(/\s+/g, ' ');
  if (!t || ONLY_GREETING.test(t)) return { kind: 'greeting' };
  if (THANKS.test(t)) return { kind: 'thanks' };
  const greeted = GREETING.test(t);

  const listed = lastBotText ? parseListedItems(lastBotText) : [];
  if (listed.length > 0) {
    const position = pickedPosition(t, listed.length);
    if (position !== null) {
      const item = listed.find((i) => i.position === position);
      return item ? { kind: 'pick', item } : { kind: 'pick_unknown', position };
    }
  }
  // "el segundo" with no list of ours to point into: ask instead of searching for the word "segundo".
  if (listed.length === 0 && t.split(' ').length <= 4 && pickedPosition(t, 0) !== null) {
    return { kind: 'vague', greeted };
  }
  const byId = /(?:^|\s)#(\d{1,9})\b/.exec(raw);
  if (byId) return { kind: 'lookup', identifier: byId[1], identifierType: 'wc_product_id' };
  const sku = SKU_KEYWORD.exec(raw)?.[1] ?? SKU_SHAPE.exec(raw)?.[1];
  if (sku) return { kind: 'lookup', identifier: sku, identifierType: 'sku' };

  const topics = TOPICS.filter(([, re]) => re.test(t)).map(([topic]) => topic);
  if (topics.length > 0) return { kind: 'info', topics };

  const query = toSearchQuery(raw);
  if (query.length < 2) return { kind: 'vague', greeted };
  return { kind: 'search', query, greeted };
}

const significantWords = (s: string): Set<string> =>
  new Set(
    toSearchQuery(s)
      .split(' ')
      .filter((w) => w.length >= 3),
  );

/**
 * The FAQ entry whose question shares at least two significant words with the customer's text (or all of them
 * when the question has fewer), so "¿hacen apartados?" finds "¿Hacen apartados?" but a product query does not.
 */
export function matchFaq<T extends { question: string }>(text: string, faq: T[]): T | null {
  const words = significantWords(text);
  let best: { entry: T; overlap: number } | null = null;
  for (const entry of faq) {
    const question = significantWords(entry.question);
    const overlap = [...question].filter((w) => words.has(w)).length;
    const needed = Math.min(2, question.size);
    if (needed > 0 && overlap >= needed && (!best || overlap > best.overlap)) best = { entry, overlap };
  }
  return best?.entry ?? null;
}
