import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { ProductRepository } from '../catalog/product.repository';
import { SearchIndexService } from '../catalog/search-index.service';
import { withAdvisoryLock } from '../database/advisory-lock';
import { WooCommerceClient } from '../woocommerce/woocommerce.client';
import type { WcCatalog } from '../woocommerce/woocommerce.types';
import { StaticCatalogSource, WooCommerceSource, type CatalogSource } from './catalog-source';
import { EmbeddingIndexer } from './embedding-indexer';
import type { SyncKind } from './sync-run.types';
import { SyncRunRepository } from './sync-run.repository';
import { PageIngester } from './page-ingester';
import { WcIdSet } from './wc-id-set';
import {
  SyncAlreadyRunningError,
  type RunState,
  type SyncMode,
  type SyncOptions,
  type SyncSummary,
} from './sync.types';

export { SyncAlreadyRunningError };
export type { SyncMode, SyncOptions, SyncProgress, SyncSummary } from './sync.types';

/** Held for the whole run, across app instances and CLI processes. */
export const SYNC_LOCK = 'namwoo:sync';
/**
 * Incremental runs ask for products modified after the last watermark minus this overlap: a product saved in the
 * same second as the watermark, or during the previous run, is fetched again (harmless: unchanged rows cost nothing).
 */
const INCREMENTAL_OVERLAP_MS = 5 * 60_000;
/** Well inside HEARTBEAT_STALE_SECONDS, so a live run is never taken for a crashed one. */
const HEARTBEAT_EVERY_MS = 20_000;

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
    private readonly ingester: PageIngester,
    private readonly searchIndexes: SearchIndexService,
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
    // A run that writes every vector (the first import, a new embedding model, --reembed) would insert each row
    // into the HNSW graph and the full-text and trigram indexes as it is written; without them until the end, each
    // is built once instead (several times cheaper).
    const bulk =
      kind !== 'incremental' &&
      (options.reembed === true || !(await this.products.hasVectorsOf(this.indexer.model)));
    const dropped = bulk ? await this.searchIndexes.suspend() : [];
    if (dropped.length > 0) {
      this.logger.log({
        msg: `search indexes dropped for the bulk import (${dropped.join(', ')}); they are built again at the end`,
        runId,
      });
    }
    try {
      return await this.executeRun(run, kind, source, options, since, bulk);
    } finally {
      clearInterval(heartbeat);
      // Also after a failure: search must not stay without its indexes (and every start builds them when missing).
      if (bulk) await this.buildSearchIndexes(runId);
    }
  }

  private async buildSearchIndexes(runId: string): Promise<void> {
    try {
      await this.searchIndexes.ensure();
    } catch (e) {
      this.logger.error({
        msg: `could not build the search indexes (searches scan the table until the next start): ${e instanceof Error ? e.message : String(e)}`,
        runId,
      });
    }
  }

  private async executeRun(
    run: { id: string },
    kind: SyncKind,
    source: CatalogSource,
    options: SyncOptions,
    since: Date | null,
    bulk: boolean,
  ): Promise<SyncSummary> {
    const started = performance.now();
    const state: RunState = {
      kind,
      fetched: 0,
      created: 0,
      updated: 0,
      deleted: 0,
      errors: 0,
      seen: new WcIdSet(),
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
    // A table that grows from (nearly) empty keeps the planner's statistics of an empty table, and the plans cached
    // then stay for the whole run: the availability trigger's parent update, planned on an empty table, walks the
    // price index over every product for each variation written (about 15 s of CPU in an embedded first import of 10,000 products).
    // One ANALYZE once this run has more than doubled the table gives it plans that use the wc_id index.
    const rowsAtStart = await this.products.total();
    let analyzed = false;
    // Page N+1 is mapped and embedded while page N is written: the database (PostgreSQL's server, or PGlite in its
    // own thread) works while this thread does (docs/sync.md, "Third round"). At most one write is in flight.
    let writing: Promise<void> | undefined;
    try {
      for await (const page of source.pages(modifiedAfter)) {
        if (this.stopping) throw new Error('stopped: the app is shutting down');
        const prepared = await this.ingester.prepare(page, state, bulk && !options.reembed);
        await writing;
        writing = this.ingester.write(prepared, state).then(async () => {
          if (!analyzed && state.created > rowsAtStart) {
            await this.products.analyze();
            analyzed = true;
          }
          options.onProgress?.({ phase: 'fetch', done: page.page, total: page.totalPages });
        });
        writing.catch(() => undefined); // observed by the next page's `await writing`, or below
      }
      await writing;
    } catch (e) {
      await writing?.catch(() => undefined);
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

    if (bulk) await this.buildSearchIndexes(run.id);

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
}
