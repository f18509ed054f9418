import type { LiveProductDetails, ProductSearchResult, SearchFilters } from '../../catalog/catalog.types';
import type { OrderStatusQuery, OrderStatusResult } from '../../orders/order-status.service';
import type { AssistantObserver } from '../assistant-observer';
import type { ProductTools } from '../product-tools';

/**
 * The product tools with each call reported to the observer (the chat CLI prints them, the reply trace records
 * them), for one turn. Order look-ups are reported without their arguments or result (a customer's orders).
 */
export class ObservedTools {
  constructor(
    readonly tools: ProductTools,
    private readonly observer: AssistantObserver | undefined,
  ) {}

  private async timed<T>(
    name: string,
    args: unknown,
    run: () => Promise<T>,
    result: (value: T) => ProductSearchResult[] | LiveProductDetails | null | undefined,
  ): Promise<T> {
    const started = Date.now();
    const value = await run();
    this.observer?.onToolCall?.({
      name,
      arguments: JSON.stringify(args),
      ok: value !== null,
      ms: Date.now() - started,
      result: result(value),
    });
    return value;
  }

  /** The catalog applies the dialogue's price bounds and order itself (the tool's min_price / max_price / sort). */
  search(query: string, inStock: boolean, filters?: SearchFilters): Promise<ProductSearchResult[]> {
    const args = {
      query_text: query,
      filter_stock: inStock,
      ...(filters?.minPrice != null ? { min_price: filters.minPrice } : {}),
      ...(filters?.maxPrice != null ? { max_price: filters.maxPrice } : {}),
      ...(filters?.sort && filters.sort !== 'relevance' ? { sort: filters.sort } : {}),
    };
    return this.timed(
      'search_local_products',
      args,
      async () => (await this.tools.searchLocalProducts(query, inStock, filters)).products,
      (products) => products,
    );
  }

  live(identifier: string, type: 'sku' | 'wc_product_id'): Promise<LiveProductDetails | null> {
    return this.timed(
      'get_live_product_details',
      { product_identifier: identifier, identifier_type: type },
      () => this.tools.getLiveProductDetails(identifier, type),
      (details) => details,
    );
  }

  order(query: OrderStatusQuery): Promise<OrderStatusResult> {
    return this.timed(
      'get_order_status',
      {},
      () => this.tools.getOrderStatus(query),
      () => undefined,
    );
  }
}
