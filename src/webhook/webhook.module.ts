import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConversationModule } from '../conversation/conversation.module';
import { ConversationIntake } from '../conversation/conversation-intake.service';
import { ReconciliationScheduler } from '../conversation/reconciliation.scheduler';
import { SupportBoardModule } from '../support-board/support-board.module';
import { ApiIndexController } from './api-index.controller';
import { ProductRefreshQueue } from '../sync/product-refresh.queue';
import { SyncModule } from '../sync/sync.module';
import { HealthController } from './health.controller';
import { SbWebhookController } from './sb-webhook.controller';
import { WcWebhookController } from './wc-webhook.controller';
import { WebhookIntakeService } from './webhook-intake.service';

/**
 * HTTP entry points: `GET /api` (an index), `GET /api/health`, `POST /api/sb-webhook` and
 * `POST /api/woocommerce-webhook`. Only the HTTP app imports this module, so the reply and product-refresh workers
 * start here and never inside a CLI command.
 */
@Module({
  imports: [ConversationModule, SupportBoardModule, SyncModule],
  controllers: [ApiIndexController, HealthController, SbWebhookController, WcWebhookController],
  providers: [WebhookIntakeService],
})
export class WebhookModule implements OnApplicationBootstrap {
  constructor(
    private readonly conversations: ConversationIntake,
    private readonly products: ProductRefreshQueue,
    private readonly reconciliation: ReconciliationScheduler,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.conversations.startSpool();
    // Without Support Board no reply can be sent: messages are only recorded (bootstrap logs say so).
    if (this.config.isSupportBoardConfigured) {
      await this.conversations.startReplies();
      this.reconciliation.start();
    }
    // The same job queue as the replies (starting it again is a no-op); refreshes need a store to read.
    if (this.config.isWooCommerceConfigured) await this.products.start();
  }
}
