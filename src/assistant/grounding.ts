import type { StoreProfile } from './store-profile';

/**
 * The grounding guard: every price, stock figure and percentage in the text sent to a customer must
 * come from this turn's tool results or the store profile. Pure functions; the assistant decides what to do with a
 * violation (regenerate once, then a templated answer).
 */

export interface GroundingFacts {
  prices: number[];
  stock: number[];
  percents: number[];
  /** What a figure next to a discount word may be: catalog prices and sale differences only, never the profile's. */
  discountPrices: number[];
  discountPercents: number[];
}

export interface GroundingViolation {
  kind: 'price' | 'stock' | 'percent';
  /** The text as written, e.g. "$39.99" or "20%". */
  snippet: string;
}

// Currency written before or after the amount: $45, US$ 45, USD 45, Bs. 1.234,56, 45,00 $, 45 dólares, 45 Bs.
const NUMBER = String.raw`\d+(?:[.,]\d{3})*(?:[.,]\d+)?`;
const PREFIX = String.raw`(?:US\$|U\$S|\$|USD|US|Bs\.?\s?S\.?|Bs\.?|VES|EUR|€)`;
const SUFFIX = String.raw`(?:\$|USD|dólares|dolares|dollars|bolívares|bolivares|Bs\.?|VES|EUR|euros|€)`;
const PRICE_BEFORE = new RegExp(String.raw`(?<![\p{L}\d])${PREFIX}\s?(${NUMBER})`, 'giu');
const PRICE_AFTER = new RegExp(String.raw`(?<![\p{L}\d.,])(${NUMBER})\s?${SUFFIX}(?![\p{L}])`, 'giu');
// A bare amount right after a price verb ("cuesta 39.99", "price is 40") is a price too, unless a unit follows.
const PRICE_VERB = String.raw`(?:cuestan?|valen?|precio(?:\s+(?:es|de|final|especial))?|salen?\s+(?:en|a|por)|por\s+solo|a\s+solo|price(?:\s+is)?|costs?|for\s+only)`;
const UNIT = String.raw`(?:%|"|″|(?:w|kw|gb|tb|mb|kg|g|l|lts?|litros?|ml|pulgadas|pulg|cm|mm|m|btu|mah|hz|pies|v|voltios|watts?|vatios|velocidades|piezas|unidades|años|meses|d[ií]as|horas|inches|pounds|lbs?|feet|years|months|days|hours)(?![\p{L}]))`;
const PRICE_AFTER_VERB = new RegExp(
  String.raw`(?<![\p{L}])${PRICE_VERB}\s*:?\s*(?:de\s+|en\s+|solo\s+|only\s+|just\s+)?(${NUMBER})(?!\d|[.,]\d|\s*${UNIT})`,
  'giu',
);
const PERCENT = /(?<![\d.,])(\d+(?:[.,]\d+)?)\s?(?:%|por ?ciento|percent)/giu;
const STOCK_AFTER =
  /(?<![\d.,])(\d+)\s?(?:unidades|unidad|uds?\.?|piezas|units?|pcs|disponibles|en (?:stock|existencia)|in stock|left|available)(?![\p{L}])/giu;
const STOCK_BEFORE =
  /(?:quedan|queda|solo hay|only|just|stock:?|existencias?:?|inventario:?)\s+(?:solo\s+)?(\d+)(?![\d.,])/giu;

/** "1.234,56", "1,234.56", "45,00", "1.234" (ambiguous: both readings) → candidate values. */
export function parseAmount(raw: string): number[] {
  const s = raw.replace(/\s/g, '');
  const hasDot = s.includes('.');
  const hasComma = s.includes(',');
  if (hasDot && hasComma) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    return [Number(s.split(thousands).join('').replace(decimal, '.'))];
  }
  const sep = hasDot ? '.' : hasComma ? ',' : null;
  if (!sep) return [Number(s)];
  const parts = s.split(sep);
  if (parts.length > 2) return [Number(parts.join(''))];
  const asDecimal = Number(`${parts[0]}.${parts[1]}`);
  return parts[1].length === 3 ? [Number(parts.join('')), asDecimal] : [asDecimal];
}

const matches = (candidates: number[], facts: number[]): boolean =>
  candidates.some((c) => facts.some((f) => Math.abs(f - c) < 0.005));

/** Amounts written with a currency in a text. */
export function extractPrices(text: string): { snippet: string; values: number[]; at: number }[] {
  const found: { snippet: string; values: number[]; at: number }[] = [];
  for (const re of [PRICE_BEFORE, PRICE_AFTER, PRICE_AFTER_VERB]) {
    for (const m of text.matchAll(re)) {
      const at = m.index + m[0].indexOf(m[1]);
      if (found.some((f) => f.at === at)) continue;
      found.push({ snippet: m[0].trim(), values: parseAmount(m[1]), at });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

function extractPercents(text: string): { snippet: string; values: number[]; at: number }[] {
  return [...text.matchAll(PERCENT)].map((m) => ({ snippet: m[0], values: parseAmount(m[1]), at: m.index }));
}

const DISCOUNT_WORDS =
  /\b(descuentos?|rebajas?|rebajad[oa]s?|ofertas?|promos?|promoci[oó]n(es)?|cup[oó]n|ahorr\w*|off|discounts?|sale|save|saving|coupon|deal)\b/i;

/** The sentence or line around position `at`. */
function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(
    before.lastIndexOf('\n'),
    before.lastIndexOf('. '),
    before.lastIndexOf('! '),
    before.lastIndexOf('? '),
  );
  const rest = text.slice(at);
  const ends = ['\n', '. ', '! ', '? '].map((d) => rest.indexOf(d)).filter((i) => i >= 0);
  return text.slice(start + 1, at + (ends.length ? Math.min(...ends) : rest.length));
}

function extractStock(text: string): { snippet: string; values: number[] }[] {
  const out: { snippet: string; values: number[] }[] = [];
  const seen = new Set<number>();
  for (const re of [STOCK_AFTER, STOCK_BEFORE]) {
    for (const m of text.matchAll(re)) {
      // "quedan 3 unidades" matches both patterns: one figure, one violation.
      const at = m.index + m[0].indexOf(m[1]);
      if (seen.has(at)) continue;
      seen.add(at);
      out.push({ snippet: m[0].trim(), values: [Number(m[1])] });
    }
  }
  return out;
}

const PRICE_KEY = /price|precio/i;
const STOCK_KEY = /stock_?quantity|quantity/i;

function toNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/** Collects the figures a reply may quote from tool results (any JSON) and the store profile. */
export function collectFacts(toolResults: unknown[], profile: StoreProfile | null): GroundingFacts {
  const facts: GroundingFacts = {
    prices: [],
    stock: [],
    percents: [],
    discountPrices: [],
    discountPercents: [],
  };
  let fromTools = true;
  const addText = (s: string): void => {
    for (const p of extractPrices(s)) {
      facts.prices.push(...p.values);
      if (fromTools) facts.discountPrices.push(...p.values);
    }
    for (const p of extractPercents(s)) {
      facts.percents.push(...p.values);
      if (fromTools) facts.discountPercents.push(...p.values);
    }
  };
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const regular = toNumber(o.regular_price ?? o.regularPrice);
      const sale = toNumber(o.sale_price ?? o.salePrice);
      if (regular && sale !== null && regular > sale) {
        const pct = ((regular - sale) / regular) * 100;
        const derived = [Math.floor(pct), Math.round(pct), Math.ceil(pct), Number(pct.toFixed(1))];
        facts.percents.push(...derived);
        facts.discountPercents.push(...derived);
        facts.discountPrices.push(Number((regular - sale).toFixed(2)));
      }
      for (const [k, v] of Object.entries(o)) walk(v, k);
      return;
    }
    const n = toNumber(node);
    if (n !== null && PRICE_KEY.test(key)) {
      facts.prices.push(n);
      facts.discountPrices.push(n);
    }
    if (n !== null && STOCK_KEY.test(key)) facts.stock.push(n);
    if (typeof node === 'string') addText(node);
  };
  toolResults.forEach((r) => walk(r));
  fromTools = false;
  if (profile) addText(JSON.stringify(profile));
  return facts;
}

/** Every price, stock figure or percentage in `text` that the facts do not back. */
export function findGroundingViolations(text: string, facts: GroundingFacts): GroundingViolation[] {
  const violations: GroundingViolation[] = [];
  const inDiscount = (at: number): boolean => DISCOUNT_WORDS.test(sentenceAround(text, at));
  for (const p of extractPrices(text)) {
    const allowed = inDiscount(p.at) ? facts.discountPrices : facts.prices;
    if (!matches(p.values, allowed)) violations.push({ kind: 'price', snippet: p.snippet });
  }
  for (const p of extractPercents(text)) {
    const allowed = inDiscount(p.at) ? facts.discountPercents : facts.percents;
    if (!matches(p.values, allowed)) violations.push({ kind: 'percent', snippet: p.snippet });
  }
  for (const s of extractStock(text)) {
    if (!matches(s.values, facts.stock)) violations.push({ kind: 'stock', snippet: s.snippet });
  }
  return violations;
}
