import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { float4ArrayParam } from '../database/sql-params';
import { PRODUCT_COLUMNS, type ProductRow } from './product-row';

/** A row to upsert, with its vector when the caller already embedded its (changed) text. */
export type ProductRowWithEmbedding = ProductRow & { embedding?: number[]; embeddingModel?: string };

/** What is stored for a wc_id: decides whether its text must be embedded again. */
export interface StoredContent {
  contentHash: string | null;
  embeddingModel: string | null;
  hasEmbedding: boolean;
}

export interface UpsertOutcome {
  created: number;
  updated: number;
  /** Rows the database refused (e.g. an SKU already used by another product); the rest of the batch is saved. */
  failed: { wcId: number; reason: string }[];
}

export interface RowToEmbed {
  id: string;
  text: string;
}

export interface StoredEmbeddingModel {
  model: string | null;
  dimensions: number;
  rows: number;
}

const NAMES = PRODUCT_COLUMNS.map(([c]) => c);
const RECORD_TYPE = [
  ...PRODUCT_COLUMNS.map(([c, t]) => `${c} ${t}`),
  'embedding_from integer',
  'embedding_dims integer',
  'embedding_model text',
].join(', ');
const CHANGED = PRODUCT_COLUMNS.filter(([c]) => c !== 'wc_id');

/**
 * One statement per batch: rows arrive as one jsonb array, with their vector when the sync embedded them already
 * (so a changed row is written once, not once for its text and again for its vector: every write of a row also
 * rewrites its full-text and trigram index entries). The vectors come apart from the jsonb, end to end in one
 * binary `real[]` (`float4ArrayParam`); a row names its slice (`embedding_from`, `embedding_dims`). An unchanged row is not touched (the WHERE on the conflict
 * branch), so it is neither counted as updated nor loses its vector. A row whose text changed and came without a
 * vector drops the old one, which marks it for the embedding step.
 */
const UPSERT_SQL = `
  WITH incoming AS (
    SELECT r.*,
           CASE WHEN r.embedding_from IS NOT NULL
                THEN (($2::real[])[r.embedding_from + 1 : r.embedding_from + r.embedding_dims])::vector
           END AS embedding
    FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD_TYPE})
  )
  INSERT INTO products AS p (${NAMES.join(', ')}, embedding, embedding_model)
  SELECT ${NAMES.join(', ')}, embedding, embedding_model FROM incoming
  ON CONFLICT (wc_id) DO UPDATE SET
    ${CHANGED.map(([c]) => `${c} = EXCLUDED.${c}`).join(',\n    ')},
    embedding = CASE WHEN EXCLUDED.embedding IS NOT NULL THEN EXCLUDED.embedding
                     WHEN p.content_hash IS DISTINCT FROM EXCLUDED.content_hash THEN NULL
                     ELSE p.embedding END,
    embedding_model = CASE WHEN EXCLUDED.embedding IS NOT NULL THEN EXCLUDED.embedding_model
                           WHEN p.content_hash IS DISTINCT FROM EXCLUDED.content_hash THEN NULL
                           ELSE p.embedding_model END,
    synced_at = now(),
    updated_at = now()
  WHERE EXCLUDED.embedding IS NOT NULL
     OR (${CHANGED.map(([c]) => `p.${c}`).join(', ')})
        IS DISTINCT FROM (${CHANGED.map(([c]) => `EXCLUDED.${c}`).join(', ')})
  RETURNING p.wc_id, (xmax = 0) AS inserted`;

/**
 * The vocabulary for typo correction (search_words) from the rows a batch changed, in one statement: the upsert's
 * transaction sets `namwoo.search_words = 'batch'`, so the per-row trigger leaves this to us (migration
 * SearchWordsPerBatch1764600000150, whose word rule this gives). The rule folds the rows' text and splits it on
 * [^a-z0-9]; folding (lower-case, accents off) maps character by character and leaves ASCII spaces and punctuation
 * as they are, so the text is cut at those first and only its distinct pieces are folded and split again: the same
 * words, with `namwoo_fold` run over a batch's few thousand distinct pieces instead of all its text (about 4.9 M
 * characters in a 10,000-product import, 3.5 s → 1.5 s of PGlite's time). test/service/search-words.spec.ts checks
 * the result against the rule.
 */
const SEARCH_WORDS_SQL = `
  WITH pieces AS (
    SELECT DISTINCT piece
    FROM products,
         regexp_split_to_table(concat_ws(' ', name_folded, search_text, categories::text, attributes::text),
           '[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+') AS piece
    WHERE wc_id = ANY(%IDS%::bigint[])
  )
  INSERT INTO search_words (word)
  SELECT DISTINCT w
  FROM pieces, regexp_split_to_table(namwoo_fold(piece), '[^a-z0-9]+') AS w
  WHERE length(w) BETWEEN 3 AND 30 AND w !~ '[0-9]'
    AND w <> ALL (ARRAY['name', 'slug', 'options', 'variation', 'true', 'false', 'null'])
  ON CONFLICT DO NOTHING`;

/** The vocabulary statement for these rows (whole numbers from the database, written into the statement). */
function searchWordsOf(wcIds: number[]): string {
  if (!wcIds.every((id) => Number.isSafeInteger(id))) throw new Error('a wc_id is not a whole number');
  return SEARCH_WORDS_SQL.replace('%IDS%', `'{${wcIds.join(',')}}'`);
}

/** One row for the upsert's jsonb; its vector, if any, is `vectors`' next slice (appended here). */
function toRecord(
  row: ProductRowWithEmbedding,
  vectors: number[][],
  floats: { n: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, , key] of PRODUCT_COLUMNS) {
    const v = row[key];
    out[column] = v instanceof Date ? v.toISOString() : v;
  }
  if (row.embedding) {
    out.embedding_from = floats.n;
    out.embedding_dims = row.embedding.length;
    out.embedding_model = row.embeddingModel ?? null;
    vectors.push(row.embedding);
    floats.n += row.embedding.length;
  }
  return out;
}

/** The products table for the sync: batched upserts, deletions, and the embedding bookkeeping. */
@Injectable()
export class ProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts or updates a batch in one transaction, in three round trips (there were seven): `BEGIN` with the
   * vocabulary setting, the upsert, and the vocabulary statement with `COMMIT`. While the sync prepares the next
   * page, each round trip also waits for this process to take the answer. If the batch fails (one bad row, e.g. an
   * SKU clash), it is rolled back and each row is written again under its own savepoint, so only the bad rows are
   * skipped.
   */
  async upsertBatch(rows: ProductRowWithEmbedding[]): Promise<UpsertOutcome> {
    if (rows.length === 0) return { created: 0, updated: 0, failed: [] };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Without parameters these go as one simple query each, several statements in one round trip.
      await runner.query(`BEGIN; SET LOCAL namwoo.search_words = 'batch'`);
      try {
        const changed: number[] = [];
        const result = await this.upsertRows(runner.manager, rows, changed);
        await runner.query(`${changed.length > 0 ? `${searchWordsOf(changed)};` : ''} COMMIT`);
        return { ...result, failed: [] };
      } catch {
        await runner.query('ROLLBACK').catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
    return this.upsertRowByRow(rows);
  }

  /** `upsertBatch`'s way round a batch that failed: each row under its own savepoint. */
  private async upsertRowByRow(rows: ProductRowWithEmbedding[]): Promise<UpsertOutcome> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SET LOCAL namwoo.search_words = 'batch'`);
      const changed: number[] = [];
      const outcome: UpsertOutcome = { created: 0, updated: 0, failed: [] };
      for (const row of rows) {
        await em.query('SAVEPOINT one');
        try {
          const r = await this.upsertRows(em, [row], changed);
          await em.query('RELEASE SAVEPOINT one');
          outcome.created += r.created;
          outcome.updated += r.updated;
        } catch (e) {
          await em.query('ROLLBACK TO SAVEPOINT one');
          outcome.failed.push({ wcId: row.wcId, reason: e instanceof Error ? e.message : String(e) });
        }
      }
      if (changed.length > 0) await em.query(searchWordsOf(changed));
      return outcome;
    });
  }

  /** Upserts `rows`, adding the wc_ids it inserted or changed to `changed`. */
  private async upsertRows(
    em: EntityManager,
    rows: ProductRowWithEmbedding[],
    changed: number[],
  ): Promise<{ created: number; updated: number }> {
    const vectors: number[][] = [];
    const floats = { n: 0 };
    const records = JSON.stringify(rows.map((row) => toRecord(row, vectors, floats)));
    const result = await em.query<{ wc_id: string; inserted: boolean }[]>(UPSERT_SQL, [
      records,
      vectors.length > 0 ? float4ArrayParam(vectors) : null,
    ]);
    for (const r of result) changed.push(Number(r.wc_id));
    const created = result.filter((r) => r.inserted).length;
    return { created, updated: result.length - created };
  }

  /** The stored hash and embedding state of these products (those not stored yet are absent). */
  async storedContent(wcIds: number[]): Promise<Map<number, StoredContent>> {
    const rows = await this.dataSource.query<
      { wc_id: string; content_hash: string | null; embedding_model: string | null; has_embedding: boolean }[]
    >(
      `SELECT wc_id, content_hash, embedding_model, embedding IS NOT NULL AS has_embedding
       FROM products WHERE wc_id = ANY($1::bigint[])`,
      [wcIds],
    );
    return new Map(
      rows.map((r) => [
        Number(r.wc_id),
        { contentHash: r.content_hash, embeddingModel: r.embedding_model, hasEmbedding: r.has_embedding },
      ]),
    );
  }

  /** Full sync: removes every product and variation the store no longer lists. Returns how many went. */
  async deleteAllExcept(keepWcIds: number[]): Promise<number> {
    // A SELECT over the DELETE: TypeORM answers a bare DELETE … RETURNING with [rows, affected], not rows.
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM products WHERE NOT (wc_id = ANY($1::bigint[])) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [keepWcIds],
    );
    return rows[0]?.n ?? 0;
  }

  /** Incremental sync: variations of one variable product that it no longer has. */
  async deleteVariationsExcept(parentWcId: number, keepWcIds: number[]): Promise<number> {
    // A SELECT over the DELETE: TypeORM answers a bare DELETE … RETURNING with [rows, affected], not rows.
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH gone AS (
         DELETE FROM products WHERE parent_wc_id = $1 AND NOT (wc_id = ANY($2::bigint[])) RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [parentWcId, keepWcIds],
    );
    return rows[0]?.n ?? 0;
  }

  /** Rows whose text changed since they were embedded, that were never embedded, or embedded by another model. */
  async countNeedingEmbedding(model: string, all = false): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM products
       WHERE $2::boolean OR embedding IS NULL OR embedding_model IS DISTINCT FROM $1`,
      [model, all],
    );
    return rows[0]?.n ?? 0;
  }

  /** The next rows to embed after `afterId` (keyset paging, so rows embedded meanwhile are not revisited). */
  async findNeedingEmbedding(
    model: string,
    afterId: string,
    limit: number,
    all = false,
  ): Promise<RowToEmbed[]> {
    return this.dataSource.query<RowToEmbed[]>(
      `SELECT p.id::text AS id, p.search_text AS text FROM products p
       WHERE p.id > $2::bigint AND ($4::boolean OR p.embedding IS NULL OR p.embedding_model IS DISTINCT FROM $1)
       ORDER BY p.id
       LIMIT $3`,
      [model, afterId, limit, all],
    );
  }

  async storeEmbeddings(items: { id: string; vector: number[] }[], model: string): Promise<void> {
    if (items.length === 0) return;
    // The vectors end to end in one binary real[] (float4ArrayParam); the i-th id (from 1) takes the i-th slice.
    const dimensions = items[0].vector.length;
    if (items.some((i) => i.vector.length !== dimensions))
      throw new Error(`${model} returned vectors of different lengths in one batch`);
    await this.dataSource.query(
      `UPDATE products AS p
       SET embedding = (($2::real[])[(v.n::int - 1) * $4::int + 1 : v.n::int * $4::int])::vector,
           embedding_model = $3, updated_at = now()
       FROM unnest($1::bigint[]) WITH ORDINALITY AS v(id, n)
       WHERE p.id = v.id`,
      [items.map((i) => i.id), float4ArrayParam(items.map((i) => i.vector)), model, dimensions],
    );
  }

  /** Whether any row has a vector of this model (none: the next sync is a bulk import of every vector). */
  async hasVectorsOf(model: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM products WHERE embedding_model = $1 AND embedding IS NOT NULL) AS found`,
      [model],
    );
    return rows[0]?.found ?? false;
  }

  /** Which models and dimensions made the stored vectors (start-up check against the configured embedder). */
  async storedEmbeddingModels(): Promise<StoredEmbeddingModel[]> {
    return this.dataSource.query<StoredEmbeddingModel[]>(
      `SELECT embedding_model AS model, vector_dims(embedding) AS dimensions, count(*)::int AS rows
       FROM products WHERE embedding IS NOT NULL
       GROUP BY 1, 2 ORDER BY 3 DESC`,
    );
  }

  /**
   * Refreshes the planner's statistics after a bulk change. PGlite has no autovacuum, so without this the planner
   * keeps believing the table is empty and joins the vector updates by sequential scan (seconds per batch at 10k
   * rows); on PostgreSQL it only runs earlier than autovacuum would.
   */
  async analyze(): Promise<void> {
    await this.dataSource.query(`ANALYZE products`);
  }

  /** Products and variations together. */
  async total(): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM products`);
    return rows[0]?.n ?? 0;
  }

  async count(): Promise<{ products: number; variations: number }> {
    const rows = await this.dataSource.query<{ products: number; variations: number }[]>(
      `SELECT count(*) FILTER (WHERE parent_wc_id IS NULL)::int AS products,
              count(*) FILTER (WHERE parent_wc_id IS NOT NULL)::int AS variations
       FROM products`,
    );
    return rows[0] ?? { products: 0, variations: 0 };
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.dataSource.query<{ empty: boolean }[]>(
      `SELECT NOT EXISTS (SELECT 1 FROM products) AS empty`,
    );
    return rows[0]?.empty ?? true;
  }
}
