import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearchResult,
} from '../catalog/catalog.types';

/** Price bounds and order a search runs under (the shape of the catalog's shopper constraints, issue #10). */
export interface SearchConstraints {
  minPrice: number | null;
  maxPrice: number | null;
  sort: 'relevance' | 'price_asc' | 'price_desc';
}

/**
 * The two things the assistant can do with the catalog (the LLM tools `search_local_products` and
 * `get_live_product_details`). Implemented over the catalog's search and live-details services.
 */
export abstract class ProductTools {
  abstract searchLocalProducts(
    queryText: string,
    filterStock: boolean,
    constraints?: SearchConstraints,
  ): Promise<ProductSearchResult[]>;
  /** null when the product does not exist (or left the store). */
  abstract getLiveProductDetails(
    identifier: string,
    identifierType: ProductIdentifierType,
  ): Promise<LiveProductDetails | null>;

  /** What the store sells, most products first (told to a customer who asked for something it does not). */
  mainCategories(): Promise<string[]> {
    return Promise.resolve([]);
  }

  /**
   * The results that are about what `queryText` names (by its words or their synonyms), so a list of unrelated
   * products is never offered as if it answered the question; `byNameOnly` asks for the name itself to say so (the
   * same kind of product, for "otra más barata"). Without a judge, everything is kept.
   */
  onTopic(_queryText: string, results: ProductSearchResult[], _byNameOnly = false): ProductSearchResult[] {
    return results;
  }
}
