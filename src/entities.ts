import type { DataSourceOptions } from 'typeorm';
import { ConversationPause } from './pause/conversation-pause.entity';
import { SyncRun } from './sync/sync-run.entity';

/**
 * Every TypeORM entity of the app, listed at the composition root (beside `app.module.ts`) and handed to
 * `DatabaseModule.forRoot`, so the database layer never imports a domain module. Add new ones here (and a migration
 * in `migrations/`). The catalog has no entity: its repositories are raw SQL over `catalog/product-row.ts`.
 */
export const ENTITIES: NonNullable<DataSourceOptions['entities']> = [ConversationPause, SyncRun];
