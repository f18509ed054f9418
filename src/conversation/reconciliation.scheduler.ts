import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { withAdvisoryLock } from '../database/advisory-lock';
import { ReconciliationService } from './reconciliation.service';

const LOCK = 'namwoo:sb-reconcile';
/** The first run comes soon after start: webhooks sent while the app was down are exactly what it catches. */
const FIRST_RUN_MAX_MS = 15_000;

/**
 * Runs reconciliation every SB_RECONCILE_INTERVAL_SECONDS on one instance at a time (advisory lock, no waiting).
 * Decides nothing: takes the lock, calls the service, logs the outcome.
 */
@Injectable()
export class ReconciliationScheduler implements OnModuleDestroy {
  private readonly logger = new Logger('Reconciliation');
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly service: ReconciliationService,
    private readonly config: AppConfig,
  ) {}

  start(): void {
    const seconds = this.config.intake.reconcileIntervalSeconds;
    if (seconds <= 0) {
      this.logger.log('reconciliation with Support Board is off (SB_RECONCILE_INTERVAL_SECONDS=0)');
      return;
    }
    this.timer = setInterval(() => this.tick(), seconds * 1000);
    this.timer.unref();
    this.first = setTimeout(() => this.tick(), Math.min(seconds * 1000, FIRST_RUN_MAX_MS));
    this.first.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = withAdvisoryLock(this.dataSource, LOCK, () => this.service.reconcile(), { wait: false })
      .then((r) => {
        if (r.acquired && r.result.recorded)
          this.logger.log({ msg: 'reconciliation with Support Board done', ...r.result });
      })
      .catch((e: unknown) =>
        this.logger.warn({
          msg: 'reconciliation with Support Board failed; next run retries',
          reason: (e as Error).message,
        }),
      )
      .finally(() => (this.running = null));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    clearTimeout(this.first);
  }
}
