import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CatalogSearchRepository } from './catalog-search.repository';
import type { AppliedFilters, ProductSearch, ProductSearchResult, SearchOptions } from './catalog.types';
import type { HybridSearchParams, VectorSpace } from './hybrid-search.sql';
import { toSearchResult } from './search-result.mapper';
import { mergeConstraints, parseShopperQuery } from './shopper-query';
import { Embedder } from './embedding/embedder';
import { loadSynonymFile, queryWords, Synonyms } from './synonyms';

/** Which lanes run and how they are fused; the defaults were tuned on test/fixtures/search-judgements.json. */
export interface SearchTuning {
  lanes: { vector: boolean; text: boolean; model: boolean };
  weights: { vector: number; text: number; model: number };
  rrfK: number;
  laneDepth: number;
  exactSkuBonus: number;
  coverageBoost: number;
  /** Score factor for accessories when the query is not about one, and for main products when it is. */
  accessoryPenalty: number;
  /** Replace words the catalog does not contain by its closest word before searching. */
  typoCorrection: boolean;
  /** Append the synonym variants to the text that is embedded for the vector lane. */
  expandVectorQuery: boolean;
  /** Results scoring below this share of the best are cut instead of padding the list. */
  relevanceCut: number;
  /** The same for a price order: what remains is "of the kind asked for" and is then sorted by price. */
  sortedRelevanceCut: number;
  /** Products only the meaning lane found stay when they score at least this share of the best. */
  vectorOnlyCut: number;
  /** "barato": how much the cheapest kept result is lifted (the dearest is not). */
  lowPriceBoost: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  lanes: { vector: true, text: true, model: true },
  // The local hashing embedder is the weakest lane on the judged set; 0.75 keeps it as a tie-breaker and recall aid.
  weights: { vector: 0.75, text: 1, model: 1 },
  rrfK: 30,
  laneDepth: 60,
  exactSkuBonus: 1,
  coverageBoost: 0.5,
  typoCorrection: true,
  accessoryPenalty: 0.5,
  // Synonym variants dilute the query vector (measured: MRR 0.994 without, 0.987 with).
  expandVectorQuery: false,
  relevanceCut: 0.25,
  sortedRelevanceCut: 0.3,
  vectorOnlyCut: 0.5,
  lowPriceBoost: 0.3,
};

const MAX_LIMIT = 50;
/** How long the store's main categories are reused before being counted again. */
const CATEGORIES_TTL_MS = 5 * 60_000;
// Trigram similarity for a spelling fix: "swich"/"switch" is 0.44, "barata"/"bateria" 0.15.
const TYPO_MIN_SIMILARITY = 0.4;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `search_local_products`: hybrid search over the local product cache. */
@Injectable()
export class CatalogSearchService implements OnModuleInit {
  private readonly logger = new Logger('CatalogSearch');
  private readonly synonyms: Synonyms;
  private readonly accessoryPattern: string;
  private iterativeScan = false;
  private readonly categories = new Map<number, { at: number; names: string[] }>();

  constructor(
    private readonly repository: CatalogSearchRepository,
    private readonly embedder: Embedder,
    config: AppConfig,
  ) {
    this.synonyms = new Synonyms(loadSynonymFile(config.conversation.synonymsPath));
    const terms = this.synonyms.accessoryTerms.map(escapeRegex).join('|') || '(?!)';
    this.accessoryPattern = `^(${terms})\\y`;
  }

  get space(): VectorSpace {
    return { model: this.embedder.model, dimensions: this.embedder.dimensions };
  }

  async onModuleInit(): Promise<void> {
    const version = await this.repository.pgvectorVersion();
    const [major, minor] = (version ?? '0.0').split('.').map((n) => parseInt(n, 10));
    this.iterativeScan = major > 0 || minor >= 8;
    if (!this.iterativeScan) {
      this.logger.warn(
        `pgvector ${version ?? '?'} has no iterative index scans (0.8+): in-stock searches over-fetch instead`,
      );
    }
  }

  /** The results, with the constraints they were found under. */
  async find(
    query: string,
    options: SearchOptions,
    tuning: SearchTuning = DEFAULT_TUNING,
  ): Promise<ProductSearch> {
    const plan = await this.plan(query, options, tuning);
    const rows = plan.params ? await this.repository.searchHybrid(plan.params, this.iterativeScan) : [];
    return {
      products: rows.map(toSearchResult),
      appliedFilters: plan.appliedFilters,
      productText: plan.productText,
      storeCategories: rows.length ? [] : await this.mainCategories(),
    };
  }

  async search(
    query: string,
    options: SearchOptions,
    tuning: SearchTuning = DEFAULT_TUNING,
  ): Promise<ProductSearchResult[]> {
    return (await this.find(query, options, tuning)).products;
  }

  /**
   * What the store sells, most products first (said to a customer who asked for something it does not). Counting
   * every product's categories reads the whole table (365 ms at 100,000 products), and the answer only changes with
   * the catalog, so it is kept for a few minutes.
   */
  async mainCategories(limit = 8): Promise<string[]> {
    const cached = this.categories.get(limit);
    if (cached && Date.now() - cached.at < CATEGORIES_TTL_MS) return cached.names;
    const names = await this.repository.mainCategories(limit);
    this.categories.set(limit, { at: Date.now(), names });
    return names;
  }

  /** What the hybrid query is run with (null when there is nothing to search); the benchmark times it raw. */
  async searchParams(
    query: string,
    options: SearchOptions,
    tuning: SearchTuning = DEFAULT_TUNING,
  ): Promise<HybridSearchParams | null> {
    return (await this.plan(query, options, tuning)).params;
  }

  private async plan(
    query: string,
    options: SearchOptions,
    tuning: SearchTuning,
  ): Promise<{ params: HybridSearchParams | null; appliedFilters: AppliedFilters; productText: string }> {
    const shopper = parseShopperQuery(query.trim().slice(0, 500));
    const constraints = mergeConstraints(shopper, {
      minPrice: options.minPrice ?? undefined,
      maxPrice: options.maxPrice ?? undefined,
      sort: options.sort ?? undefined,
    });
    const appliedFilters: AppliedFilters = { ...constraints, inStockOnly: options.inStockOnly };
    const productText = shopper.productText;
    const none = { params: null, appliedFilters, productText };
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit) || 10));
    const text = productText ? await this.correctTypos(productText, tuning) : '';
    const expanded = this.synonyms.expand(text);
    const constrained =
      constraints.sort !== 'relevance' || constraints.minPrice !== null || constraints.maxPrice !== null;
    // Only price words ("lo más barato que tengan", "algo de menos de 30 dólares"): browse the catalog by price.
    const browse = expanded.concepts.length === 0 && constrained;
    if (!expanded.concepts.length && !browse) return none;
    const queryVector =
      tuning.lanes.vector && !browse ? await this.embedQuery(text, expanded.concepts, tuning) : null;
    const laneDepth = Math.max(tuning.laneDepth, limit * 2);
    const params: HybridSearchParams = {
      space: this.space,
      query: productText,
      queryVector,
      concepts: tuning.lanes.text ? expanded.concepts.map((c) => c.variants.join('|')) : [],
      inStockOnly: options.inStockOnly,
      minPrice: constraints.minPrice,
      maxPrice: constraints.maxPrice,
      sort: constraints.sort,
      preferLowPrice: constraints.preferLowPrice,
      lowPriceBoost: tuning.lowPriceBoost,
      browse,
      requireWordMatch: tuning.lanes.text,
      relevanceCut: constraints.sort === 'relevance' ? tuning.relevanceCut : tuning.sortedRelevanceCut,
      vectorOnlyCut: tuning.vectorOnlyCut,
      limit,
      // Without iterative scans the filters run after the HNSW scan: fetch deeper so they are not starved.
      laneDepth: (options.inStockOnly || constrained) && !this.iterativeScan ? laneDepth * 5 : laneDepth,
      weights: tuning.weights,
      rrfK: tuning.rrfK,
      exactSkuBonus: tuning.exactSkuBonus,
      coverageBoost: tuning.coverageBoost,
      modelLaneOn: tuning.lanes.model,
      variationWords: ` ${[...new Set([...queryWords(text), ...expanded.concepts.flatMap((c) => c.variants.map((v) => v.replace(/[^a-z0-9]/g, '')))])].join(' ')} `,
      accessory: {
        intent: expanded.accessoryIntent,
        pattern: this.accessoryPattern,
        accessoryFactor: tuning.accessoryPenalty,
        mainFactor: tuning.accessoryPenalty,
      },
    };
    return { params, appliedFilters, productText };
  }

  get usesIterativeScan(): boolean {
    return this.iterativeScan;
  }

  /** The query with misspelt words replaced by the catalog's closest word ("samsun" → "samsung"). */
  private async correctTypos(text: string, tuning: SearchTuning): Promise<string> {
    if (!tuning.typoCorrection) return text;
    const candidates = this.synonyms.expand(text).fuzzyWords;
    const fixes = await this.repository.correctWords(candidates, TYPO_MIN_SIMILARITY);
    if (!fixes.size) return text;
    return queryWords(text)
      .map((w) => fixes.get(w) ?? w)
      .join(' ');
  }

  private async embedQuery(
    text: string,
    concepts: { variants: string[]; expanded: boolean }[],
    tuning: SearchTuning,
  ): Promise<number[] | null> {
    const extra = tuning.expandVectorQuery
      ? concepts.filter((c) => c.expanded).flatMap((c) => c.variants)
      : [];
    try {
      return await this.embedder.embedQuery([text, ...extra].join(' '));
    } catch (e) {
      // The keyword lanes still answer; a failing embeddings API must not take search down.
      this.logger.warn(`query embedding failed, searching without the vector lane: ${(e as Error).message}`);
      return null;
    }
  }
}
