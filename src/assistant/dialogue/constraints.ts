import type { ProductSearchResult } from '../../catalog/catalog.types';
import { parseShopperQuery } from '../../catalog/shopper-query';
import type { Language } from '../../common/text/language';
import { formatMoney } from '../../common/text/money';
import type { DialogueConstraints } from './dialogue-state';

/**
 * Price bounds and order in a shopper's words ("de menos de 500", "under $300", "la más barata"), and the words
 * left for the product: the catalog's shopper-query parser, the same one the search tool and the CLI use.
 */
export function readConstraints(text: string): { constraints: DialogueConstraints; rest: string } {
  const q = parseShopperQuery(text);
  return {
    constraints: { minPrice: q.minPrice, maxPrice: q.maxPrice, sort: q.sort },
    rest: q.productText,
  };
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
