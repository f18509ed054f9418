import type { WooCommerceClient } from '../woocommerce/woocommerce.client';
import type { WcCatalog, WcProduct, WcVariation } from '../woocommerce/woocommerce.types';

export interface SourcePage {
  products: WcProduct[];
  page: number;
  totalPages: number;
}

/** Where a sync reads products from: the store over HTTP, or a catalog in memory (the demo). */
export interface CatalogSource {
  /** Listing pages in order; throws when a page cannot be fetched (after the client's retries). */
  pages(modifiedAfter?: Date): AsyncIterable<SourcePage>;
  variations(productId: number): Promise<WcVariation[]>;
}

/**
 * The store's `/products` listing with up to `concurrency` pages in flight, yielded in page order. Page 1 comes
 * first because only it tells how many pages there are (`X-WP-TotalPages`, contract §4.1).
 */
export class WooCommerceSource implements CatalogSource {
  constructor(
    private readonly client: WooCommerceClient,
    private readonly concurrency: number,
  ) {}

  async *pages(modifiedAfter?: Date): AsyncIterable<SourcePage> {
    const first = await this.client.listProducts({ page: 1, modifiedAfter });
    yield { products: first.items, page: 1, totalPages: first.totalPages };
    const inFlight = new Map<number, Promise<WcProduct[]>>();
    let next = 2;
    const launch = (): void => {
      while (next <= first.totalPages && inFlight.size < Math.max(1, this.concurrency)) {
        const request = this.client.listProducts({ page: next, modifiedAfter }).then((p) => p.items);
        // Awaited below in order; this only keeps a page that fails while an earlier one is awaited from
        // being reported as an unhandled rejection.
        request.catch(() => undefined);
        inFlight.set(next++, request);
      }
    };
    for (let page = 2; page <= first.totalPages; page++) {
      launch();
      const products = await inFlight.get(page)!;
      inFlight.delete(page);
      yield { products, page, totalPages: first.totalPages };
    }
  }

  variations(productId: number): Promise<WcVariation[]> {
    return this.client.listAllVariations(productId);
  }
}

/** A catalog already in memory (the demo catalog), served in pages of 100 like the store. */
export class StaticCatalogSource implements CatalogSource {
  constructor(private readonly catalog: WcCatalog) {}

  async *pages(): AsyncIterable<SourcePage> {
    const published = this.catalog.products.filter((p) => p.status === 'publish');
    const totalPages = Math.max(1, Math.ceil(published.length / 100));
    for (let page = 1; page <= totalPages; page++) {
      yield { products: published.slice((page - 1) * 100, page * 100), page, totalPages };
    }
  }

  async variations(productId: number): Promise<WcVariation[]> {
    return Promise.resolve(this.catalog.variations[String(productId)] ?? []);
  }
}
