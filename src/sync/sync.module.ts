import { Module } from '@nestjs/common';

/** Catalog sync (full and incremental), its cron and its run records. */
@Module({})
export class SyncModule {}
