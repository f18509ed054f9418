import { Product } from '../catalog/product.entity';
import { ConversationPause } from '../pause/conversation-pause.entity';
import { SyncRun } from '../sync/sync-run.entity';

/** Every TypeORM entity of the app. Add new ones here (and a migration in `migrations/`). */
export const ENTITIES = [Product, ConversationPause, SyncRun];
