import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearchResult,
} from '../catalog/catalog.types';

/**
 * The two things the assistant can do with the catalog (the LLM tools `search_local_products` and
 * `get_live_product_details`). Implemented over the catalog's search and live-details services.
 */
export abstract class ProductTools {
  abstract searchLocalProducts(queryText: string, filterStock: boolean): Promise<ProductSearchResult[]>;
  /** null when the product does not exist (or left the store). */
  abstract getLiveProductDetails(
    identifier: string,
    identifierType: ProductIdentifierType,
  ): Promise<LiveProductDetails | null>;
}
