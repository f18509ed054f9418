import { Module } from '@nestjs/common';
import { PauseModule } from '../pause/pause.module';
import { SupportBoardModule } from '../support-board/support-board.module';
import { WhatsAppModule } from '../whatsapp/whatsapp.module';
import { AssistantModule } from '../assistant/assistant.module';
import { ConversationIntake } from './conversation-intake.service';
import { IntakeSpool } from './intake-spool';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationScheduler } from './reconciliation.scheduler';
import { ReconciliationService } from './reconciliation.service';
import { StaffEventRepository } from './staff-event.repository';
import { StaffEventVerifier } from './staff-event-verifier.service';
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
    IntakeSpool,
    StaffEventRepository,
    StaffEventVerifier,
    ReconciliationRepository,
    ReconciliationService,
    ReconciliationScheduler,
  ],
  exports: [ConversationIntake, ReconciliationScheduler],
})
export class ConversationModule {}
