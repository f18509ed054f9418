import { Injectable } from '@nestjs/common';
import { CatalogSearchService } from '../catalog/catalog-search.service';
import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearchResult,
} from '../catalog/catalog.types';
import { LiveProductService } from '../catalog/live-product.service';
import { ProductRepository } from '../catalog/product.repository';
import { loadSynonymFile, Synonyms } from '../catalog/synonyms';
import { fold } from '../common/text/fold';
import { AppConfig } from '../config/app-config';
import { ProductTools, type SearchConstraints } from './product-tools';

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
    private readonly products: ProductRepository,
    config: AppConfig,
  ) {
    super();
    this.synonyms = new Synonyms(loadSynonymFile(config.conversation.synonymsPath));
  }

  searchLocalProducts(
    queryText: string,
    filterStock: boolean,
    constraints?: SearchConstraints,
  ): Promise<ProductSearchResult[]> {
    const constrained =
      constraints &&
      (constraints.minPrice !== null || constraints.maxPrice !== null || constraints.sort !== 'relevance');
    return this.catalog.search(queryText, {
      inStockOnly: filterStock,
      limit: constrained ? CONSTRAINED_LIMIT : SEARCH_LIMIT,
    });
  }

  getLiveProductDetails(
    identifier: string,
    identifierType: ProductIdentifierType,
  ): Promise<LiveProductDetails | null> {
    return this.live.get(identifier, identifierType);
  }

  override mainCategories(): Promise<string[]> {
    return this.products.mainCategories(8);
  }

  /**
   * A result is on topic when its name, categories or summary holds one of the query's concepts (a word or any of
   * its synonyms; words are compared by their first five letters so "neveras" finds "Nevera"). A query with a
   * model number is left to the search, which matches those exactly.
   */
  override onTopic(queryText: string, results: ProductSearchResult[]): ProductSearchResult[] {
    // Plurals ("fridges", "neveras") are matched by their singular too, as the synonym list names things once.
    const singulars = fold(queryText)
      .split(/\s+/)
      .flatMap((w) =>
        w.length < 4
          ? []
          : w.endsWith('es')
            ? [w.slice(0, -1), w.slice(0, -2)]
            : w.endsWith('s')
              ? [w.slice(0, -1)]
              : [],
      );
    const concepts = [queryText, ...singulars].flatMap((q) => this.synonyms.expand(q).concepts);
    if (this.synonyms.expand(queryText).concepts.length === 0) return results;
    if (concepts.some((c) => c.variants.some((v) => /\d/.test(v)))) return results;
    const stems = concepts.flatMap((c) =>
      c.variants.filter((v) => v.length >= 3).map((v) => (v.length > 5 ? v.slice(0, 5) : v)),
    );
    return results.filter((r) => {
      const text = fold(`${r.name} ${r.categories.join(' ')} ${r.summary}`);
      return stems.some((s) => new RegExp(`(^|[^a-z0-9])${s.replace(/[^a-z0-9 ]/g, '')}`).test(text));
    });
  }
}
