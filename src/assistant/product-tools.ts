import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearch,
  SearchFilters,
} from '../catalog/catalog.types';

/**
 * The two things the assistant can do with the catalog (the LLM tools `search_local_products` and
 * `get_live_product_details`). Implemented over the catalog's search and live-details services.
 */
export abstract class ProductTools {
  /** Price words in `queryText` are understood too; `filters` (the model's explicit values) win over them. */
  abstract searchLocalProducts(
    queryText: string,
    filterStock: boolean,
    filters?: SearchFilters,
  ): Promise<ProductSearch>;
  /** null when the product does not exist (or left the store). */
  abstract getLiveProductDetails(
    identifier: string,
    identifierType: ProductIdentifierType,
  ): Promise<LiveProductDetails | null>;
}
