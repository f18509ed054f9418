import { fold } from '../../common/text/fold';
import type { ProductSearchResult } from '../../catalog/catalog.types';
import type { Language } from '../../common/text/language';
import { formatMoney } from '../../common/text/money';
import { NO_CONSTRAINTS, type DialogueConstraints } from './dialogue-state';

/**
 * Price bounds and order in a shopper's words ("de menos de 500", "under $300", "la más barata"), and the words
 * left for the product. The catalog's shopper-query parser reads more forms; these are the ones the
 * dialogue must not mistake for product words.
 */
const AMOUNT = String.raw`\$?\s*(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d{1,2})?)\s*(?:\$|usd|dolares|dollars|bucks)?`;
const UPPER = new RegExp(
  String.raw`\b(?:de\s+)?(?:(?:por\s+)?menos\s+de|hasta|maximo(?:\s+de)?|no\s+mas\s+de|under|below|less\s+than|up\s+to|at\s+most|cheaper\s+than)\s+${AMOUNT}`,
);
const LOWER = new RegExp(
  String.raw`\b(?:de\s+)?(?:(?:por\s+)?mas\s+de|desde|minimo(?:\s+de)?|over|above|more\s+than|at\s+least)\s+${AMOUNT}`,
);
const BETWEEN = new RegExp(String.raw`\b(?:entre|between)\s+${AMOUNT}\s+(?:y|and|a|to)\s+${AMOUNT}`);
const ASC =
  /\b(?:(?:el|la|los|las|lo)\s+)?mas\s+(?:barat[oa]s?|economic[oa]s?)|\b(?:the\s+)?cheapest\b|\bmenor\s+precio\b|\blowest\s+price\b/;
const DESC =
  /\b(?:(?:el|la|los|las|lo)\s+)?mas\s+car[oa]s?|\b(?:the\s+)?most\s+expensive\b|\bmayor\s+precio\b/;

const amount = (s: string): number => Number(s.replace(/[.,](?=\d{3}\b)/g, '').replace(',', '.'));

export function readConstraints(text: string): { constraints: DialogueConstraints; rest: string } {
  let t = fold(text);
  const c: DialogueConstraints = { ...NO_CONSTRAINTS };
  const between = BETWEEN.exec(t);
  if (between) {
    const [a, b] = [amount(between[1]), amount(between[2])];
    c.minPrice = Math.min(a, b);
    c.maxPrice = Math.max(a, b);
    t = t.replace(BETWEEN, ' ');
  }
  const upper = UPPER.exec(t);
  if (upper) {
    c.maxPrice = amount(upper[1]);
    t = t.replace(UPPER, ' ');
  }
  const lower = LOWER.exec(t);
  if (lower) {
    c.minPrice = amount(lower[1]);
    t = t.replace(LOWER, ' ');
  }
  if (ASC.test(t)) {
    c.sort = 'price_asc';
    t = t.replace(ASC, ' ');
  } else if (DESC.test(t)) {
    c.sort = 'price_desc';
    t = t.replace(DESC, ' ');
  }
  return { constraints: c, rest: t.replace(/\s+/g, ' ').trim() };
}

const priceOf = (r: ProductSearchResult): number | null => r.variation?.price ?? r.price;

/**
 * Applies the constraints to a result list. The catalog search applies them too once it reads them; doing it here
 * as well keeps the offline answer within budget whatever the search returned.
 */
export function applyConstraints(
  results: ProductSearchResult[],
  c: DialogueConstraints,
): ProductSearchResult[] {
  const kept = results.filter((r) => {
    const p = priceOf(r);
    if (c.maxPrice !== null && (p === null || p > c.maxPrice)) return false;
    if (c.minPrice !== null && (p === null || p < c.minPrice)) return false;
    return true;
  });
  if (c.sort === 'relevance') return kept;
  const dir = c.sort === 'price_asc' ? 1 : -1;
  return [...kept].sort((a, b) => dir * ((priceOf(a) ?? Infinity) - (priceOf(b) ?? Infinity)));
}

/** "de menos de $500, de menor a mayor precio": the constraints as the customer reads them in the list header. */
export function describeConstraints(c: DialogueConstraints, symbol: string, lang: Language): string {
  const es = lang === 'es';
  const money = (n: number): string => formatMoney(n, symbol);
  const parts: string[] = [];
  if (c.minPrice !== null && c.maxPrice !== null) {
    parts.push(
      es
        ? `entre ${money(c.minPrice)} y ${money(c.maxPrice)}`
        : `between ${money(c.minPrice)} and ${money(c.maxPrice)}`,
    );
  } else if (c.maxPrice !== null) {
    parts.push(es ? `de hasta ${money(c.maxPrice)}` : `up to ${money(c.maxPrice)}`);
  } else if (c.minPrice !== null) {
    parts.push(es ? `desde ${money(c.minPrice)}` : `from ${money(c.minPrice)}`);
  }
  if (c.sort === 'price_asc') parts.push(es ? 'de la más barata a la más cara' : 'cheapest first');
  if (c.sort === 'price_desc') parts.push(es ? 'de la más cara a la más barata' : 'most expensive first');
  return parts.join(', ');
}
