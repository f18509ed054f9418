import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CatalogSearchRepository } from './catalog-search.repository';
import { CatalogSearchService } from './catalog-search.service';
import { Embedder } from './embedding/embedder';
import { LocalEmbedder } from './embedding/local-embedder';

/** Product cache, hybrid search and embedding providers. */
@Module({
  providers: [
    CatalogSearchRepository,
    CatalogSearchService,
    {
      provide: Embedder,
      inject: [AppConfig],
      // Issue #3 adds the OpenAI embedder here for when OPENAI_API_KEY is set.
      useFactory: (config: AppConfig): Embedder => new LocalEmbedder(config.openai.embeddingDimensions),
    },
  ],
  exports: [Embedder, CatalogSearchService],
})
export class CatalogModule {}
