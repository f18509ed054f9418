import { fold } from '../common/text/fold';
import { findWordNumbers, NUMBER_ARTICLES } from './number-words';

/**
 * Finds the figures a customer would read as a price, a stock count or a percentage in an answer, written with
 * digits ("$45", "45,00 $", "Bs. 1.234,56", "cuesta 39.99", "20%", "quedan 3") or with words ("un dólar",
 * "cuarenta y cinco dólares", "noventa por ciento", "ninety percent", "tres unidades").
 */

export type FigureKind = 'price' | 'stock' | 'percent';

export interface Figure {
  kind: FigureKind;
  /** The text as written, e.g. "$39.99", "20%" or "un dólar". */
  snippet: string;
  /** Candidate values ("1.234" reads as 1234 or 1.234). */
  values: number[];
  /** Where the figure starts and ends in the text. */
  start: number;
  end: number;
}

// Currency written before or after the amount: $45, US$ 45, USD 45, Bs. 1.234,56, 45,00 $, 45 dólares, 45 Bs.
const NUMBER = String.raw`\d+(?:[.,]\d{3})*(?:[.,]\d+)?`;
const PREFIX = String.raw`(?:US\$|U\$S|\$|USD|US|Bs\.?\s?S\.?|Bs\.?|VES|EUR|€)`;
const CURRENCY_WORD = String.raw`(?:d[oó]lar(?:es)?|dollars?|bucks|bol[ií]var(?:es)?|euros?)`;
const SUFFIX = String.raw`(?:\$|USD|${CURRENCY_WORD}|Bs\.?|VES|EUR|€)`;
const PRICE_BEFORE = new RegExp(String.raw`(?<![\p{L}\d])${PREFIX}\s?(${NUMBER})`, 'giu');
const PRICE_AFTER = new RegExp(String.raw`(?<![\p{L}\d.,])(${NUMBER})\s?${SUFFIX}(?![\p{L}])`, 'giu');
// A bare amount right after a price verb ("cuesta 39.99", "price is 40") is a price too, unless a unit follows.
const PRICE_VERB = String.raw`(?:cuestan?|valen?|precio(?:\s+(?:es|de|final|especial))?|salen?\s+(?:en|a|por)|por\s+solo|a\s+solo|price(?:\s+is)?|costs?|for\s+only)`;
const UNIT = String.raw`(?:%|"|″|(?:w|kw|gb|tb|mb|kg|g|l|lts?|litros?|ml|pulgadas|pulg|cm|mm|m|btu|mah|hz|pies|v|voltios|watts?|vatios|velocidades|piezas|unidades|años|meses|d[ií]as|horas|inches|pounds|lbs?|feet|years|months|days|hours)(?![\p{L}]))`;
const PRICE_AFTER_VERB = new RegExp(
  String.raw`(?<![\p{L}])${PRICE_VERB}\s*:?\s*(?:de\s+|en\s+|solo\s+|only\s+|just\s+)?(${NUMBER})(?!\d|[.,]\d|\s*${UNIT})`,
  'giu',
);
const PERCENT_WORD = String.raw`(?:%|por\s?ciento|percent|per\s?cent)`;
const PERCENT = new RegExp(String.raw`(?<![\d.,])(\d+(?:[.,]\d+)?)\s?${PERCENT_WORD}`, 'giu');
const STOCK_WORD = String.raw`(?:unidades|unidad|uds?\.?|piezas|units?|pcs|disponibles|en (?:stock|existencia)|in stock|left|available)`;
const STOCK_AFTER = new RegExp(String.raw`(?<![\d.,])(\d+)\s?${STOCK_WORD}(?![\p{L}])`, 'giu');
const STOCK_BEFORE =
  /(?:quedan|queda|solo hay|only|just|stock:?|existencias?:?|inventario:?)\s+(?:solo\s+)?(\d+)(?![\d.,])/giu;

// What may follow a number written in words for it to be a figure.
const AFTER_WORDS: [FigureKind, RegExp][] = [
  ['price', new RegExp(String.raw`^\s?(?:de\s+)?${CURRENCY_WORD}(?![\p{L}])`, 'iu')],
  ['percent', new RegExp(String.raw`^\s?${PERCENT_WORD}(?![\p{L}])`, 'iu')],
  ['stock', new RegExp(String.raw`^\s?${STOCK_WORD}(?![\p{L}])`, 'iu')],
];
const STOCK_BEFORE_WORDS = /(?:quedan|queda|solo hay)\s+(?:solo\s+)?$/iu;

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

function byPattern(
  text: string,
  kind: FigureKind,
  patterns: RegExp[],
  parse: (raw: string) => number[],
): Figure[] {
  const found: Figure[] = [];
  const seen = new Set<number>();
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      // "quedan 3 unidades" matches two stock patterns, "$45 dólares" two price ones: one figure each.
      const at = m.index + m[0].indexOf(m[1]);
      if (seen.has(at)) continue;
      seen.add(at);
      const lead = m[0].length - m[0].trimStart().length;
      found.push({
        kind,
        snippet: m[0].trim(),
        values: parse(m[1]),
        start: m.index + lead,
        end: m.index + m[0].trimEnd().length,
      });
    }
  }
  return found;
}

function inWords(text: string): Figure[] {
  const found: Figure[] = [];
  for (const n of findWordNumbers(text)) {
    const rest = text.slice(n.end, n.end + 40);
    const unit = AFTER_WORDS.find(([, re]) => re.test(rest));
    let kind: FigureKind | undefined = unit?.[0];
    let end = n.end;
    if (unit) end += unit[1].exec(rest)![0].length;
    else if (STOCK_BEFORE_WORDS.test(text.slice(Math.max(0, n.start - 20), n.start))) kind = 'stock';
    // "un dólar" is a price, but "una unidad" or "a unit" is usually not a stock claim.
    if (!kind || (kind !== 'price' && NUMBER_ARTICLES.has(fold(text.slice(n.start, n.end))))) continue;
    found.push({ kind, snippet: text.slice(n.start, end), values: [n.value], start: n.start, end });
  }
  return found;
}

/** Every price, stock figure and percentage in `text`, in reading order. */
export function extractFigures(text: string): Figure[] {
  return [
    ...byPattern(text, 'price', [PRICE_BEFORE, PRICE_AFTER, PRICE_AFTER_VERB], parseAmount),
    ...byPattern(text, 'percent', [PERCENT], parseAmount),
    ...byPattern(text, 'stock', [STOCK_AFTER, STOCK_BEFORE], (raw) => [Number(raw)]),
    ...inWords(text),
  ].sort((a, b) => a.start - b.start);
}

/** Amounts written with a currency in a text (digits only: for reading the owner-written store profile). */
export function extractPrices(text: string): Figure[] {
  return byPattern(text, 'price', [PRICE_BEFORE, PRICE_AFTER, PRICE_AFTER_VERB], parseAmount);
}

export function extractPercents(text: string): Figure[] {
  return byPattern(text, 'percent', [PERCENT], parseAmount);
}

export const DISCOUNT_WORDS =
  /\b(descuentos?|rebajas?|rebajad[oa]s?|ofertas?|promos?|promoci[oó]n(es)?|cup[oó]n|ahorr\w*|off|discounts?|sale|save|saving|coupon|deal)\b/i;

/** Where the sentence or line holding position `at` starts. */
export function sentenceStart(text: string, at: number): number {
  const before = text.slice(0, at);
  return (
    Math.max(
      before.lastIndexOf('\n'),
      before.lastIndexOf('. '),
      before.lastIndexOf('! '),
      before.lastIndexOf('? '),
    ) + 1
  );
}

/** The sentence or line around position `at`. */
export function sentenceAround(text: string, at: number): string {
  const rest = text.slice(at);
  const ends = ['\n', '. ', '! ', '? '].map((d) => rest.indexOf(d)).filter((i) => i >= 0);
  return text.slice(sentenceStart(text, at), at + (ends.length ? Math.min(...ends) : rest.length));
}
