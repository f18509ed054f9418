import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { ProductRepository } from '../catalog/product.repository';
import { demoCatalog } from '../catalog/demo/load-demo-catalog';
import { EmbeddingIndexer } from './embedding-indexer';
import { SyncService } from './sync.service';

/**
 * Start-up work of the long-running app (not the CLI, recognised by the scheduler being present): warn when
 * stored vectors do not match the configured embedder, and load the demo catalog into an empty database (or say
 * what to do when the catalog stays empty). Both run
 * in the background so `GET /api/health` is served at once.
 */
@Injectable()
export class SyncStartup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SyncStartup');
  private work: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly products: ProductRepository,
    private readonly indexer: EmbeddingIndexer,
    private readonly sync: SyncService,
    @Optional() @Inject(SchedulerRegistry) private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.registry) return;
    this.work = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.work;
  }

  private async run(): Promise<void> {
    try {
      await this.indexer.warnOnModelMismatch();
      if (!(await this.products.isEmpty())) return;
      if (!this.config.database.loadDemoCatalog) {
        // Health says ok and searches answer nothing: without this line a new store has no clue why.
        if (!this.config.isWooCommerceConfigured) {
          this.logger.warn(
            'the catalog is empty and WooCommerce is not configured, so every search finds nothing: set WOOCOMMERCE_URL, WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET and run `node dist/cli sync`, or unset LOAD_DEMO_CATALOG (or set it to true) to try the demo catalog',
          );
        }
        return;
      }
      const summary = await this.sync.loadCatalog(demoCatalog());
      this.logger.log(
        `demo catalog loaded: ${summary.created} products and variations, ${summary.embedded} embedded with ${this.indexer.model} (${summary.durationMs} ms)`,
      );
    } catch (e) {
      this.logger.error({
        msg: `start-up catalog check failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
}
