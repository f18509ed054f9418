import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import type { ProductRow } from '../catalog/product-row';
import { ProductRepository, type ProductRowWithEmbedding } from '../catalog/product.repository';
import { withAdvisoryLock } from '../database/advisory-lock';
import { WooCommerceClient } from '../woocommerce/woocommerce.client';
import type { WcCatalog, WcVariation } from '../woocommerce/woocommerce.types';
import {
  StaticCatalogSource,
  WooCommerceSource,
  type CatalogSource,
  type SourcePage,
} from './catalog-source';
import { EmbeddingIndexer } from './embedding-indexer';
import type { SyncKind } from './sync-run.types';
import { SyncRunRepository } from './sync-run.repository';
import { mapProduct, mapVariation, parseGmt } from './wc-product.mapper';

/** Held for the whole run, across app instances and CLI processes. */
export const SYNC_LOCK = 'namwoo:sync';
/**
 * Incremental runs ask for products modified after the last watermark minus this overlap: a product saved in the
 * same second as the watermark, or during the previous run, is fetched again (harmless: unchanged rows cost nothing).
 */
const INCREMENTAL_OVERLAP_MS = 5 * 60_000;
/** Well inside HEARTBEAT_STALE_SECONDS, so a live run is never taken for a crashed one. */
const HEARTBEAT_EVERY_MS = 20_000;

export type SyncMode = 'full' | 'incremental' | 'auto';

export interface SyncProgress {
  phase: 'fetch' | 'embed';
  done: number;
  total: number;
}

export interface SyncOptions {
  mode: SyncMode;
  /** Re-embed every row, not only the changed ones (after a change of embedding model). */
  reembed?: boolean;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncSummary {
  runId: string;
  kind: SyncKind;
  status: 'succeeded' | 'failed';
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  embedded: number;
  embeddingBatches: number;
  errors: number;
  durationMs: number;
  /** Part of `durationMs` spent in the final embedding step (rows left over, `--reembed`, another model). */
  embeddingMs: number;
  error: string | null;
}

/** Another run holds the sync lock (in this process, another instance or the CLI). */
export class SyncAlreadyRunningError extends AppError {
  override name = 'SyncAlreadyRunningError';
  constructor() {
    super('conflict', 'another catalog sync is running; try again when it has finished');
  }
}

interface RunState {
  kind: SyncKind;
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  errors: number;
  /** Every wc_id the store listed (or that we keep despite an error); a full run deletes the rest. */
  seen: Set<number>;
  /** False once a page or a product's variations could not be fetched: then nothing is deleted. */
  complete: boolean;
  /** Rows embedded while ingesting pages; after an embedding failure, left to the final embedding step. */
  embedded: number;
  embeddingBatches: number;
  embedInline: boolean;
  watermark: Date | null;
}

/**
 * Decides what a sync run does: which products to fetch (full or incremental), what to delete, what to embed,
 * and records the run. I/O lives in the WooCommerce client, the repositories and the embedder.
 */
@Injectable()
export class SyncService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('SyncService');
  private current: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly client: WooCommerceClient,
    private readonly products: ProductRepository,
    private readonly runs: SyncRunRepository,
    private readonly indexer: EmbeddingIndexer,
  ) {}

  /** Syncs from the configured store. Throws `SyncAlreadyRunningError` when a run is in progress anywhere. */
  async sync(options: SyncOptions): Promise<SyncSummary> {
    if (!this.client.isConfigured) {
      throw new AppError(
        'unavailable',
        'WooCommerce is not configured: set WOOCOMMERCE_URL, WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET',
      );
    }
    const source = new WooCommerceSource(this.client, this.config.woocommerce.concurrency);
    return this.locked(async () => {
      const kind = await this.chooseKind(options.mode);
      const since = kind === 'incremental' ? await this.runs.lastSuccessfulWatermark() : null;
      return this.execute(kind, source, options, since);
    });
  }

  /** Loads a catalog in memory (the demo) through the same mapping, upsert and embedding as a store sync. */
  async loadCatalog(catalog: WcCatalog): Promise<SyncSummary> {
    return this.locked(() => this.execute('demo', new StaticCatalogSource(catalog), { mode: 'full' }, null));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.current?.catch(() => undefined);
  }

  private async locked(fn: () => Promise<SyncSummary>): Promise<SyncSummary> {
    // Advisory locks are per session and PGlite serves every connection from one session: the in-process guard and
    // the run heartbeat (startUnlessRunning) keep runs apart there; the lock does it on PostgreSQL.
    if (this.current) throw new SyncAlreadyRunningError();
    const run = withAdvisoryLock(this.dataSource, SYNC_LOCK, fn, { wait: false });
    this.current = run;
    try {
      const outcome = await run;
      if (!outcome.acquired) throw new SyncAlreadyRunningError();
      return outcome.result;
    } finally {
      this.current = null;
    }
  }

  private async chooseKind(mode: SyncMode): Promise<'full' | 'incremental'> {
    if (mode === 'full') return 'full';
    // Incremental needs a starting point; without one (first run ever) only a full run is correct.
    if (!(await this.runs.lastSuccessfulWatermark())) return 'full';
    if (mode === 'incremental') return 'incremental';
    const lastFull = await this.runs.lastSuccessful('full');
    const fullDueMs = this.config.sync.fullEveryHours * 3600_000;
    return !lastFull || Date.now() - lastFull.startedAt.getTime() >= fullDueMs ? 'full' : 'incremental';
  }

  private async execute(
    kind: SyncKind,
    source: CatalogSource,
    options: SyncOptions,
    since: Date | null,
  ): Promise<SyncSummary> {
    await this.runs.closeAbandoned();
    const runId = await this.runs.startUnlessRunning(kind);
    if (!runId) throw new SyncAlreadyRunningError();
    const run = { id: runId };
    const heartbeat = setInterval(() => {
      this.runs.heartbeat(runId).catch(() => undefined);
    }, HEARTBEAT_EVERY_MS);
    try {
      return await this.executeRun(run, kind, source, options, since);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async executeRun(
    run: { id: string },
    kind: SyncKind,
    source: CatalogSource,
    options: SyncOptions,
    since: Date | null,
  ): Promise<SyncSummary> {
    const started = performance.now();
    const state: RunState = {
      kind,
      fetched: 0,
      created: 0,
      updated: 0,
      deleted: 0,
      errors: 0,
      seen: new Set(),
      complete: true,
      watermark: since,
      embedded: 0,
      embeddingBatches: 0,
      // --reembed re-embeds everything in the final step; embedding changed rows on the way would do some twice.
      embedInline: !options.reembed,
    };
    const modifiedAfter = since ? new Date(since.getTime() - INCREMENTAL_OVERLAP_MS) : undefined;
    this.logger.log({
      msg: `${kind} sync started${modifiedAfter ? ` (modified after ${modifiedAfter.toISOString()})` : ''}`,
      runId: run.id,
    });
    let failure: string | null = null;
    try {
      for await (const page of source.pages(modifiedAfter)) {
        if (this.stopping) throw new Error('stopped: the app is shutting down');
        await this.ingestPage(page, state);
        options.onProgress?.({ phase: 'fetch', done: page.page, total: page.totalPages });
      }
    } catch (e) {
      state.complete = false;
      failure = e instanceof Error ? e.message : String(e);
      this.logger.error({ msg: `${kind} sync: fetching stopped: ${failure}`, runId: run.id });
    }

    if (state.complete && kind !== 'incremental') {
      state.deleted += await this.products.deleteAllExcept([...state.seen]);
    } else if (!state.complete && kind !== 'incremental') {
      this.logger.warn({ msg: 'listing incomplete: nothing deleted this run', runId: run.id });
    }

    if (state.created + state.updated + state.deleted > 0) await this.products.analyze();

    const embeddingStarted = performance.now();
    let embedded = state.embedded;
    let embeddingBatches = state.embeddingBatches;
    try {
      const outcome = await this.indexer.embedPending({
        all: options.reembed,
        onProgress: (p) => options.onProgress?.({ phase: 'embed', ...p }),
        shouldStop: () => this.stopping,
      });
      embedded += outcome.embedded;
      embeddingBatches += outcome.batches;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      failure = failure ?? message;
      this.logger.error({ msg: `embedding failed: ${message}`, runId: run.id });
    }

    const status = failure ? 'failed' : 'succeeded';
    await this.runs.finish(run.id, {
      status,
      fetched: state.fetched,
      created: state.created,
      updated: state.updated,
      deleted: state.deleted,
      embedded,
      errors: state.errors + (failure ? 1 : 0),
      errorMessage: failure,
      // A run that could not read some products must not move the starting point of the next incremental run
      // past them.
      watermark: status === 'failed' ? null : state.complete ? state.watermark : since,
    });
    const summary: SyncSummary = {
      runId: run.id,
      kind,
      status,
      fetched: state.fetched,
      created: state.created,
      updated: state.updated,
      deleted: state.deleted,
      embedded,
      embeddingBatches,
      errors: state.errors + (failure ? 1 : 0),
      durationMs: Math.round(performance.now() - started),
      embeddingMs: Math.round(performance.now() - embeddingStarted),
      error: failure,
    };
    const { runId, ...counts } = summary;
    if (failure) this.logger.error({ msg: `${kind} sync failed: ${failure}`, runId, ...counts });
    else this.logger.log({ msg: `${kind} sync finished`, runId, ...counts });
    return summary;
  }

  /** Maps and upserts one listing page, with the variations of its variable products. */
  private async ingestPage(page: SourcePage, state: RunState): Promise<void> {
    const model = this.indexer.model;
    const products = page.products.filter((p) => !state.seen.has(p.id));
    const variationsOf = new Map<number, WcVariation[]>();
    for (const [productId, fetched] of page.variations) {
      if (!(fetched instanceof Error)) {
        variationsOf.set(productId, fetched);
        continue;
      }
      // The parent is still saved; its stored variations stay, and this run deletes nothing.
      state.errors++;
      state.complete = false;
      const parent = products.find((p) => p.id === productId);
      for (const id of parent?.variations ?? []) state.seen.add(id);
      this.logger.error({ msg: `variations of product ${productId} not fetched: ${fetched.message}` });
    }
    const rows: ProductRow[] = [];
    for (const p of products) {
      state.seen.add(p.id);
      state.fetched++;
      const modified = parseGmt(p.date_modified_gmt);
      if (modified && (!state.watermark || modified > state.watermark)) state.watermark = modified;
      const variations = variationsOf.get(p.id);
      try {
        rows.push(mapProduct(p, model, variations ?? []));
        for (const v of variations ?? []) {
          state.seen.add(v.id);
          state.fetched++;
          rows.push(mapVariation(p, v, model));
        }
      } catch (e) {
        // Kept as it was (in `seen`), never deleted because of our own mapping problem.
        state.errors++;
        for (const id of p.variations ?? []) state.seen.add(id);
        this.logger.error({
          msg: `product ${p.id} skipped: cannot map it (${e instanceof Error ? e.message : String(e)})`,
        });
      }
    }
    let toWrite: ProductRowWithEmbedding[] = rows;
    if (state.embedInline) {
      try {
        const embedded = await this.indexer.embedChanged(rows);
        toWrite = embedded.rows;
        state.embeddingBatches += embedded.batches;
      } catch (e) {
        state.embedInline = false;
        this.logger.warn({
          msg: `embedding while fetching failed, continuing without (retried at the end of the run): ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
    const outcome = await this.products.upsertBatch(toWrite);
    state.created += outcome.created;
    state.updated += outcome.updated;
    const failedIds = new Set(outcome.failed.map((f) => f.wcId));
    state.embedded += toWrite.filter((r) => r.embedding && !failedIds.has(r.wcId)).length;
    for (const f of outcome.failed) {
      state.errors++;
      this.logger.error({ msg: `product ${f.wcId} skipped: ${f.reason}`, wcId: f.wcId });
    }
    if (state.kind === 'incremental') {
      // Incremental runs never see the full listing, so variations a changed product no longer has go here.
      for (const p of products) {
        const variations = variationsOf.get(p.id);
        if (p.type === 'variable' && !variations) continue;
        state.deleted += await this.products.deleteVariationsExcept(
          p.id,
          (variations ?? []).map((v) => v.id),
        );
      }
    }
  }
}
