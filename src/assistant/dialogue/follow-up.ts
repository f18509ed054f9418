import { fold } from '../../common/text/fold';

/**
 * Follow-ups: a message that is about the product or list already on the table rather than a new
 * search. Recognised when, once the follow-up's own words are removed, no product words remain — so "¿cuánto
 * cuesta?" after "el segundo" asks about that product and never searches the catalog for "cuesta".
 */
export type Alternative = 'cheaper' | 'bigger' | 'other_brand' | 'more';

export type FollowUp =
  | { kind: 'about'; ask: 'price' | 'stock' | 'details' }
  | { kind: 'variation'; value: string | null }
  | { kind: 'buy' }
  | { kind: 'delivery'; city: string | null }
  | { kind: 'alternative'; want: Alternative };

const BUY =
  /\b(la|lo|las|los) (quiero|compro|llevo)\b|\bme (la|lo|las|los) (llevo|quedo)\b|\b(quiero|como|donde|puedo) (comprar|pedir|ordenar|pagar)(la|lo|las|los)?\b|\bcomo (la|lo) (compro|pido|pago)\b|\bcomo hago (para|el) (comprar|pedido|pagar)\b|\b(i'?ll|i will) take (it|them|that one|this one)\b|\bi want (it|that one|this one|to buy|to order)\b|\bhow (do|can) i (buy|order|pay)\b|\b(buy|order) (it|this|that)\b/;
const DELIVERY =
  /\b(llevar|llevan|llevas|lleven|traer|envio|envios|envian|envias|enviar|envien|mandan|mandar|manden|despachan|despacho|entregan|entrega|delivery|ship|ships|shipping|deliver|delivers|delivery|send)\b/;
const CITY = /\b(?:a|hasta|para|en|to|in)\s+([a-z][a-z .'-]{1,40}?)\s*$/;
const CHEAPER =
  /\b(mas (barat[oa]s?|economic[oa]s?)|menos car[oa]s?|cheaper|less expensive|more affordable)\b/;
const BIGGER = /\b(mas grandes?|mayor (tamano|capacidad)|bigger|larger)\b/;
const OTHER_BRAND = /\b(otr[oa]s? marcas?|otro fabricante|another brand|other brands?|different brand)\b/;
const MORE =
  /\b(otr[oa]s?( opciones| modelos)?|alguna otra|algo mas|other (options|models|ones)|another( one)?|something else|more options)\b/;
const VARIATION =
  /\b(colou?rs?|colores|talla|tallas|size|sizes|medidas?|tamanos?|capacidad|capacidades|versiones|variantes)\b/;
const VARIATION_VALUE =
  /\b(?:talla|size|color|colou?r|en (?:color|talla)?|in)\s+([a-z0-9]{1,12}(?:\s+(?:claro|oscuro|light|dark))?)\s*$/;
const PRICE = /\b(cuanto|cuesta|cuestan|vale|valen|sale|salen|precio|precios|how much|price|cost|costs)\b/;
const STOCK = /\b(disponible|disponibles|stock|existencia|quedan|queda|available|in stock|left)\b/;

// Words that carry no product meaning in a follow-up: pronouns, question words, the vocabulary above.
const FOLLOW_UP_WORDS = new Set(
  (
    'a al y o e de del el la las lo los un una unos unas me te se le les mi que cual cuales como cuanto cuesta ' +
    'cuestan vale valen sale salen precio precios hay tienen tienes tiene tendran esta estan es son ese esa eso ' +
    'este esta esto esos esas aun todavia ahi disponible disponibles stock existencia quedan queda y en por favor ' +
    'porfa pls please it is are that this one ones them those the how much price cost costs do does you have ' +
    'still available in left any of what which there and or for ok okay vale bueno perfecto entonces ' +
    'colores color colors colour colours talla tallas size sizes medida medidas tamano tamanos capacidad ' +
    'version versiones variantes modelo viene vienen come comes'
  ).split(' '),
);

const DELIVERY_FILLER = new Set(
  'pueden puede podrian hacen hace hacer realizan llega llegan hasta para to in hi hello hola buenas can could would will we us ustedes'.split(
    ' ',
  ),
);

const words = (t: string): string[] => t.split(/[^a-z0-9']+/).filter(Boolean);

/** The words of `t` that would name a product: everything but follow-up vocabulary. */
export function productWordsOf(t: string): string[] {
  return words(t).filter((w) => !FOLLOW_UP_WORDS.has(w));
}

/**
 * Classifies a message as a follow-up about the current product or list, or null when it is something else (a new
 * search, a greeting…). `hasContext` is whether there is a picked product or a list to refer to.
 */
export function classifyFollowUp(text: string, hasContext: boolean): FollowUp | null {
  const t = fold(text)
    .replace(/[¿?¡!.,;:()"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t) return null;
  if (DELIVERY.test(t)) {
    const city = CITY.exec(t)?.[1]?.trim() ?? null;
    const others = productWordsOf(t.replace(DELIVERY, ' ')).filter(
      (w) => !(city ?? '').split(' ').includes(w) && !DELIVERY_FILLER.has(w),
    );
    if (others.length === 0) {
      return { kind: 'delivery', city: city && !FOLLOW_UP_WORDS.has(city) ? city : null };
    }
  }
  if (!hasContext) return null;
  if (BUY.test(t)) return { kind: 'buy' };
  if (OTHER_BRAND.test(t)) return { kind: 'alternative', want: 'other_brand' };
  const otra = /\b(otr[oa]s?|alguna otra|another|other|something)\b/.test(t);
  // "la más barata" / "the cheapest" asks for the cheapest of the kind (a search order), not for one below this.
  const superlative = /\b(el|la|los|las|lo) mas (barat|economic)|\bcheapest\b/.test(t);
  if (CHEAPER.test(t) && !superlative && (otra || productWordsOf(t.replace(CHEAPER, ' ')).length === 0)) {
    return { kind: 'alternative', want: 'cheaper' };
  }
  if (BIGGER.test(t)) return { kind: 'alternative', want: 'bigger' };
  const rest = productWordsOf(t.replace(MORE, ' '));
  if (MORE.test(t) && rest.length === 0) return { kind: 'alternative', want: 'more' };
  if (VARIATION.test(t) || (VARIATION_VALUE.test(t) && productWordsOf(t).length <= 1)) {
    const value = VARIATION_VALUE.exec(t)?.[1] ?? null;
    const leftover = productWordsOf(t).filter((w) => w !== value);
    if (leftover.length === 0)
      return { kind: 'variation', value: value && !FOLLOW_UP_WORDS.has(value) ? value : null };
  }
  if (productWordsOf(t).length > 0) return null;
  if (PRICE.test(t)) return { kind: 'about', ask: 'price' };
  if (STOCK.test(t) || /\b(hay|tienen|tienes|have)\b/.test(t)) return { kind: 'about', ask: 'stock' };
  if (/\b(ese|esa|este|esta|that|this|it)\b/.test(t)) return { kind: 'about', ask: 'details' };
  return null;
}
