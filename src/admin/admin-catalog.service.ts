import { Injectable, Logger } from '@nestjs/common';
import { CatalogSearchService, DEFAULT_TUNING, type SearchTuning } from '../catalog/catalog-search.service';
import type { ProductSearchResult } from '../catalog/catalog.types';
import { AppConfig } from '../config/app-config';
import {
  SyncAlreadyRunningError,
  SyncService,
  type SyncProgress,
  type SyncSummary,
} from '../sync/sync.service';
import { SyncRunRepository } from '../sync/sync-run.repository';
import type { SyncRun } from '../sync/sync-run.types';
import { AdminRepository } from './admin.repository';

type Lane = 'vector' | 'text' | 'model';
const LANES: Lane[] = ['vector', 'text', 'model'];

export interface PlaygroundHit extends ProductSearchResult {
  /** This product's rank when each lane searches alone (null: that lane did not find it in its top results). */
  laneRanks: Record<Lane, number | null>;
}

export interface SearchPlayground {
  query: string;
  inStockOnly: boolean;
  /** How the query was understood: typo fixes, synonym groups, filters. */
  understood: string[];
  hits: PlaygroundHit[];
  ms: number;
}

export interface SyncState {
  running: boolean;
  startedAt: Date | null;
  progress: SyncProgress | null;
  last: SyncSummary | null;
  error: string | null;
}

const LIMIT = 10;

/** The catalog page: a search playground that shows each lane's part, the sync runs, and "sync now". */
@Injectable()
export class AdminCatalogService {
  private readonly logger = new Logger('Console');
  private state: SyncState = { running: false, startedAt: null, progress: null, last: null, error: null };

  constructor(
    private readonly search: CatalogSearchService,
    private readonly sync: SyncService,
    private readonly repository: AdminRepository,
    private readonly syncRuns: SyncRunRepository,
    private readonly config: AppConfig,
  ) {}

  get woocommerceConfigured(): boolean {
    return this.config.isWooCommerceConfigured;
  }

  async playground(query: string, inStockOnly: boolean): Promise<SearchPlayground> {
    const started = Date.now();
    const options = { inStockOnly, limit: LIMIT };
    const [hits, params, ...alone] = await Promise.all([
      this.search.search(query, options),
      this.search.searchParams(query, options),
      ...LANES.map((lane) => this.search.search(query, { inStockOnly, limit: 30 }, only(lane))),
    ]);
    const understood: string[] = [];
    if (params) {
      for (const c of params.concepts)
        if (c.includes('|')) understood.push(`same meaning: ${c.split('|').join(' = ')}`);
      if (params.accessory.intent) understood.push('asks for an accessory');
    }
    understood.push(inStockOnly ? 'only products in stock' : 'in and out of stock');
    return {
      query,
      inStockOnly,
      understood,
      ms: Date.now() - started,
      hits: hits.map((h) => ({
        ...h,
        laneRanks: Object.fromEntries(
          LANES.map((lane, i) => {
            const rank = alone[i].findIndex((r) => r.wcProductId === h.wcProductId);
            return [lane, rank === -1 ? null : rank + 1];
          }),
        ) as Record<Lane, number | null>,
      })),
    };
  }

  runs(): Promise<SyncRun[]> {
    return this.syncRuns.latest(15);
  }

  syncState(): SyncState {
    return { ...this.state };
  }

  /** Starts a sync in the background; the page follows it through `syncState()`. */
  startSync(): { started: boolean; reason?: string } {
    if (!this.config.isWooCommerceConfigured) {
      return { started: false, reason: 'WooCommerce is not configured (WOOCOMMERCE_URL, _KEY, _SECRET).' };
    }
    if (this.state.running) return { started: false, reason: 'A sync started from the console is running.' };
    this.state = { running: true, startedAt: new Date(), progress: null, last: this.state.last, error: null };
    void this.sync
      .sync({ mode: 'auto', onProgress: (p) => (this.state.progress = p) })
      .then((summary) => {
        this.state = { ...this.state, running: false, last: summary, error: summary.error };
      })
      .catch((e: unknown) => {
        const message =
          e instanceof SyncAlreadyRunningError
            ? 'Another sync (the schedule or the CLI) is running; its run appears below when it ends.'
            : (e as Error).message;
        if (!(e instanceof SyncAlreadyRunningError))
          this.logger.error({ msg: 'console sync failed', err: e });
        this.state = { ...this.state, running: false, error: message };
      });
    return { started: true };
  }
}

function only(lane: Lane): SearchTuning {
  return {
    ...DEFAULT_TUNING,
    lanes: { vector: lane === 'vector', text: lane === 'text', model: lane === 'model' },
    typoCorrection: DEFAULT_TUNING.typoCorrection,
  };
}
