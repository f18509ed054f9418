import type { StockStatus } from './product-row';
import type { PriceSort } from './shopper-query';

/** What `search_local_products` returns per product (also the CLI's `search --json` rows). */
export interface ProductSearchResult {
  wcProductId: number;
  sku: string | null;
  name: string;
  /** What the customer pays: the matched variation's price, or a variable product's cheapest variation for sale. */
  price: number | null;
  /** True for a variable product with no variation matched: `price` is its cheapest for sale ("desde $349"). */
  priceIsFrom: boolean;
  regularPrice: number | null;
  salePrice: number | null;
  /** The matched variation's stock when one matched; otherwise the product's (variable: its best variation's). */
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
  /** Explicit price bounds and order (the tool's and the CLI's); they win over ones read from the query's words. */
  minPrice?: number | null;
  maxPrice?: number | null;
  sort?: PriceSort | null;
}

/** The constraints a search ran with, read from the words or given explicitly, so answers can say "under $500". */
export interface AppliedFilters {
  minPrice: number | null;
  maxPrice: number | null;
  sort: PriceSort;
  /** "barato", "cheap": lower prices came first among equally good matches. */
  preferLowPrice: boolean;
  inStockOnly: boolean;
}

export interface ProductSearch {
  /** Empty when the store has nothing of the kind asked for (never padded with unrelated products). */
  products: ProductSearchResult[];
  appliedFilters: AppliedFilters;
  /** The query without the price and order words: what was searched for ("" = browsing by price alone). */
  productText: string;
  /** When nothing matched: the store's main categories, so the customer hears what it does sell. */
  storeCategories: string[];
}

/** Explicit constraints from the LLM tool or the CLI (null = not given; the query's words may still set them). */
export type SearchFilters = Pick<SearchOptions, 'minPrice' | 'maxPrice' | 'sort'>;

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
  /** The product's first image (the matched variation's own image when it has one); absent = unknown. */
  imageUrl?: string | null;
  variations: LiveVariation[];
  /** Set when the identifier named one variation (a variation SKU or id). */
  matchedVariation: LiveVariation | null;
}
