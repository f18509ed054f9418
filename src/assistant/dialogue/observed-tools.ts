import type { LiveProductDetails, ProductSearchResult } from '../../catalog/catalog.types';
import type { AssistantObserver } from '../assistant-observer';
import type { ProductTools, SearchConstraints } from '../product-tools';

/** The product tools with each call reported to the observer (the chat CLI prints them), for one turn. */
export class ObservedTools {
  constructor(
    readonly tools: ProductTools,
    private readonly observer: AssistantObserver | undefined,
  ) {}

  private async timed<T>(name: string, args: unknown, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const value = await run();
    this.observer?.onToolCall?.({
      name,
      arguments: JSON.stringify(args),
      ok: value !== null,
      ms: Date.now() - started,
    });
    return value;
  }

  search(query: string, inStock: boolean, constraints?: SearchConstraints): Promise<ProductSearchResult[]> {
    const args = { query_text: query, filter_stock: inStock, ...(constraints ? { constraints } : {}) };
    return this.timed('search_local_products', args, () =>
      this.tools.searchLocalProducts(query, inStock, constraints),
    );
  }

  live(identifier: string, type: 'sku' | 'wc_product_id'): Promise<LiveProductDetails | null> {
    return this.timed(
      'get_live_product_details',
      { product_identifier: identifier, identifier_type: type },
      () => this.tools.getLiveProductDetails(identifier, type),
    );
  }
}
