import { Module } from '@nestjs/common';

/** Product cache, hybrid search and embedding providers. */
@Module({})
export class CatalogModule {}
