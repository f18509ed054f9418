import { Module } from '@nestjs/common';
import { PauseModule } from '../pause/pause.module';
import { SupportBoardModule } from '../support-board/support-board.module';
import { WhatsAppModule } from '../whatsapp/whatsapp.module';
import { AssistantModule } from '../assistant/assistant.module';
import { ConversationIntake } from './conversation-intake.service';
import { DeliveryService } from './delivery.service';
import { InboxRepository } from './inbox.repository';
import { ReplyJobService } from './reply-job.service';
import { ReplyQueue } from './reply-queue.service';
import { ReplyRepository } from './reply.repository';

/** The reply job: gather the burst, check the pause, build context, run the assistant, deliver. */
@Module({
  imports: [AssistantModule, PauseModule, SupportBoardModule, WhatsAppModule],
  providers: [
    InboxRepository,
    ReplyRepository,
    DeliveryService,
    ReplyJobService,
    ReplyQueue,
    ConversationIntake,
  ],
  exports: [ConversationIntake],
})
export class ConversationModule {}
