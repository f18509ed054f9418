import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, ExternalServiceError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { withAdvisoryLock } from '../database/advisory-lock';
import { JobQueue, type JobInfo } from '../jobs/job-queue.service';
import { ProductRefreshService } from './product-refresh.service';

const QUEUE = 'wc-product-refresh';
/**
 * A delivery waits this long before its job may start, so a burst for one product (WooCommerce sends two or three
 * `product.updated` for one save, and a variation edit also touches its parent) costs one read of the store.
 */
const COALESCE_MS = 1_000;

interface RefreshJobData {
  productId: number;
}

/**
 * Durable product refreshes on the app's job queue (pg-boss). Policy `short` keeps at most one queued job per
 * product: while one waits, later deliveries for that product are absorbed by it, and since the job reads the store
 * when it runs, it sees the last change whatever order the deliveries came in. One worker per instance, and a
 * per-product advisory lock keeps two instances from writing the same product at once (an older read must not land
 * after a newer one).
 */
@Injectable()
export class ProductRefreshQueue implements OnModuleInit {
  private readonly logger = new Logger('SyncWebhook');

  constructor(
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
    private readonly refresher: ProductRefreshService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<RefreshJobData>({
      name: QUEUE,
      concurrency: 1,
      logPrefix: 'wc-product',
      options: {
        policy: 'short',
        retryLimit: 5,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 10 * 60,
      },
      handle: (data, job) => this.handle(data.productId, job),
    });
  }

  get running(): boolean {
    return this.jobs.running && this.config.isWooCommerceConfigured;
  }

  async start(): Promise<void> {
    await this.jobs.start();
    this.logger.log('product webhook worker started');
  }

  /** Queues a refresh of the product; a no-op while one for it is still waiting (it will read the newer state). */
  async enqueue(productId: number): Promise<void> {
    if (!this.running) {
      throw new AppError('unavailable', 'product refreshes are not running (WooCommerce is not configured)');
    }
    await this.jobs.send(QUEUE, { productId } satisfies RefreshJobData, {
      singletonKey: String(productId),
      startAfter: new Date(Date.now() + COALESCE_MS),
    });
  }

  private async handle(productId: number, job: JobInfo): Promise<void> {
    try {
      await withAdvisoryLock(this.dataSource, `namwoo:wc-product:${productId}`, () =>
        this.refresher.refresh(productId),
      );
    } catch (e) {
      const retryable = !(e instanceof ExternalServiceError) || e.retryable;
      const reason = e instanceof Error ? e.message : String(e);
      if (!retryable || job.retryCount >= job.retryLimit) {
        this.logger.error({
          msg: `product ${productId} not refreshed: ${reason}; the periodic sync will catch up`,
          productId,
        });
        return;
      }
      this.logger.warn({ msg: `product ${productId} refresh failed, will retry: ${reason}`, productId });
      throw e;
    }
  }
}
