import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { JobsModule } from '../jobs/jobs.module';
import { WooCommerceModule } from '../woocommerce/woocommerce.module';
import { EmbeddingIndexer } from './embedding-indexer';
import { PageIngester } from './page-ingester';
import { ProductRefreshQueue } from './product-refresh.queue';
import { ProductRefreshService } from './product-refresh.service';
import { SyncRunRepository } from './sync-run.repository';
import { SyncScheduler } from './sync.scheduler';
import { SyncService } from './sync.service';
import { SyncStartup } from './sync-startup';

/** Catalog sync (full and incremental), its cron, its run records, and product refreshes asked by webhooks. */
@Module({
  imports: [CatalogModule, WooCommerceModule, JobsModule],
  providers: [
    SyncService,
    SyncRunRepository,
    EmbeddingIndexer,
    PageIngester,
    SyncScheduler,
    SyncStartup,
    ProductRefreshService,
    ProductRefreshQueue,
  ],
  exports: [SyncService, SyncRunRepository, EmbeddingIndexer, ProductRefreshService, ProductRefreshQueue],
})
export class SyncModule {}
