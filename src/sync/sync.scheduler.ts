import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { SyncAlreadyRunningError, SyncService } from './sync.service';
import { SyncRunRepository } from './sync-run.repository';

const JOB = 'catalog-sync';
/** First run after start when the last successful one is older than the interval: lets the app finish booting. */
const FIRST_RUN_DELAY_MS = 30_000;

/**
 * Runs the catalog sync every `SYNC_INTERVAL_MINUTES` (incremental, full every `SYNC_FULL_EVERY_HOURS`). It decides
 * nothing: it calls the service and logs the outcome; the advisory lock keeps it to one instance at a time.
 * Only the long-running app schedules (the CLI and test contexts have no `SchedulerRegistry`).
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SyncScheduler');
  private firstRun: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly sync: SyncService,
    private readonly runs: SyncRunRepository,
    @Optional() @Inject(SchedulerRegistry) private readonly registry?: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.registry) return;
    const minutes = this.config.sync.intervalMinutes;
    if (minutes <= 0 || !this.config.isWooCommerceConfigured) {
      this.logger.log(
        minutes <= 0
          ? 'catalog sync schedule off (SYNC_INTERVAL_MINUTES=0); run `node dist/cli sync` by hand'
          : 'catalog sync schedule off: WooCommerce is not configured',
      );
      return;
    }
    const intervalMs = minutes * 60_000;
    this.registry.addInterval(
      JOB,
      setInterval(() => this.tick(), intervalMs),
    );
    const last = await this.runs.lastSuccessfulWatermark().catch(() => null);
    const lastRun = await this.runs.latest(1).catch(() => []);
    const stale = !last || !lastRun[0] || Date.now() - lastRun[0].startedAt.getTime() >= intervalMs;
    if (stale) this.firstRun = setTimeout(() => this.tick(), FIRST_RUN_DELAY_MS);
    this.logger.log(
      `catalog sync every ${minutes} min (full every ${this.config.sync.fullEveryHours} h)${stale ? '; first run in 30 s' : ''}`,
    );
  }

  onModuleDestroy(): void {
    clearTimeout(this.firstRun);
    if (this.registry?.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sync
      .sync({ mode: 'auto' })
      .then((s) => {
        if (s.status === 'failed') this.logger.error({ msg: `scheduled ${s.kind} sync failed: ${s.error}` });
      })
      .catch((e: unknown) => {
        if (e instanceof SyncAlreadyRunningError)
          this.logger.log('scheduled sync skipped: another one is running');
        else
          this.logger.error({ msg: `scheduled sync failed: ${e instanceof Error ? e.message : String(e)}` });
      })
      .finally(() => (this.running = null));
  }
}
