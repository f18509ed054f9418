import { Injectable } from '@nestjs/common';
import { CatalogSearchService } from '../catalog/catalog-search.service';
import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearch,
  ProductSearchResult,
  SearchFilters,
} from '../catalog/catalog.types';
import { ImageLinkClient, type ImageLinkCheck } from '../catalog/image-link.client';
import { LiveProductService } from '../catalog/live-product.service';
import { loadSynonymFile, Synonyms } from '../catalog/synonyms';
import { fold } from '../common/text/fold';
import { AppConfig } from '../config/app-config';
import type { ProductImageMode } from '../config/messaging-config';
import {
  OrderStatusService,
  type OrderStatusQuery,
  type OrderStatusResult,
} from '../orders/order-status.service';
import { ProductTools } from './product-tools';

/** How many products one search hands the model: enough to choose from, few enough to keep the prompt small. */
const SEARCH_LIMIT = 8;
/** A price filter applied after the search needs a deeper list to still fill one. */
const CONSTRAINED_LIMIT = 40;

/** The LLM tools over the catalog services (hybrid search on the local copy; live details from WooCommerce). */
@Injectable()
export class CatalogProductTools extends ProductTools {
  private readonly synonyms: Synonyms;

  constructor(
    private readonly catalog: CatalogSearchService,
    private readonly live: LiveProductService,
    private readonly orders: OrderStatusService,
    private readonly config: AppConfig,
    private readonly images: ImageLinkClient,
  ) {
    super();
    this.synonyms = new Synonyms(loadSynonymFile(config.conversation.synonymsPath));
  }

  override get imageMode(): ProductImageMode {
    return this.config.messaging.productImages;
  }

  override checkImage(url: string): Promise<ImageLinkCheck> {
    return this.images.check(url);
  }

  searchLocalProducts(
    queryText: string,
    filterStock: boolean,
    filters: SearchFilters = {},
  ): Promise<ProductSearch> {
    // The dialogue's own checks (on topic, within budget) follow the search, so a price filter asks for a deeper list.
    const constrained =
      filters.minPrice != null || filters.maxPrice != null || (filters.sort ?? 'relevance') !== 'relevance';
    return this.catalog.find(queryText, {
      inStockOnly: filterStock,
      limit: constrained ? CONSTRAINED_LIMIT : SEARCH_LIMIT,
      ...filters,
    });
  }

  getLiveProductDetails(
    identifier: string,
    identifierType: ProductIdentifierType,
  ): Promise<LiveProductDetails | null> {
    return this.live.get(identifier, identifierType);
  }

  override mainCategories(): Promise<string[]> {
    return this.catalog.mainCategories(8);
  }

  /**
   * A result is on topic when its name or categories hold one of the query's concepts (a word or any of its
   * synonyms; words are compared by their first five letters so "neveras" finds "Nevera"), and it is not an
   * accessory unless accessories were asked for ("nevera" is not answered with a fridge's voltage protector). A
   * query with a model number is left to the search, which matches those exactly. `byNameOnly`: the name must say
   * it (a freezer filed under "Neveras y Refrigeradores" is not another fridge).
   */
  override onTopic(
    queryText: string,
    results: ProductSearchResult[],
    byNameOnly = false,
  ): ProductSearchResult[] {
    const expanded = this.synonyms.expand(queryText);
    if (expanded.concepts.length === 0) return results;
    // A plural ("fridges", "neveras") also matches its singular's synonyms, as the synonym list names things once.
    const concepts = expanded.concepts.map((c) => {
      if (c.expanded) return c;
      const word = c.variants[0];
      const singulars =
        word.length < 4
          ? []
          : word.endsWith('es')
            ? [word.slice(0, -1), word.slice(0, -2)]
            : word.endsWith('s')
              ? [word.slice(0, -1)]
              : [];
      const variants = singulars.flatMap((w) => this.synonyms.expand(w).concepts.flatMap((x) => x.variants));
      return { ...c, variants: [...c.variants, ...variants] };
    });
    if (concepts.some((c) => c.variants.some((v) => /\d/.test(v)))) return results;
    const stemsOf = (c: { variants: string[] }): RegExp[] =>
      c.variants
        .filter((v) => v.length >= 3)
        .map(
          (v) => new RegExp(`(^|[^a-z0-9])${(v.length > 5 ? v.slice(0, 5) : v).replace(/[^a-z0-9 ]/g, '')}`),
        );
    const conceptStems = concepts.map(stemsOf);
    const accessories = this.synonyms.accessoryTerms;
    const scored = results.map((r) => {
      const name = fold(r.name);
      if (!expanded.accessoryIntent && accessories.some((a) => name.startsWith(`${a} `))) return { r, n: 0 };
      const text = byNameOnly ? name : `${name} ${fold(r.categories.join(' '))}`;
      return { r, n: conceptStems.filter((stems) => stems.some((s) => s.test(text))).length };
    });
    // "wireless headphones": a wireless game controller names one word of two; the headphones name both.
    const best = Math.max(0, ...scored.map((s) => s.n));
    return best === 0 ? [] : scored.filter((s) => s.n === best).map((s) => s.r);
  }

  getOrderStatus(query: OrderStatusQuery): Promise<OrderStatusResult> {
    return this.orders.lookup(query);
  }
}
