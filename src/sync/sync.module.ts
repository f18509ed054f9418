import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { WooCommerceModule } from '../woocommerce/woocommerce.module';
import { EmbeddingIndexer } from './embedding-indexer';
import { SyncRunRepository } from './sync-run.repository';
import { SyncScheduler } from './sync.scheduler';
import { SyncService } from './sync.service';
import { SyncStartup } from './sync-startup';

/** Catalog sync (full and incremental), its cron and its run records. */
@Module({
  imports: [CatalogModule, WooCommerceModule],
  providers: [SyncService, SyncRunRepository, EmbeddingIndexer, SyncScheduler, SyncStartup],
  exports: [SyncService, SyncRunRepository, EmbeddingIndexer],
})
export class SyncModule {}
