import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import {
  CatalogSearchRepository,
  type HybridSearchParams,
  type HybridSearchRow,
  type VectorSpace,
} from './catalog-search.repository';
import type { MatchedVariation, ProductSearchResult, SearchOptions } from './catalog.types';
import { attributeMap, toStoredProduct } from './product-row';
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
};

const MAX_LIMIT = 50;
/** pgvector's limit for an HNSW index on `vector`. */
const HNSW_MAX_DIMENSIONS = 2000;
// Trigram similarity for a spelling fix: "swich"/"switch" is 0.44, "barata"/"bateria" 0.15.
const TYPO_MIN_SIMILARITY = 0.4;
const SUMMARY_CHARS = 280;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `search_local_products`: hybrid search over the local product cache. */
@Injectable()
export class CatalogSearchService implements OnModuleInit {
  private readonly logger = new Logger('CatalogSearch');
  private readonly synonyms: Synonyms;
  private readonly accessoryPattern: string;
  private iterativeScan = false;

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
    if (this.space.dimensions > HNSW_MAX_DIMENSIONS) {
      this.logger.warn(
        `${this.space.model} makes ${this.space.dimensions}-dimension vectors; pgvector's HNSW index takes at most ${HNSW_MAX_DIMENSIONS}, so vector search scans every row (set EMBEDDING_DIMENSIONS to ${HNSW_MAX_DIMENSIONS} or less to index it)`,
      );
      return;
    }
    const started = Date.now();
    try {
      if (await this.repository.ensureVectorIndex(this.space)) {
        this.logger.log(`created the HNSW index for ${this.space.model} in ${Date.now() - started} ms`);
      }
    } catch (e) {
      // Search still works without the index (exact scan), only slower: do not keep the app from starting.
      this.logger.error(`could not create the HNSW index for ${this.space.model}: ${(e as Error).message}`);
    }
  }

  async search(
    query: string,
    options: SearchOptions,
    tuning: SearchTuning = DEFAULT_TUNING,
  ): Promise<ProductSearchResult[]> {
    const params = await this.searchParams(query, options, tuning);
    if (!params) return [];
    const rows = await this.repository.searchHybrid(params, this.iterativeScan);
    return rows.map((row) => this.toResult(row));
  }

  /** What the hybrid query is run with (null for an empty query); the benchmark times the same SQL raw. */
  async searchParams(
    query: string,
    options: SearchOptions,
    tuning: SearchTuning = DEFAULT_TUNING,
  ): Promise<HybridSearchParams | null> {
    const raw = query.trim().slice(0, 500);
    if (!raw) return null;
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit) || 10));
    const text = await this.correctTypos(raw, tuning);
    const expanded = this.synonyms.expand(text);
    const queryVector = tuning.lanes.vector ? await this.embedQuery(text, expanded.concepts, tuning) : null;
    const laneDepth = Math.max(tuning.laneDepth, limit * 2);
    return {
      space: this.space,
      query: raw,
      queryVector,
      concepts: tuning.lanes.text ? expanded.concepts.map((c) => c.variants.join('|')) : [],
      inStockOnly: options.inStockOnly,
      limit,
      // Without iterative scans the stock filter runs after the HNSW scan: fetch deeper so it is not starved.
      laneDepth: options.inStockOnly && !this.iterativeScan ? laneDepth * 5 : laneDepth,
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

  private toResult(row: HybridSearchRow): ProductSearchResult {
    const product = toStoredProduct(row);
    const v = row.variation ? toStoredProduct(row.variation) : null;
    const variation: MatchedVariation | null = v
      ? {
          wcId: v.wcId,
          sku: v.sku,
          attributes: attributeMap(v),
          price: v.price,
          stockStatus: v.stockStatus,
          stockQuantity: v.stockQuantity,
          permalink: v.permalink,
        }
      : null;
    return {
      wcProductId: product.wcId,
      sku: product.sku,
      name: product.name,
      price: product.price,
      priceIsFrom: product.type === 'variable',
      regularPrice: product.regularPrice,
      salePrice: product.salePrice,
      stockStatus: product.stockStatus,
      stockQuantity: product.stockQuantity,
      permalink: product.permalink,
      imageUrl: product.imageUrl,
      categories: product.categories.map((c) => c.name),
      summary: summarise(product.shortDescription || product.description || product.searchText),
      variation,
      score: Math.round(row.score * 1e6) / 1e6,
    };
  }
}

function summarise(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#?\w+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1).trimEnd()}…` : text;
}
