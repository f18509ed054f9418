import { Module } from '@nestjs/common';
import { AssistantModule } from '../assistant/assistant.module';
import { JobsModule } from '../jobs/jobs.module';
import { PauseModule } from '../pause/pause.module';
import { SupportBoardModule } from '../support-board/support-board.module';
import { WhatsAppModule } from '../whatsapp/whatsapp.module';
import { AgentNotes } from './agent-notes.service';
import { AnswerComposer } from './answer-composer.service';
import { BotControl } from './bot-control.service';
import { ConversationIntake } from './conversation-intake.service';
import { IntakeSpool } from './intake-spool';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationScheduler } from './reconciliation.scheduler';
import { ReconciliationService } from './reconciliation.service';
import { StaffEventRepository } from './staff-event.repository';
import { StaffEventVerifier } from './staff-event-verifier.service';
import { DeliveryService } from './delivery.service';
import { InboxRepository } from './inbox.repository';
import { ReplyQueue } from './reply-queue.service';
import { ReplyRunner } from './reply-runner.service';
import { ReplySender } from './reply-sender.service';
import { ImageDelivery } from './image-delivery.service';
import { WindowGuard } from './window-guard.service';
import { ReplyRepository } from './reply.repository';

/**
 * The reply pipeline: intake records customer messages; the queue runs one job per conversation; the runner
 * (lease, retries) drives the composer (verify, dedupe, ask the assistant) and the sender (deliver, resume).
 */
@Module({
  imports: [AssistantModule, JobsModule, PauseModule, SupportBoardModule, WhatsAppModule],
  providers: [
    InboxRepository,
    ReplyRepository,
    DeliveryService,
    AgentNotes,
    AnswerComposer,
    BotControl,
    ReplySender,
    WindowGuard,
    ImageDelivery,
    ReplyRunner,
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
