import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WooCommerceModule } from '../woocommerce/woocommerce.module';
import { CatalogSearchRepository } from './catalog-search.repository';
import { CatalogSearchService } from './catalog-search.service';
import { Embedder } from './embedding/embedder';
import { LocalEmbedder } from './embedding/local-embedder';
import { LiveProductRepository } from './live-product.repository';
import { LiveProductService } from './live-product.service';
import { OpenAiEmbedder } from './embedding/openai-embedder';
import { ProductRepository } from './product.repository';
import { ImageLinkClient } from './image-link.client';
import { SearchIndexService } from './search-index.service';

/** Product cache, hybrid search and embedding providers. */
@Module({
  imports: [WooCommerceModule],
  providers: [
    CatalogSearchRepository,
    CatalogSearchService,
    LiveProductRepository,
    LiveProductService,
    ImageLinkClient,
    {
      provide: Embedder,
      inject: [AppConfig],
      // OpenAI (or a compatible server) when a key is set; otherwise the offline local embedder.
      useFactory: (config: AppConfig): Embedder =>
        config.isOpenAiConfigured
          ? new OpenAiEmbedder(config.openai)
          : new LocalEmbedder(config.openai.embeddingDimensions),
    },
    ProductRepository,
    SearchIndexService,
  ],
  exports: [
    Embedder,
    ProductRepository,
    LiveProductRepository,
    CatalogSearchService,
    LiveProductService,
    SearchIndexService,
    ImageLinkClient,
  ],
})
export class CatalogModule {}
