import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { vectorArrayParam } from '../database/sql-params';
import type { ProductRow } from './product-row';
import { BATCH_SQL, batchParams } from './product-upsert.sql';

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

/**
 * A batch with its statement's parameters made ahead of its write (`ProductRepository.prepareBatch`): the sync makes
 * them while the database writes the previous page, so the database does not wait on this thread for them
 * (docs/sync.md, "Fifth round").
 */
export interface PreparedBatch {
  rows: ProductRowWithEmbedding[];
  params: ReturnType<typeof batchParams>;
}

/** The products table for the sync: batched upserts, deletions, and the embedding bookkeeping. */
@Injectable()
export class ProductRepository {
  /** The `vector` type's oid in this database (an extension's type: looked up once, again after a failed batch). */
  private vectorOid: number | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts or updates a batch in one statement (`BATCH_SQL`: one round trip, one transaction, where a batch took
   * three). If the batch fails (one bad row, e.g. an SKU clash), nothing of it stays and each row is written again
   * under its own savepoint, so only the bad rows are skipped.
   */
  async upsertBatch(input: ProductRowWithEmbedding[] | PreparedBatch): Promise<UpsertOutcome> {
    const batch = Array.isArray(input) ? await this.prepareBatch(input) : input;
    if (batch.rows.length === 0) return { created: 0, updated: 0, failed: [] };
    try {
      const result = await this.dataSource.query<{ wc_id: string; inserted: boolean }[]>(
        BATCH_SQL,
        batch.params,
      );
      const created = result.filter((r) => r.inserted).length;
      return { created, updated: result.length - created, failed: [] };
    } catch {
      this.vectorOid = undefined; // in case the extension was made again since
    }
    return this.upsertRowByRow(batch.rows);
  }

  /** `upsertBatch`'s parameters for `rows`, made ahead of the write. */
  async prepareBatch(rows: ProductRowWithEmbedding[]): Promise<PreparedBatch> {
    const vectorOid = rows.length > 0 ? await this.vectorTypeOid(this.dataSource.manager) : 0;
    return { rows, params: batchParams(rows, vectorOid) };
  }

  /**
   * `upsertBatch`'s way round a batch that failed: each row as a batch of its own (`BATCH_SQL`, vocabulary
   * included) under its own savepoint, in one transaction.
   */
  private async upsertRowByRow(rows: ProductRowWithEmbedding[]): Promise<UpsertOutcome> {
    return this.dataSource.transaction(async (em) => {
      const outcome: UpsertOutcome = { created: 0, updated: 0, failed: [] };
      for (const row of rows) {
        await em.query('SAVEPOINT one');
        try {
          const params = batchParams([row], await this.vectorTypeOid(em));
          const [result] = await em.query<{ inserted: boolean }[]>(BATCH_SQL, params);
          await em.query('RELEASE SAVEPOINT one');
          if (result?.inserted) outcome.created++;
          else if (result) outcome.updated++;
        } catch (e) {
          await em.query('ROLLBACK TO SAVEPOINT one');
          outcome.failed.push({ wcId: row.wcId, reason: e instanceof Error ? e.message : String(e) });
        }
      }
      return outcome;
    });
  }

  private async vectorTypeOid(em: EntityManager): Promise<number> {
    if (this.vectorOid === undefined) {
      const [row] = await em.query<{ oid: number }[]>(`SELECT 'vector'::regtype::oid::int AS oid`);
      this.vectorOid = row.oid;
    }
    return this.vectorOid;
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
    // The vectors in one binary vector[] (vectorArrayParam), as the upsert sends them; the i-th id takes the i-th.
    const dimensions = items[0].vector.length;
    if (items.some((i) => i.vector.length !== dimensions))
      throw new Error(`${model} returned vectors of different lengths in one batch`);
    const vectorOid = await this.vectorTypeOid(this.dataSource.manager);
    try {
      await this.dataSource.query(
        `UPDATE products AS p
         SET embedding = ($2::vector[])[v.n], embedding_model = $3, updated_at = now()
         FROM unnest($1::bigint[]) WITH ORDINALITY AS v(id, n)
         WHERE p.id = v.id`,
        [
          items.map((i) => i.id),
          vectorArrayParam(
            items.map((i) => i.vector),
            vectorOid,
          ),
          model,
        ],
      );
    } catch (e) {
      this.vectorOid = undefined; // in case the extension was made again since
      throw e;
    }
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
