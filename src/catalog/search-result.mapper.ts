import type { MatchedVariation, ProductSearchResult } from './catalog.types';
import type { HybridSearchRow } from './hybrid-search.sql';
import { attributeMap, toStoredProduct } from './product-row';

const SUMMARY_CHARS = 280;

/**
 * One hybrid search row as the tool, the CLI and the offline assistant see it. When a variation matched, the price
 * and stock are that variation's: the customer pays for, and receives, that one.
 */
export function toSearchResult(row: HybridSearchRow): ProductSearchResult {
  const product = toStoredProduct(row);
  const v = row.variation ? toStoredProduct(row.variation) : null;
  const variation: MatchedVariation | null = v
    ? {
        wcId: v.wcId,
        sku: v.sku,
        attributes: attributeMap(v),
        price: v.price,
        stockStatus: v.stockStatus,
        stockQuantity: v.stockQuantity,
        permalink: v.permalink,
      }
    : null;
  return {
    wcProductId: product.wcId,
    sku: product.sku,
    name: product.name,
    price: variation && variation.price !== null ? variation.price : product.price,
    priceIsFrom: product.type === 'variable' && !variation,
    regularPrice: product.regularPrice,
    salePrice: product.salePrice,
    stockStatus: variation?.stockStatus ?? product.stockStatus,
    stockQuantity: variation ? variation.stockQuantity : product.stockQuantity,
    permalink: product.permalink,
    imageUrl: product.imageUrl,
    categories: product.categories.map((c) => c.name),
    summary: summarise(product.shortDescription || product.description || product.searchText),
    variation,
    score: Math.round(Number(row.score) * 1e6) / 1e6,
  };
}

function summarise(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#?\w+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1).trimEnd()}…` : text;
}
