import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withAdvisoryLock } from '../database/advisory-lock';
import {
  hybridSearchSql,
  type HybridSearchParams,
  type HybridSearchRow,
  type VectorSpace,
} from './hybrid-search.sql';

export type { HybridSearchParams, HybridSearchRow, VectorSpace } from './hybrid-search.sql';

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** An index of `products` that a bulk import drops and builds again: its name and what follows `ON products`. */
export interface SearchIndex {
  name: string;
  definition: string;
}

/** Name of the HNSW index for one embedder (the model name may hold any characters). */
export function vectorIndexName(space: VectorSpace): string {
  const slug = `${space.model}_${space.dimensions}`.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `products_embedding_hnsw_${slug}`.slice(0, 63);
}

/**
 * The HNSW graph's settings: 12 links per node and 40 candidates while building, against pgvector's 16 and 64. On a
 * 10,000-product store with the local embedder the build takes 5.2-6.4 s instead of 9.5-12.7 s of PGlite's time (the
 * largest part of an embedded first sync), and with ef_search at twice the lane's rows (searchSettings) the vector
 * lane finds 0.89 of the exact nearest 120 in 10.2 ms, where the former graph at ef_search = laneDepth found 0.81 in
 * 10.4 ms (docs/sync.md, "Fourth round"). An index built with the former settings keeps working as it is.
 */
const HNSW_GRAPH = 'WITH (m = 12, ef_construction = 40)';

/**
 * The HNSW index of one embedder's vectors: a partial expression index, because the vector column has no fixed
 * dimension; the hybrid search SQL repeats the same cast and predicate so that the planner matches it.
 */
export function vectorIndex(space: VectorSpace): SearchIndex {
  return {
    name: vectorIndexName(space),
    definition: `USING hnsw ((embedding::vector(${space.dimensions})) vector_cosine_ops) ${HNSW_GRAPH}
      WHERE embedding_model = ${literal(space.model)}`,
  };
}

/**
 * The full-text and trigram indexes, as migrations InitialSchema, SearchSchema and SearchPriceBands create them (a
 * migration that changes one must change it here too: this is what a bulk import builds again;
 * test/service/sync-bulk-import.spec.ts compares the two).
 */
export const TEXT_INDEXES: readonly SearchIndex[] = [
  // SearchPriceBands: the words and the price band, so a price range is answered inside the index.
  {
    name: 'products_search_vector_idx',
    definition: 'USING gin (search_vector, (ARRAY[namwoo_price_band(customer_price)]))',
  },
  { name: 'products_model_keys_trgm_idx', definition: 'USING gin (model_keys gin_trgm_ops)' },
  { name: 'products_name_folded_trgm_idx', definition: 'USING gin (name_folded gin_trgm_ops)' },
];

/**
 * How many index tuples a price-bounded vector lane may visit (pgvector's default is 20,000). Measured on the
 * 100,000-product benchmark catalog, 200 filtered queries against the default: 97.6 % of the top-10 results the
 * same at 1,000 (98.0 % at 5,000), for a fifth of the walk; what a price search must find, the text lanes find.
 */
const PRICE_BOUND_SCAN_TUPLES = 1_000;

/**
 * The catalog's search statements and indexes: the hybrid search (its SQL and why it is written as it is:
 * `hybrid-search.sql.ts`) with the settings it runs under, typo correction, and the indexes a bulk import rebuilds.
 */
@Injectable()
export class CatalogSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** PGlite has no JIT setting; PostgreSQL does (off or on depending on the build). */
  private jitAvailable = false;

  /** pgvector's version decides whether iterative index scans (0.8+) are available. */
  async pgvectorVersion(): Promise<string | null> {
    const rows = await this.dataSource.query<{ v: string }[]>(
      `SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`,
    );
    const jit = await this.dataSource.query<unknown[]>(`SELECT 1 FROM pg_settings WHERE name = 'jit'`);
    this.jitAvailable = jit.length > 0;
    return rows[0]?.v ?? null;
  }

  /**
   * Creates the HNSW index for the current embedder unless it exists. `buildMemoryMb` raises
   * `maintenance_work_mem` for this build only: pgvector builds the graph in memory when it fits there, much faster
   * than inserting into an on-disk graph.
   */
  async ensureVectorIndex(space: VectorSpace, buildMemoryMb?: number): Promise<boolean> {
    return this.ensureIndex(vectorIndex(space), buildMemoryMb);
  }

  /** Creates the index unless it exists (several instances wait on a lock); true when it was built now. */
  async ensureIndex(index: SearchIndex, buildMemoryMb?: number): Promise<boolean> {
    if (await this.indexExists(index.name)) return false;
    const outcome = await withAdvisoryLock(this.dataSource, 'namwoo:vector-index', async () => {
      if (await this.indexExists(index.name)) return false;
      await this.dataSource.transaction(async (m) => {
        if (buildMemoryMb) await m.query(`SET LOCAL maintenance_work_mem = '${Math.round(buildMemoryMb)}MB'`);
        await m.query(`CREATE INDEX IF NOT EXISTS ${index.name} ON products ${index.definition}`);
      });
      return true;
    });
    return outcome.acquired && outcome.result;
  }

  /** Drops an index (before a bulk import); true when it existed. */
  async dropIndex(name: string): Promise<boolean> {
    if (!(await this.indexExists(name))) return false;
    await this.dataSource.query(`DROP INDEX IF EXISTS ${name}`);
    return true;
  }

  /** Whether the index exists and is usable (tests and the sync's log). */
  async isIndexValid(name: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ valid: boolean }[]>(
      `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`,
      [name],
    );
    return rows[0]?.valid ?? false;
  }

  private async indexExists(name: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM pg_class WHERE relname = $1`, [name]);
    return rows.length > 0;
  }

  /**
   * Spelling fixes from the catalog's vocabulary: for each word the catalog does not contain, the most similar
   * word it does (trigram similarity ≥ `minSimilarity`), e.g. "samsun" → "samsung". Words without one are absent.
   */
  async correctWords(words: string[], minSimilarity: number): Promise<Map<string, string>> {
    if (!words.length) return new Map();
    const rows = await this.dataSource.query<{ typo: string; word: string }[]>(
      `SELECT q.w AS typo, best.word
         FROM unnest($1::text[]) AS q(w)
         CROSS JOIN LATERAL (
           SELECT s.word FROM search_words s
            WHERE s.word % q.w AND similarity(s.word, q.w) >= $2
            ORDER BY similarity(s.word, q.w) DESC, s.word
            LIMIT 1
         ) best
        WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = q.w)`,
      [words, minSimilarity],
    );
    return new Map(rows.map((r) => [r.typo, r.word]));
  }

  async searchHybrid(params: HybridSearchParams, iterativeScan: boolean): Promise<HybridSearchRow[]> {
    const { sql, values } = this.hybridSql(params);
    return this.dataSource.transaction(async (m: EntityManager) => {
      for (const setting of this.searchSettings(params, iterativeScan)) await m.query(setting);
      return m.query<HybridSearchRow[]>(sql, values);
    });
  }

  /** The settings the hybrid statement runs under, in its transaction (also used by the benchmark's raw timing). */
  searchSettings(params: HybridSearchParams, iterativeScan: boolean): string[] {
    const settings: string[] = [];
    if (iterativeScan) {
      // Filtered vector search: keep walking the HNSW graph until enough rows pass the stock and price filters
      // instead of returning the ef_search nearest and filtering them afterwards (pgvector >= 0.8).
      settings.push(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      // Under a price bound the nearest vectors are often all out of range ("nevera" under $150: every fridge is
      // dearer), and the walk visited most of a 100k-product graph before giving up (200 ms). Bounded here; the
      // text lanes still find every in-range product named by the query's words, which a price search requires.
      if (params.minPrice !== null || params.maxPrice !== null)
        settings.push(`SET LOCAL hnsw.max_scan_tuples = ${PRICE_BOUND_SCAN_TUPLES}`);
    }
    // On a large table the planner's guesses for the model-number LIKE join cross jit_above_cost, and compiling
    // the plan (100-250 ms measured at 100k products) costs far more than running it (a few ms).
    if (this.jitAvailable) settings.push(`SET LOCAL jit = off`);
    // The vector lane takes laneDepth * 2 rows; twice that many candidates keep its recall above what the index of
    // HNSW_GRAPH's former settings gave at ef_search = laneDepth, in the same time (docs/sync.md, "Fourth round").
    settings.push(`SET LOCAL hnsw.ef_search = ${Math.max(40, Math.min(1000, 4 * params.laneDepth))}`);
    return settings;
  }

  /** The SQL and its parameters, also used by the benchmark to time the same query without the app. */
  hybridSql(params: HybridSearchParams): { sql: string; values: unknown[] } {
    return hybridSearchSql(params);
  }

  /** The store's main categories (most products first), for telling a customer what the store does sell. */
  async mainCategories(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT c->>'name' AS name
         FROM products p, jsonb_array_elements(p.categories) c
        WHERE p.parent_wc_id IS NULL AND coalesce(c->>'name', '') <> ''
        GROUP BY 1
        ORDER BY count(*) DESC, 1
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.name);
  }
}
