import { namedParams } from '../database/sql-params';
import { storedColumnsJson, storedColumnsSql, type StoredProductRecord } from './product-row';
import type { PriceSort } from './shopper-query';

/** The embedder whose vectors may be compared: only rows embedded by this model and size are searched. */
export interface VectorSpace {
  model: string;
  dimensions: number;
}

export interface HybridSearchParams {
  space: VectorSpace;
  /** The product words of the query (the model/SKU lane derives its keys from it in SQL, as for the rows). */
  query: string;
  /** null = vector lane off (query embedding unavailable or lane disabled). */
  queryVector: number[] | null;
  /** One entry per concept: its variants joined with "|" (text search lane). Empty = lane off. */
  concepts: string[];
  inStockOnly: boolean;
  /** What the customer pays (`customer_price`) must lie within these (null = no bound). */
  minPrice: number | null;
  maxPrice: number | null;
  sort: PriceSort;
  /** "barato": among the kept results, cheaper ones rise (by up to `lowPriceBoost` x). */
  preferLowPrice: boolean;
  lowPriceBoost: number;
  /** No product words, only constraints ("lo más barato que tengan"): every product is a candidate. */
  browse: boolean;
  /**
   * Honest empty: when no product matches a word of the query (after typo correction and synonyms) nor a model
   * number, the nearest vectors are not answers. Off only when the keyword lanes are (quality comparisons).
   */
  requireWordMatch: boolean;
  /** Results scoring below this share of the best are cut (for a price order: not of the kind asked for). */
  relevanceCut: number;
  /** Products only the vector lane found, kept when they score at least this share of the best. */
  vectorOnlyCut: number;
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

/**
 * One result row: the product (parent for variable ones) and, when a variation matched best (or is the one in the
 * asked price range), that variation. `price` is what the customer pays for the product: its cheapest variation
 * for sale when it is variable.
 */
export interface HybridSearchRow extends StoredProductRecord {
  score: number;
  variation: StoredProductRecord | null;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The price band of migration SearchPriceBands (`namwoo_price_band`): steps of about 22 % in price. */
const bandValue = (price: number): number => Math.log(Math.max(price, 0) + 1) * 5;
/** JavaScript's logarithm and the database's may differ in the last digits: at a band's edge, take both bands. */
const EDGE = 1e-9;

/** The bands a price range covers (the exact range is still checked on each row). null = no range. */
export function priceBandsFor(minPrice: number | null, maxPrice: number | null): number[] | null {
  if (minPrice === null && maxPrice === null) return null;
  const low = Math.max(0, Math.floor(bandValue(minPrice ?? 0) - EDGE));
  const high = Math.floor(bandValue(maxPrice ?? 1e12) + EDGE);
  return Array.from({ length: Math.max(0, high - low + 1) }, (_, i) => low + i);
}

/**
 * The hybrid search statement. The vector column has no fixed dimension, so vectors are compared through a cast to
 * the current embedder's size, restricted to rows of that model; the HNSW index is a partial expression index with
 * the same cast and predicate, which is why both are written into the SQL as literals (the planner must see them
 * to match the index); they come from configuration, never from the customer.
 *
 * Stock and price filters are row tests inside every lane (`available`, `customer_price`, kept by triggers), so the
 * HNSW iterative scan keeps walking until enough rows pass them: a filtered search never returns fewer products
 * than exist because the nearest vectors were out of range.
 */
export function hybridSearchSql(params: HybridSearchParams): { sql: string; values: unknown[] } {
  const dims = params.space.dimensions;
  const { $, values } = namedParams({
    query: params.query,
    queryVector: params.queryVector ? `[${params.queryVector.join(',')}]` : null,
    concepts: params.concepts,
    inStockOnly: params.inStockOnly,
    minPrice: params.minPrice,
    maxPrice: params.maxPrice,
    priceBands: priceBandsFor(params.minPrice, params.maxPrice),
    sort: params.sort,
    preferLowPrice: params.preferLowPrice,
    lowPriceBoost: params.lowPriceBoost,
    browse: params.browse,
    requireWordMatch: params.requireWordMatch,
    relevanceCut: params.relevanceCut,
    vectorOnlyCut: params.vectorOnlyCut,
    laneDepth: params.laneDepth,
    vectorWeight: params.weights.vector,
    textWeight: params.weights.text,
    modelWeight: params.weights.model,
    rrfK: params.rrfK,
    exactSkuBonus: params.exactSkuBonus,
    accessoryIntent: params.accessory.intent,
    accessoryPattern: params.accessory.pattern,
    accessoryFactor: params.accessory.accessoryFactor,
    mainFactor: params.accessory.mainFactor,
    limit: params.limit,
    modelLaneOn: params.modelLaneOn,
    vectorLaneOn: params.queryVector !== null,
    variationWords: params.variationWords,
    coverageBoost: params.coverageBoost,
  });
  const constrained = `(${$.sort}::text <> 'relevance' OR ${$.minPrice}::numeric IS NOT NULL OR ${$.maxPrice}::numeric IS NOT NULL)`;
  // The kind of product asked for is read from the words (the keyword lanes), and only matters under a price range
  // or order; browsing by price alone has no kind.
  const kindRules = `(${constrained} AND ${$.requireWordMatch} AND NOT ${$.browse})`;
  const bounded = `(${$.minPrice}::numeric IS NOT NULL OR ${$.maxPrice}::numeric IS NOT NULL)`;
  const inRange = (price: string): string =>
    `((${$.minPrice}::numeric IS NULL OR ${price} >= ${$.minPrice}::numeric) AND
      (${$.maxPrice}::numeric IS NULL OR ${price} <= ${$.maxPrice}::numeric))`;
  // What every lane may return: sellable when asked, and priced within the asked range.
  const rowFilter = (p: string): string =>
    `(NOT ${$.inStockOnly} OR ${p}.available) AND (NOT ${bounded} OR ${inRange(`${p}.customer_price`)})`;
  // The same for the text lanes, with the price band too: it says what the range says, coarser, in the form the
  // full-text index holds (its second column), so the rows with the words *and* a price in range are found in the
  // index instead of by reading every row with the words. (Only there: other lanes' indexes do not hold it, and
  // offered the band alone the planner would pick it over their own.)
  const textRowFilter = (p: string): string =>
    `${rowFilter(p)} AND (NOT ${bounded} OR ARRAY[namwoo_price_band(${p}.customer_price)] && ${$.priceBands}::smallint[])`;
  const sql = `
      WITH
      concept_queries AS (
        SELECT c.ord,
               -- Known to the catalog: one of its words is in the vocabulary (a code is assumed known).
               EXISTS (SELECT 1 FROM unnest(string_to_array(c.variants, '|')) AS v
                        WHERE v ~ '[0-9]' OR EXISTS (SELECT 1 FROM search_words s WHERE s.word = split_part(v, ' ', 1)))
                 AS known,
               -- Each lexeme once: both configurations mostly stem alike, and every repeat is one more posting
               -- list the index merges ("televisor" 4 times: 20 → 11 ms for a broad query at 100k products).
               (SELECT string_agg(DISTINCT '(' || tq::text || ')', ' | ')
                  FROM unnest(string_to_array(c.variants, '|')) AS v,
                       LATERAL (VALUES (phraseto_tsquery('namwoo_es', v)), (phraseto_tsquery('namwoo_en', v))) AS x(tq)
                 WHERE numnode(tq) > 0)::tsquery AS q
        FROM unnest(${$.concepts}::text[]) WITH ORDINALITY AS c(variants, ord)
      ),
      text_query AS (
        -- all_q: every concept the catalog knows ("barata" in "nevera barata" matches nothing, so it is left out).
        SELECT string_agg('(' || q::text || ')', ' | ')::tsquery AS any_q,
               string_agg('(' || q::text || ')', ' & ') FILTER (WHERE known)::tsquery AS all_q
        FROM concept_queries WHERE q IS NOT NULL
      ),
      -- Ranking every match of a broad query ("samsung" in a large store) costs time proportional to the
      -- matches, so the rank runs on a bounded pool: rows matching everything asked first, then (only when fewer
      -- than the requested number do) rows matching any of it. Exact for catalogs where fewer rows match; an
      -- arbitrary sample of equals beyond that. Under a price range or order the kind asked for must be matched as
      -- well as by the best result, so partial matches are only looked for when nothing matches everything (the
      -- any-word bitmap of a broad query costs 10-30 ms at 100,000 products; measured: the same answers).
      text_pool_all AS MATERIALIZED (
        SELECT p.id FROM products p, text_query tq
        WHERE p.search_vector @@ tq.all_q AND ${textRowFilter('p')}
        LIMIT ${$.laneDepth} * 2
      ),
      -- Under a price range with nothing in range matching every word, the rows matching any of them are a sample;
      -- the any-word bitmap of broad words is the costly part of such a query (15-25 ms at 100,000 products), so the
      -- sample is first taken from the products in range in the asked price order (the price index; at most 500
      -- read): the cheapest (or dearest) with any of the words. The bitmap stays for when that finds too few.
      priced_sample AS MATERIALIZED (
        SELECT s.id FROM text_query tq, (
          (SELECT p.id, p.search_vector FROM products p
            WHERE ${bounded} AND ${kindRules} AND ${$.sort}::text <> 'price_desc'
              AND (SELECT count(*) FROM text_pool_all) = 0
              AND p.parent_wc_id IS NULL AND p.customer_price IS NOT NULL AND ${rowFilter('p')}
            ORDER BY p.customer_price LIMIT 500)
          UNION ALL
          (SELECT p.id, p.search_vector FROM products p
            WHERE ${bounded} AND ${kindRules} AND ${$.sort}::text = 'price_desc'
              AND (SELECT count(*) FROM text_pool_all) = 0
              AND p.parent_wc_id IS NULL AND p.customer_price IS NOT NULL AND ${rowFilter('p')}
            ORDER BY p.customer_price DESC LIMIT 500)
        ) s
        WHERE s.search_vector @@ tq.any_q
        LIMIT ${$.laneDepth} * 2
      ),
      text_pool AS (
        SELECT id FROM text_pool_all
        UNION
        SELECT id FROM priced_sample
        UNION
        (SELECT p.id FROM products p, text_query tq
          WHERE (SELECT count(*) FROM text_pool_all) < CASE WHEN ${kindRules} THEN 1 ELSE ${$.limit} END
            AND (SELECT count(*) FROM priced_sample) < ${$.limit}
            AND p.search_vector @@ tq.any_q AND ${textRowFilter('p')}
          LIMIT ${$.laneDepth} * 2)
      ),
      text_candidates AS (
        SELECT p.id, ts_rank('{0.05, 0.2, 0.5, 1.0}', p.search_vector, tq.any_q) AS rank_score, p.search_vector
        FROM text_pool tp JOIN products p ON p.id = tp.id, text_query tq
        ORDER BY rank_score DESC
        LIMIT ${$.laneDepth} * 2
      ),
      text_lane AS (
        -- Products that match more of what was asked come first, then the text rank decides.
        -- head_matched: concepts found in the name, SKU, categories or tags (weights A and B), not only in the
        -- description: "the cheapest TV" is a product called or filed as a TV, not one whose text mentions TVs.
        SELECT t.id, row_number() OVER (ORDER BY matched DESC, t.rank_score DESC) AS rank,
               matched::float8 / greatest(1, cardinality(${$.concepts}::text[])) AS coverage, head_matched
        FROM text_candidates t,
             LATERAL (SELECT count(*) AS matched,
                             count(*) FILTER (WHERE ts_filter(t.search_vector, '{a,b}') @@ c.q) AS head_matched
                        FROM concept_queries c WHERE c.q IS NOT NULL AND t.search_vector @@ c.q) m
        ORDER BY rank
        LIMIT ${$.laneDepth}
      ),
      vector_candidates AS MATERIALIZED (
        SELECT p.id, p.embedding::vector(${dims}) <=> ${$.queryVector}::vector(${dims}) AS distance
        FROM products p
        WHERE ${$.vectorLaneOn}
          AND p.embedding_model = ${literal(params.space.model)}
          AND ${rowFilter('p')}
        ORDER BY p.embedding::vector(${dims}) <=> ${$.queryVector}::vector(${dims})
        LIMIT ${$.laneDepth}
      ),
      vector_lane AS (
        SELECT id, row_number() OVER (ORDER BY distance) AS rank FROM vector_candidates
      ),
      query_keys AS (
        SELECT k, (k = regexp_replace(namwoo_fold(${$.query}), '[^a-z0-9]', '', 'g')) AS whole_query
        FROM regexp_split_to_table(namwoo_model_keys(${$.query}), ' ') AS k
        -- A bare 3-digit number ("900", "128") is a quantity, not a model: as a substring it matches thousands of
        -- rows in a large store (measured: 30 of the 43 ms of a 100k-product query); the text lane still has it.
        WHERE ${$.modelLaneOn} AND length(k) >= 3 AND k !~ '^[0-9]{1,3}$'
        UNION
        -- The whole query as one key: a SKU typed with spaces ("sm a546e 128").
        SELECT k, true FROM regexp_replace(namwoo_fold(${$.query}), '[^a-z0-9]', '', 'g') AS k
        WHERE ${$.modelLaneOn} AND k ~ '[0-9]' AND length(k) BETWEEN 3 AND 40
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
        WHERE length(qk.k) >= 3 AND ${rowFilter('p')}
      ),
      model_lane AS (
        SELECT id, bool_or(exact_sku) AS exact_sku,
               row_number() OVER (ORDER BY sum(strength) DESC, id) AS rank
        FROM key_hits h
        GROUP BY id
        ORDER BY rank
        LIMIT ${$.laneDepth}
      ),
      browse_lane AS (
        -- Only constraints, no product words: products in the asked price order (the partial price index).
        SELECT id, row_number() OVER (ORDER BY CASE WHEN ${$.sort}::text = 'price_desc' THEN -customer_price
                                                    ELSE customer_price END, id) AS rank
        FROM (
          (SELECT p.id, p.customer_price FROM products p
            WHERE ${$.browse} AND ${$.sort}::text <> 'price_desc' AND p.parent_wc_id IS NULL
              AND p.customer_price IS NOT NULL AND ${rowFilter('p')}
            ORDER BY p.customer_price, p.id LIMIT ${$.laneDepth})
          UNION ALL
          (SELECT p.id, p.customer_price FROM products p
            WHERE ${$.browse} AND ${$.sort}::text = 'price_desc' AND p.parent_wc_id IS NULL
              AND p.customer_price IS NOT NULL AND ${rowFilter('p')}
            ORDER BY p.customer_price DESC, p.id LIMIT ${$.laneDepth})
        ) b
      ),
      fused_rows AS (
        -- Weighted reciprocal rank fusion; a row that matched more of the asked words gains up to coverageBoost x.
        SELECT id, sum(score) * (1 + ${$.coverageBoost}::float8 * max(coverage)) AS score, bool_or(worded) AS worded,
               max(head_matched) AS head_matched
        FROM (
          SELECT id, ${$.vectorWeight}::float8 / (${$.rrfK}::float8 + rank) AS score, 0::float8 AS coverage,
                 false AS worded, 0::bigint AS head_matched
          FROM vector_lane
          UNION ALL
          SELECT id, ${$.textWeight}::float8 / (${$.rrfK}::float8 + rank), coverage, true, head_matched
          FROM text_lane
          UNION ALL
          -- A model number or SKU names the product itself.
          SELECT id, ${$.modelWeight}::float8 / (${$.rrfK}::float8 + rank)
                     + CASE WHEN exact_sku THEN ${$.exactSkuBonus}::float8 ELSE 0 END, 0, true, 1000
          FROM model_lane
          UNION ALL
          SELECT id, 1::float8 / (${$.rrfK}::float8 + rank), 0, true, 0 FROM browse_lane
        ) lanes
        GROUP BY id
      ),
      scored_rows AS (
        SELECT coalesce(p.parent_wc_id, p.wc_id) AS product_wc_id, f.score, f.worded, f.head_matched
        FROM fused_rows f JOIN products p ON p.id = f.id
      ),
      products_scored AS (
        SELECT product_wc_id, max(score) AS score, bool_or(worded) AS worded, max(head_matched) AS head_matched
        FROM scored_rows GROUP BY product_wc_id
      ),
      candidates AS (
        -- Accessory intent: "forro para a54" lifts cases over the phone, a plain "a54" the phone over its cases.
        SELECT s.worded, s.head_matched, p.id AS product_id, p.categories,
               -- Filed under an accessory category ("Accesorios") counts too, for the kind of product asked for.
               (p.name_folded ~ ${$.accessoryPattern}
                OR EXISTS (SELECT 1 FROM jsonb_array_elements(p.categories) cat
                            WHERE namwoo_fold(cat->>'name') ~ ${$.accessoryPattern})) AS accessory,
               s.score * CASE WHEN p.name_folded ~ ${$.accessoryPattern}
                                THEN CASE WHEN ${$.accessoryIntent} THEN 1.0 ELSE ${$.accessoryFactor}::float8 END
                              ELSE CASE WHEN ${$.accessoryIntent} THEN ${$.mainFactor}::float8 ELSE 1.0 END END
                 AS final_score,
               -- The price the order and the range apply to: the product's, or its cheapest variation in range.
               CASE WHEN ${inRange('p.customer_price')} THEN p.customer_price
                    ELSE (SELECT min(c.price) FROM products c
                           WHERE c.parent_wc_id = p.wc_id AND ${inRange('c.price')}
                             AND (NOT ${$.inStockOnly} OR c.available)) END AS sort_price
        FROM products_scored s
        JOIN products p ON p.wc_id = s.product_wc_id AND p.parent_wc_id IS NULL
        WHERE NOT ${$.inStockOnly} OR p.available
      ),
      judged AS (
        SELECT c.*, max(final_score) OVER () AS best, bool_or(worded) OVER () AS any_worded,
               max(head_matched) FILTER (WHERE NOT accessory OR ${$.accessoryIntent}) OVER () AS best_head_matched,
               first_value(categories) OVER (ORDER BY accessory AND NOT ${$.accessoryIntent}, final_score DESC, product_id)
                 AS best_categories,
               percent_rank() OVER (ORDER BY sort_price NULLS LAST) AS price_rank
        FROM candidates c
        WHERE NOT ${bounded} OR sort_price IS NOT NULL
      ),
      ranked AS (
        SELECT j.*, row_number() OVER (
                 ORDER BY CASE WHEN ${$.sort}::text = 'price_asc' THEN sort_price END ASC NULLS LAST,
                          CASE WHEN ${$.sort}::text = 'price_desc' THEN sort_price END DESC NULLS LAST,
                          final_score * CASE WHEN ${$.preferLowPrice}
                                             THEN 1 + ${$.lowPriceBoost}::float8 * (1 - price_rank) ELSE 1 END DESC,
                          product_id) AS position
        FROM judged j
        WHERE final_score >= ${$.relevanceCut}::float8 * best
          -- Nothing in the catalog has any word asked for: the nearest vectors are not answers.
          AND (NOT ${$.requireWordMatch} OR any_worded)
          AND (NOT ${$.requireWordMatch} OR worded OR final_score >= ${$.vectorOnlyCut}::float8 * best)
          -- With a price order or range, only products of the kind asked for: "the cheapest TV" is a TV (named or
          -- filed as one, with as many of the asked words as the best), not a wall mount or a soundbar.
          AND (NOT ${kindRules} OR ${$.accessoryIntent} OR NOT accessory)
          AND (NOT ${kindRules} OR coalesce(best_head_matched, 0) = 0
               OR head_matched >= best_head_matched)
          -- ... and filed like the best match ("aire acondicionado" is an air conditioner, not an air fryer).
          AND (NOT ${kindRules} OR jsonb_array_length(best_categories) = 0
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(categories) x, jsonb_array_elements(best_categories) y
                           WHERE x->'id' = y->'id'))
        ORDER BY position
        LIMIT ${$.limit}
      )
      SELECT ${storedColumnsSql('p', {
        price: 'coalesce(p.customer_price, p.price)',
        stock_status: 'coalesce(children.best_status, p.stock_status)',
        stock_quantity: `CASE WHEN children.best_status IS NOT NULL AND p.stock_quantity IS NULL
                              THEN children.quantity ELSE p.stock_quantity END`,
      })},
             r.final_score::float8 AS score,
             CASE WHEN v.id IS NOT NULL THEN ${storedColumnsJson('v')} END AS variation
      FROM ranked r
      JOIN products p ON p.id = r.product_id
      -- The variation the customer named (its SKU, or the most of its attribute values: "rojo", "256 GB"), or the
      -- one in the asked price range when the product's own price is not.
      LEFT JOIN LATERAL (
        SELECT c.*, hits.n
        FROM products c,
             LATERAL (
               SELECT CASE WHEN c.sku_key IS NOT NULL
                             AND (c.sku_key = regexp_replace(namwoo_fold(${$.query}), '[^a-z0-9]', '', 'g')
                                  OR position(' ' || c.sku_key || ' ' IN ${$.variationWords}) > 0) THEN 10 ELSE 0 END
                      + (SELECT count(*)
                           FROM jsonb_array_elements(c.attributes) a,
                                jsonb_array_elements_text(a->'options') o
                          WHERE position(' ' || regexp_replace(namwoo_fold(o), '[^a-z0-9]', '', 'g') || ' ' IN ${$.variationWords}) > 0)
                      AS n
             ) hits
        WHERE c.parent_wc_id = p.wc_id AND (NOT ${$.inStockOnly} OR c.stock_status <> 'outofstock')
          AND ${inRange('c.price')}
        ORDER BY hits.n DESC, (c.stock_status = 'instock') DESC,
                 CASE WHEN ${bounded} THEN c.price END, c.wc_id
        LIMIT 1
      ) v ON v.n > 0 OR (${bounded} AND NOT coalesce(${inRange('p.customer_price')}, false))
      LEFT JOIN LATERAL (
        SELECT CASE WHEN bool_or(c.stock_status = 'instock') THEN 'instock'
                    WHEN bool_or(c.stock_status = 'onbackorder') THEN 'onbackorder'
                    ELSE 'outofstock' END AS best_status,
               sum(c.stock_quantity) FILTER (WHERE c.stock_status <> 'outofstock')::int AS quantity
        FROM products c WHERE c.parent_wc_id = p.wc_id
        HAVING count(*) > 0
      ) children ON p.type = 'variable'
      ORDER BY r.position`;
  return { sql, values };
}
