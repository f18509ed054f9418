import type { StockStatus } from './product-row';

/** What `search_local_products` returns per product (also the CLI's `search --json` rows). */
export interface ProductSearchResult {
  wcProductId: number;
  sku: string | null;
  name: string;
  price: number | null;
  /** True for a variable product: `price` is its cheapest variation for sale ("desde $349"). */
  priceIsFrom: boolean;
  regularPrice: number | null;
  salePrice: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
  permalink: string | null;
  imageUrl: string | null;
  categories: string[];
  /** Short plain-text summary for the assistant (a few hundred characters at most). */
  summary: string;
  /** The variation that matched the query (e.g. the SKU or "rojo M"), when the product is variable. */
  variation: MatchedVariation | null;
  /** Fused rank score; higher is better. Comparable only within one result list. */
  score: number;
}

export interface MatchedVariation {
  wcId: number;
  sku: string | null;
  /** e.g. { Color: 'Rojo', Talla: 'M' } */
  attributes: Record<string, string>;
  price: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
  permalink: string | null;
}

export interface SearchOptions {
  /** Only products in stock (a variable product is in stock when one of its variations is). */
  inStockOnly: boolean;
  limit: number;
}

export type ProductIdentifierType = 'sku' | 'wc_product_id';

export interface LiveVariation {
  wcId: number;
  sku: string | null;
  attributes: Record<string, string>;
  price: number | null;
  regularPrice: number | null;
  salePrice: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
  permalink: string | null;
}

/** What `get_live_product_details` returns. */
export interface LiveProductDetails {
  /** `woocommerce` = fetched just now; `cache` = WooCommerce was slow or down, local copy of `asOf`. */
  source: 'woocommerce' | 'cache';
  /** When these figures were true (now for live data, the last sync for cached data). */
  asOf: string;
  wcProductId: number;
  sku: string | null;
  name: string;
  type: string;
  price: number | null;
  regularPrice: number | null;
  salePrice: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
  permalink: string | null;
  variations: LiveVariation[];
  /** Set when the identifier named one variation (a variation SKU or id). */
  matchedVariation: LiveVariation | null;
}
