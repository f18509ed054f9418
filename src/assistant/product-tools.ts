import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearch,
  ProductSearchResult,
  SearchFilters,
} from '../catalog/catalog.types';
import type { ImageLinkCheck } from '../catalog/image-link.client';
import type { ProductImageMode } from '../config/messaging-config';
import type { OrderStatusQuery, OrderStatusResult } from '../orders/order-status.service';

/**
 * What the assistant's tools do: search the catalog, read a product live (`search_local_products`,
 * `get_live_product_details`), and look up the asker's own orders (`get_order_status`). Implemented over the
 * catalog's search and live-details services and the order-status service.
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

  /** Which answers carry a product photo (PRODUCT_IMAGES). Stand-ins without a catalog send none. */
  get imageMode(): ProductImageMode {
    return 'off';
  }

  /** Whether a product image link can be sent as an image message (reachable JPEG/PNG of at most 5 MB). */
  checkImage(_url: string): Promise<ImageLinkCheck> {
    return Promise.resolve({ usable: true });
  }

  /** The asker's own orders; identity rules live in the service, never in the model. */
  abstract getOrderStatus(query: OrderStatusQuery): Promise<OrderStatusResult>;
}
