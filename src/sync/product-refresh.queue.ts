import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppError, ExternalServiceError } from '../common/app-error';
import { newCorrelationId, withCorrelationId } from '../common/logging/request-context';
import { withAdvisoryLock } from '../database/advisory-lock';
import { ProductRefreshService } from './product-refresh.service';

const QUEUE = 'wc-product-refresh';
const RETRY_LIMIT = 5;
/**
 * A delivery waits this long before its job may start, so a burst for one product (WooCommerce sends two or three
 * `product.updated` for one save, and a variation edit also touches its parent) costs one read of the store.
 */
const COALESCE_SECONDS = 1;

interface RefreshJobData {
  productId: number;
}

/**
 * Durable product refreshes on pg-boss (the reply queue's engine, over the app's own `pg` pool, so it works the
 * same on PostgreSQL and on the embedded PGlite). Policy `short` keeps at most one queued job per product: while
 * one waits, later deliveries for that product are absorbed by it, and since the job reads the store when it runs,
 * it sees the last change whatever order the deliveries came in. A per-product advisory lock keeps two instances
 * from writing the same product at once (an older read must not land after a newer one).
 */
@Injectable()
export class ProductRefreshQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('SyncWebhook');
  private boss: PgBoss | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly refresher: ProductRefreshService,
  ) {}

  get running(): boolean {
    return this.boss !== undefined;
  }

  async start(): Promise<void> {
    const pool = (this.dataSource.driver as PostgresDriver).master as {
      query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
    };
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: 'pgboss',
      migrate: true,
      // Maintenance (expiring jobs of a crashed worker) is coordinated in the schema: only one instance runs it.
      supervise: true,
      maintenanceIntervalSeconds: 120,
    });
    boss.on('error', (e: Error) => this.logger.warn({ msg: 'pg-boss error', reason: e.message }));
    await boss.start();
    await boss.createQueue(QUEUE, {
      name: QUEUE,
      policy: 'short',
      retryLimit: RETRY_LIMIT,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 10 * 60,
    });
    // One worker: product changes are few, and serial refreshes never race each other inside one instance.
    await boss.work<RefreshJobData>(
      QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
      async ([job]) => this.handle(job),
    );
    this.boss = boss;
    this.logger.log('product webhook worker started');
  }

  /** Queues a refresh of the product; a no-op while one for it is still waiting (it will read the newer state). */
  async enqueue(productId: number): Promise<void> {
    if (!this.boss) {
      throw new AppError('unavailable', 'product refreshes are not running (WooCommerce is not configured)');
    }
    await this.boss.send(QUEUE, { productId } satisfies RefreshJobData, {
      singletonKey: String(productId),
      startAfter: COALESCE_SECONDS,
    });
  }

  private async handle(job: PgBoss.JobWithMetadata<RefreshJobData>): Promise<void> {
    const { productId } = job.data;
    await withCorrelationId(`wc-product-${newCorrelationId()}`, async () => {
      try {
        await withAdvisoryLock(this.dataSource, `namwoo:wc-product:${productId}`, () =>
          this.refresher.refresh(productId),
        );
      } catch (e) {
        const retryable = !(e instanceof ExternalServiceError) || e.retryable;
        const last = job.retryCount >= job.retryLimit;
        const reason = e instanceof Error ? e.message : String(e);
        if (!retryable || last) {
          this.logger.error({
            msg: `product ${productId} not refreshed: ${reason}; the periodic sync will catch up`,
            productId,
          });
          return;
        }
        this.logger.warn({ msg: `product ${productId} refresh failed, will retry: ${reason}`, productId });
        throw e;
      }
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    await boss?.stop({ graceful: true, wait: true, timeout: 8_000, close: false });
  }
}
