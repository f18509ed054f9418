import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConversationModule } from '../conversation/conversation.module';
import { ConversationIntake } from '../conversation/conversation-intake.service';
import { PauseModule } from '../pause/pause.module';
import { SupportBoardModule } from '../support-board/support-board.module';
import { HealthController } from './health.controller';
import { SbWebhookController } from './sb-webhook.controller';
import { WebhookIntakeService } from './webhook-intake.service';

/**
 * HTTP entry points: `GET /api/health` and `POST /api/sb-webhook`. Only the HTTP app imports this module, so the
 * reply workers start here and never inside a CLI command.
 */
@Module({
  imports: [ConversationModule, PauseModule, SupportBoardModule],
  controllers: [HealthController, SbWebhookController],
  providers: [WebhookIntakeService],
})
export class WebhookModule implements OnApplicationBootstrap {
  constructor(
    private readonly conversations: ConversationIntake,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Without Support Board no reply can be sent: messages are only recorded (bootstrap logs say so).
    if (this.config.isSupportBoardConfigured) await this.conversations.startReplies();
  }
}
