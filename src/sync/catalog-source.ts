import type { WooCommerceClient } from '../woocommerce/woocommerce.client';
import type { WcCatalog, WcProduct, WcVariation } from '../woocommerce/woocommerce.types';

export interface SourcePage {
  products: WcProduct[];
  /** Variations of the page's variable products, or the error that kept them from being fetched. */
  variations: Map<number, WcVariation[] | Error>;
  page: number;
  totalPages: number;
}

/** Where a sync reads products from: the store over HTTP, or a catalog in memory (the demo). */
export interface CatalogSource {
  /** Listing pages in order; throws when a page cannot be fetched (after the client's retries). */
  pages(modifiedAfter?: Date): AsyncIterable<SourcePage>;
}

const VARIATION_CONCURRENCY = 4;

/** Fetches the variations of a page's variable products, a few at a time; one failure does not stop the rest. */
async function variationsOf(
  products: WcProduct[],
  fetch: (productId: number) => Promise<WcVariation[]>,
): Promise<Map<number, WcVariation[] | Error>> {
  const variable = products.filter((p) => p.type === 'variable');
  const result = new Map<number, WcVariation[] | Error>();
  for (let i = 0; i < variable.length; i += VARIATION_CONCURRENCY) {
    await Promise.all(
      variable.slice(i, i + VARIATION_CONCURRENCY).map(async (p) => {
        try {
          result.set(p.id, await fetch(p.id));
        } catch (e) {
          result.set(p.id, e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
  }
  return result;
}

/**
 * The store's `/products` listing with up to `concurrency` pages (and their variations) in flight, yielded in
 * page order, so the store's latency overlaps with our upserts. Page 1 comes first because only it tells how many
 * pages there are (`X-WP-TotalPages`, woocommerce.md §4.1).
 */
export class WooCommerceSource implements CatalogSource {
  constructor(
    private readonly client: WooCommerceClient,
    private readonly concurrency: number,
  ) {}

  async *pages(modifiedAfter?: Date): AsyncIterable<SourcePage> {
    const variations = (id: number): Promise<WcVariation[]> => this.client.listAllVariations(id);
    const first = await this.client.listProducts({ page: 1, modifiedAfter });
    const totalPages = first.totalPages;
    const inFlight = new Map<number, Promise<SourcePage>>();
    let next = 2;
    const launch = (): void => {
      while (next <= totalPages && inFlight.size < Math.max(1, this.concurrency)) {
        const page = next;
        const request = this.client.listProducts({ page, modifiedAfter }).then(async (p) => ({
          products: p.items,
          variations: await variationsOf(p.items, variations),
          page,
          totalPages,
        }));
        // Awaited below in order; this only keeps a page that fails while an earlier one is awaited from
        // being reported as an unhandled rejection.
        request.catch(() => undefined);
        inFlight.set(next++, request);
      }
    };
    launch();
    yield {
      products: first.items,
      variations: await variationsOf(first.items, variations),
      page: 1,
      totalPages,
    };
    for (let page = 2; page <= totalPages; page++) {
      launch();
      const ready = await inFlight.get(page)!;
      inFlight.delete(page);
      yield ready;
    }
  }
}

/** A catalog already in memory (the demo catalog), served in pages of 100 like the store. */
export class StaticCatalogSource implements CatalogSource {
  constructor(private readonly catalog: WcCatalog) {}

  async *pages(): AsyncIterable<SourcePage> {
    const published = this.catalog.products.filter((p) => p.status === 'publish');
    const totalPages = Math.max(1, Math.ceil(published.length / 100));
    const variations = (id: number): Promise<WcVariation[]> =>
      Promise.resolve(this.catalog.variations[String(id)] ?? []);
    for (let page = 1; page <= totalPages; page++) {
      const products = published.slice((page - 1) * 100, page * 100);
      yield { products, variations: await variationsOf(products, variations), page, totalPages };
    }
  }
}
