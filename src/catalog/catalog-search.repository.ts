import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withAdvisoryLock } from '../database/advisory-lock';
import type { ProductAttribute, StockStatus } from './product.entity';

/** The embedder whose vectors may be compared: only rows embedded by this model and size are searched. */
export interface VectorSpace {
  model: string;
  dimensions: number;
}

export interface HybridSearchParams {
  space: VectorSpace;
  /** The raw query (the model/SKU lane derives its keys from it in SQL, with the same function as the rows). */
  query: string;
  /** null = vector lane off (query embedding unavailable or lane disabled). */
  queryVector: number[] | null;
  /** One entry per concept: its variants joined with "|" (text search lane). Empty = lane off. */
  concepts: string[];
  inStockOnly: boolean;
  limit: number;
  /** How many candidates each lane contributes before fusion. */
  laneDepth: number;
  weights: { vector: number; text: number; model: number };
  /** Reciprocal rank fusion constant: score = Σ weight / (k + rank). */
  rrfK: number;
  /** Added when the whole query is a product's SKU. */
  exactSkuBonus: number;
  /** Fused score factor (1 + boost × share of the query's concepts the row matched in the text lane). */
  coverageBoost: number;
  modelLaneOn: boolean;
  /** Every query word and synonym, alphanumeric, space separated with spaces around: picks the variation. */
  variationWords: string;
  accessory: { intent: boolean; pattern: string; accessoryFactor: number; mainFactor: number };
}

/** One result row: the product (parent for variable ones) and, when a variation matched best, that variation. */
export interface HybridSearchRow {
  wc_id: string;
  type: string;
  sku: string | null;
  name: string;
  price: string | null;
  regular_price: string | null;
  sale_price: string | null;
  stock_status: StockStatus;
  stock_quantity: number | null;
  permalink: string | null;
  image_url: string | null;
  categories: { name: string }[];
  short_description: string;
  description: string;
  search_text: string;
  score: number;
  variation: {
    wc_id: number;
    sku: string | null;
    attributes: ProductAttribute[];
    price: string | null;
    stock_status: StockStatus;
    stock_quantity: number | null;
    permalink: string | null;
  } | null;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Name of the HNSW index for one embedder (the model name may hold any characters). */
export function vectorIndexName(space: VectorSpace): string {
  const slug = `${space.model}_${space.dimensions}`.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `products_embedding_hnsw_${slug}`.slice(0, 63);
}

/**
 * The hybrid search SQL. The vector column has no fixed dimension, so vectors are compared through a cast to the
 * current embedder's size, restricted to rows of that model; the HNSW index is a partial expression index with the
 * same cast and predicate, which is why both are written into the SQL as literals (the planner must see them to
 * match the index) — they come from configuration, never from the customer.
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

  /** Creates the HNSW index for the current embedder unless it exists (several instances wait on a lock). */
  async ensureVectorIndex(space: VectorSpace): Promise<boolean> {
    const name = vectorIndexName(space);
    const exists = async (): Promise<boolean> =>
      (await this.dataSource.query<unknown[]>(`SELECT 1 FROM pg_class WHERE relname = $1`, [name])).length >
      0;
    if (await exists()) return false;
    const outcome = await withAdvisoryLock(this.dataSource, 'namwoo:vector-index', async () => {
      if (await exists()) return false;
      await this.dataSource.query(
        `CREATE INDEX IF NOT EXISTS ${name} ON products
           USING hnsw ((embedding::vector(${space.dimensions})) vector_cosine_ops)
           WHERE embedding_model = ${literal(space.model)}`,
      );
      return true;
    });
    return outcome.acquired && outcome.result;
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
      // Filtered vector search: keep walking the HNSW graph until enough rows pass the stock filter instead of
      // returning the ef_search nearest and filtering them afterwards (pgvector >= 0.8, "iterative index scans").
      if (iterativeScan) await m.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      // On a large table the planner's guesses for the model-number LIKE join cross jit_above_cost, and compiling
      // the plan (100-250 ms measured at 100k products) costs far more than running it (a few ms).
      if (this.jitAvailable) await m.query(`SET LOCAL jit = off`);
      await m.query(`SET LOCAL hnsw.ef_search = ${Math.max(40, Math.min(1000, params.laneDepth))}`);
      return m.query<HybridSearchRow[]>(sql, values);
    });
  }

  /** The SQL and its parameters, also used by the benchmark to time the same query without the app. */
  hybridSql(params: HybridSearchParams): { sql: string; values: unknown[] } {
    const dims = params.space.dimensions;
    const values: unknown[] = [
      params.query, // $1
      params.queryVector ? `[${params.queryVector.join(',')}]` : null, // $2
      params.concepts, // $3
      params.inStockOnly, // $4
      params.laneDepth, // $5
      params.weights.vector, // $6
      params.weights.text, // $7
      params.weights.model, // $8
      params.rrfK, // $9
      params.exactSkuBonus, // $10
      params.accessory.intent, // $11
      params.accessory.pattern, // $12
      params.accessory.accessoryFactor, // $13
      params.accessory.mainFactor, // $14
      params.limit, // $15
      params.modelLaneOn, // $16
      params.queryVector !== null, // $17
      params.variationWords, // $18
      params.coverageBoost, // $19
    ];
    const sql = `
      WITH
      concept_queries AS (
        SELECT c.ord,
               -- Known to the catalog: one of its words is in the vocabulary (a code is assumed known).
               EXISTS (SELECT 1 FROM unnest(string_to_array(c.variants, '|')) AS v
                        WHERE v ~ '[0-9]' OR EXISTS (SELECT 1 FROM search_words s WHERE s.word = split_part(v, ' ', 1)))
                 AS known,
               (SELECT string_agg('(' || tq::text || ')', ' | ')
                  FROM unnest(string_to_array(c.variants, '|')) AS v,
                       LATERAL (VALUES (phraseto_tsquery('namwoo_es', v)), (phraseto_tsquery('namwoo_en', v))) AS x(tq)
                 WHERE numnode(tq) > 0)::tsquery AS q
        FROM unnest($3::text[]) WITH ORDINALITY AS c(variants, ord)
      ),
      text_query AS (
        -- all_q: every concept the catalog knows ("barata" in "nevera barata" matches nothing, so it is left out).
        SELECT string_agg('(' || q::text || ')', ' | ')::tsquery AS any_q,
               string_agg('(' || q::text || ')', ' & ') FILTER (WHERE known)::tsquery AS all_q
        FROM concept_queries WHERE q IS NOT NULL
      ),
      -- Ranking every match of a broad query ("samsung" in a large store) costs time proportional to the
      -- matches, so the rank runs on a bounded pool: rows matching everything asked first, then — only when fewer
      -- than the requested number do — rows matching any of it. Exact for catalogs where fewer rows match; an
      -- arbitrary sample of equals beyond that.
      text_pool_all AS MATERIALIZED (
        SELECT p.id FROM products p, text_query tq
        WHERE p.search_vector @@ tq.all_q AND (NOT $4 OR p.available)
        LIMIT $5 * 2
      ),
      text_pool AS (
        SELECT id FROM text_pool_all
        UNION
        (SELECT p.id FROM products p, text_query tq
          WHERE (SELECT count(*) FROM text_pool_all) < $15
            AND p.search_vector @@ tq.any_q AND (NOT $4 OR p.available)
          LIMIT $5 * 2)
      ),
      text_candidates AS (
        SELECT p.id, ts_rank('{0.05, 0.2, 0.5, 1.0}', p.search_vector, tq.any_q) AS rank_score, p.search_vector
        FROM text_pool tp JOIN products p ON p.id = tp.id, text_query tq
        ORDER BY rank_score DESC
        LIMIT $5 * 2
      ),
      text_lane AS (
        -- Products that match more of what was asked come first, then the text rank decides.
        SELECT t.id, row_number() OVER (ORDER BY matched DESC, t.rank_score DESC) AS rank,
               matched::float8 / greatest(1, cardinality($3::text[])) AS coverage
        FROM text_candidates t,
             LATERAL (SELECT count(*) AS matched FROM concept_queries c WHERE c.q IS NOT NULL AND t.search_vector @@ c.q) m
        ORDER BY rank
        LIMIT $5
      ),
      vector_candidates AS MATERIALIZED (
        SELECT p.id, p.embedding::vector(${dims}) <=> $2::vector(${dims}) AS distance
        FROM products p
        WHERE $17
          AND p.embedding_model = ${literal(params.space.model)}
          AND (NOT $4 OR p.available)
        ORDER BY p.embedding::vector(${dims}) <=> $2::vector(${dims})
        LIMIT $5
      ),
      vector_lane AS (
        SELECT id, row_number() OVER (ORDER BY distance) AS rank FROM vector_candidates
      ),
      query_keys AS (
        SELECT k, (k = regexp_replace(namwoo_fold($1), '[^a-z0-9]', '', 'g')) AS whole_query
        FROM regexp_split_to_table(namwoo_model_keys($1), ' ') AS k
        -- A bare 3-digit number ("900", "128") is a quantity, not a model: as a substring it matches thousands of
        -- rows in a large store (measured: 30 of the 43 ms of a 100k-product query); the text lane still has it.
        WHERE $16 AND length(k) >= 3 AND k !~ '^[0-9]{1,3}$'
        UNION
        -- The whole query as one key: a SKU typed with spaces ("sm a546e 128").
        SELECT k, true FROM regexp_replace(namwoo_fold($1), '[^a-z0-9]', '', 'g') AS k
        WHERE $16 AND k ~ '[0-9]' AND length(k) BETWEEN 3 AND 40
      ),
      key_hits AS (
        SELECT p.id,
               CASE WHEN p.sku_key = qk.k THEN 4.0
                    WHEN (' ' || p.model_keys || ' ') LIKE '% ' || qk.k || ' %' THEN 3.0
                    WHEN (' ' || p.model_keys) LIKE '% ' || qk.k || '%' THEN 2.0
                    ELSE 1.0 END AS strength,
               (qk.whole_query AND p.sku_key = qk.k) AS exact_sku
        FROM query_keys qk
        JOIN products p ON p.model_keys LIKE '%' || qk.k || '%' OR p.sku_key = qk.k
        WHERE length(qk.k) >= 3 AND (NOT $4 OR p.available)
      ),
      model_lane AS (
        SELECT id, bool_or(exact_sku) AS exact_sku,
               row_number() OVER (ORDER BY sum(strength) DESC, id) AS rank
        FROM key_hits h
        GROUP BY id
        ORDER BY rank
        LIMIT $5
      ),
      fused_rows AS (
        -- Weighted reciprocal rank fusion; a row that matched more of the asked words gains up to $19 x.
        SELECT id, sum(score) * (1 + $19::float8 * max(coverage)) AS score
        FROM (
          SELECT id, $6::float8 / ($9::float8 + rank) AS score, 0::float8 AS coverage FROM vector_lane
          UNION ALL
          SELECT id, $7::float8 / ($9::float8 + rank), coverage FROM text_lane
          UNION ALL
          SELECT id, $8::float8 / ($9::float8 + rank) + CASE WHEN exact_sku THEN $10::float8 ELSE 0 END, 0
          FROM model_lane
        ) lanes
        GROUP BY id
      ),
      scored_rows AS (
        SELECT coalesce(p.parent_wc_id, p.wc_id) AS product_wc_id,
               p.id, p.parent_wc_id IS NOT NULL AS is_variation, f.score
        FROM fused_rows f JOIN products p ON p.id = f.id
      ),
      products_scored AS (
        SELECT product_wc_id, max(score) AS score FROM scored_rows GROUP BY product_wc_id
      ),
      ranked AS (
        -- Accessory intent: "forro para a54" lifts cases over the phone, a plain "a54" the phone over its cases.
        SELECT s.*, p.id AS product_id,
               s.score * CASE WHEN p.name_folded ~ $12
                                THEN CASE WHEN $11 THEN 1.0 ELSE $13::float8 END
                              ELSE CASE WHEN $11 THEN $14::float8 ELSE 1.0 END END AS final_score
        FROM products_scored s
        JOIN products p ON p.wc_id = s.product_wc_id AND p.parent_wc_id IS NULL
        WHERE NOT $4 OR p.available
        ORDER BY final_score DESC, p.id
        LIMIT $15
      )
      -- A variable product whose parent price WooCommerce left "" is priced like WooCommerce prices it: its
      -- cheapest variation still for sale (the variations carry the real prices; woocommerce.md §5, §9).
      SELECT p.wc_id, p.type, p.sku, p.name, coalesce(p.price, children.min_price) AS price,
             p.regular_price, p.sale_price,
             coalesce(children.best_status, p.stock_status) AS stock_status,
             CASE WHEN children.best_status IS NOT NULL AND p.stock_quantity IS NULL
                  THEN children.quantity ELSE p.stock_quantity END AS stock_quantity,
             p.permalink, p.image_url, p.categories, p.short_description, p.description, p.search_text,
             r.final_score::float8 AS score,
             CASE WHEN v.id IS NOT NULL THEN jsonb_build_object(
               'wc_id', v.wc_id, 'sku', v.sku, 'attributes', v.attributes, 'price', v.price::text,
               'stock_status', v.stock_status, 'stock_quantity', v.stock_quantity, 'permalink', v.permalink)
             END AS variation
      FROM ranked r
      JOIN products p ON p.id = r.product_id
      -- The variation the customer named: its SKU, or the most of its attribute values ("rojo", "256 GB").
      LEFT JOIN LATERAL (
        SELECT c.*, hits.n
        FROM products c,
             LATERAL (
               SELECT CASE WHEN c.sku_key IS NOT NULL
                             AND (c.sku_key = regexp_replace(namwoo_fold($1), '[^a-z0-9]', '', 'g')
                                  OR position(' ' || c.sku_key || ' ' IN $18) > 0) THEN 10 ELSE 0 END
                      + (SELECT count(*)
                           FROM jsonb_array_elements(c.attributes) a,
                                jsonb_array_elements_text(a->'options') o
                          WHERE position(' ' || regexp_replace(namwoo_fold(o), '[^a-z0-9]', '', 'g') || ' ' IN $18) > 0)
                      AS n
             ) hits
        WHERE c.parent_wc_id = p.wc_id AND (NOT $4 OR c.stock_status <> 'outofstock')
        ORDER BY hits.n DESC, (c.stock_status = 'instock') DESC, c.wc_id
        LIMIT 1
      ) v ON v.n > 0
      LEFT JOIN LATERAL (
        SELECT CASE WHEN bool_or(c.stock_status = 'instock') THEN 'instock'
                    WHEN bool_or(c.stock_status = 'onbackorder') THEN 'onbackorder'
                    ELSE 'outofstock' END AS best_status,
               sum(c.stock_quantity) FILTER (WHERE c.stock_status <> 'outofstock')::int AS quantity,
               coalesce(min(c.price) FILTER (WHERE c.stock_status <> 'outofstock'), min(c.price)) AS min_price
        FROM products c WHERE c.parent_wc_id = p.wc_id
        HAVING count(*) > 0
      ) children ON p.type = 'variable'
      ORDER BY r.final_score DESC, p.id`;
    return { sql, values };
  }
}
