import { fold } from '../common/text/fold';
import {
  DISCOUNT_WORDS,
  extractFigures,
  extractPercents,
  extractPrices,
  sentenceAround,
  sentenceStart,
  type Figure,
  type FigureKind,
} from './grounding-figures';
import type { StoreProfile } from './store-profile';

export { parseAmount, extractPrices } from './grounding-figures';

/**
 * The grounding guard (issues #6 §4, #17 §4): every price, stock figure and percentage in the text sent to a
 * customer must be a product fact from this turn's tool results (price, regular and sale price, a variation's
 * price, stock, the discount that follows from regular vs sale) or a figure of the owner-written store profile.
 * Product names and descriptions are free text anyone can write, so their figures never count; and a price
 * written next to a product's name must be that product's. Pure functions; the assistant decides what to do
 * with a violation (regenerate once, then a templated answer).
 */

export interface ProductFacts {
  /** Folded words of the name that can identify the product in an answer ("oster", "600w", "nevera"). */
  nameWords: string[];
  /** Folded SKUs of the product and its variations ("ost-600"). */
  skus: string[];
  prices: number[];
  stock: number[];
  /** Percentages and amounts that follow from a regular price above a sale price. */
  discountPercents: number[];
  discountAmounts: number[];
}

export interface GroundingFacts {
  products: ProductFacts[];
  /** Figures the store owner wrote in the profile (delivery fee, deposit): never valid as discounts. */
  profile: { prices: number[]; percents: number[] };
}

export interface GroundingViolation {
  kind: FigureKind;
  /** The text as written, e.g. "$39.99", "20%" or "noventa por ciento". */
  snippet: string;
}

const STOP_WORDS = new Set(
  'con para por sin del los las una uno the and with for from de la el en y of'.split(' '),
);
/** Plural and singular compare equal: "licuadoras" names "Licuadora …". */
const stem = (w: string): string => (w.length > 4 ? w.replace(/(es|s)$/, '') : w);
const wordsOf = (text: string): string[] =>
  (fold(text).match(/[a-z0-9]+/g) ?? [])
    .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !STOP_WORDS.has(w))
    .map(stem);

function toNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

const FACT_KEYS = ['price', 'regular_price', 'sale_price', 'stock_quantity', 'regularPrice', 'salePrice'];

/** Adds the facts of one product or variation object (its own fields only) to `p`. */
function addOwnFacts(p: ProductFacts, o: Record<string, unknown>): void {
  const regular = toNumber(o.regular_price ?? o.regularPrice);
  const sale = toNumber(o.sale_price ?? o.salePrice);
  for (const v of [toNumber(o.price), regular, sale]) if (v !== null) p.prices.push(v);
  const stock = toNumber(o.stock_quantity ?? o.stockQuantity);
  if (stock !== null) p.stock.push(stock);
  if (regular && sale !== null && regular > sale) {
    const pct = ((regular - sale) / regular) * 100;
    p.discountPercents.push(Math.floor(pct), Math.round(pct), Math.ceil(pct), Number(pct.toFixed(1)));
    p.discountAmounts.push(Number((regular - sale).toFixed(2)));
  }
  // Two-character SKUs would match inside ordinary words.
  if (typeof o.sku === 'string' && o.sku.trim().length >= 3) p.skus.push(fold(o.sku.trim()));
}

/**
 * Collects the figures a reply may quote: product facts from tool results (any JSON) and the store profile.
 * `synonymGroups` (config/synonyms.json) let an answer name a product in other words: "the fridge" for "Nevera …".
 */
export function collectFacts(
  toolResults: unknown[],
  profile: StoreProfile | null,
  synonymGroups: string[][] = [],
): GroundingFacts {
  const byId = new Map<string, ProductFacts>();
  const products: ProductFacts[] = [];
  const productFor = (o: Record<string, unknown>): ProductFacts => {
    const id = o.wc_product_id ?? o.wcProductId;
    const key = typeof id === 'number' || typeof id === 'string' ? String(id) : null;
    const known = key === null ? undefined : byId.get(key);
    if (known) return known;
    const p: ProductFacts = {
      nameWords: [],
      skus: [],
      prices: [],
      stock: [],
      discountPercents: [],
      discountAmounts: [],
    };
    products.push(p);
    if (key !== null) byId.set(key, p);
    return p;
  };
  const walk = (node: unknown, current: ProductFacts | null): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, current));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    // A product is an object with a WooCommerce id, or any priced object outside one; variations (nested in a
    // product) add their figures to that product.
    const isProduct =
      o.wc_product_id !== undefined ||
      o.wcProductId !== undefined ||
      (current === null && FACT_KEYS.some((k) => k in o));
    const p = isProduct ? productFor(o) : current;
    if (p) {
      addOwnFacts(p, o);
      if (isProduct && typeof o.name === 'string') p.nameWords.push(...wordsOf(o.name));
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v, p);
  };
  toolResults.forEach((r) => walk(r, null));
  // Only one-word variants: "washing machine" would make "machine" name every washer.
  const groups = synonymGroups.map((g) => g.filter((v) => !/\s/.test(v.trim())).flatMap(wordsOf));
  for (const p of products) {
    for (const g of groups) if (g.some((w) => p.nameWords.includes(w))) p.nameWords.push(...g);
    p.nameWords = [...new Set(p.nameWords)];
  }
  const profileText = profile ? JSON.stringify(profile) : '';
  return {
    products,
    profile: {
      prices: extractPrices(profileText).flatMap((f) => f.values),
      percents: extractPercents(profileText).flatMap((f) => f.values),
    },
  };
}

/**
 * The products a stretch of answer names: by SKU or by a name word only one product has ("oster", "mabe"); when
 * it names none that way, every product sharing a word it uses ("licuadora" → all blenders).
 */
function namedIn(stretch: string, facts: GroundingFacts): ProductFacts[] {
  const words = new Set(wordsOf(stretch));
  const folded = fold(stretch);
  const owners = (w: string): number => facts.products.filter((p) => p.nameWords.includes(w)).length;
  const bySku = facts.products.filter((p) => p.skus.some((s) => folded.includes(s)));
  const distinct = facts.products.filter((p) => p.nameWords.some((w) => words.has(w) && owners(w) === 1));
  const named = [...new Set([...bySku, ...distinct])];
  if (named.length) return named;
  return facts.products.filter((p) => p.nameWords.some((w) => words.has(w)));
}

function allowedValues(
  kind: FigureKind,
  owners: ProductFacts[],
  discount: boolean,
  withProfile: boolean,
  profile: GroundingFacts['profile'],
): number[] {
  switch (kind) {
    case 'price':
      return [
        ...owners.flatMap((p) => (discount ? [...p.prices, ...p.discountAmounts] : p.prices)),
        ...(withProfile && !discount ? profile.prices : []),
      ];
    case 'percent':
      return [
        ...owners.flatMap((p) => p.discountPercents),
        ...(withProfile && !discount ? profile.percents : []),
      ];
    case 'stock':
      return owners.flatMap((p) => p.stock);
  }
}

const matches = (candidates: number[], facts: number[]): boolean =>
  candidates.some((c) => facts.some((f) => Math.abs(f - c) < 0.005));

/**
 * Every price, stock figure or percentage in `text` that the facts do not back. A figure belongs to the products
 * named between it and the figure before it ("la Oster cuesta $45 y la Philips $60"); with none named there, to
 * those named earlier in its sentence (or the profile's figures); with none named at all, to any product.
 */
export function findGroundingViolations(text: string, facts: GroundingFacts): GroundingViolation[] {
  const violations: GroundingViolation[] = [];
  const figures = extractFigures(text);
  figures.forEach((f: Figure, i) => {
    const start = sentenceStart(text, f.start);
    const previousEnd = i > 0 ? figures[i - 1].end : 0;
    const clause = namedIn(text.slice(Math.max(start, previousEnd), f.start), facts);
    const sentence = clause.length ? clause : namedIn(text.slice(start, f.start), facts);
    const owners = sentence.length ? sentence : facts.products;
    const discount = DISCOUNT_WORDS.test(sentenceAround(text, f.start));
    const allowed = allowedValues(f.kind, owners, discount, clause.length === 0, facts.profile);
    if (!matches(f.values, allowed)) violations.push({ kind: f.kind, snippet: f.snippet });
  });
  return violations;
}
