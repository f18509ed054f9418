import { Injectable, Logger } from '@nestjs/common';
import { ExternalServiceError } from '../common/app-error';
import { CHANNEL_LIMITS } from '../common/channel';
import { PauseService } from '../pause/pause.service';
import { SupportBoardClient } from '../support-board/support-board.client';
import { WhatsAppSendError } from '../whatsapp/whatsapp.client';
import { AgentNotes } from './agent-notes.service';
import type { ComposedReply } from './answer-composer.service';
import { DeliveryService } from './delivery.service';
import { ImageDelivery } from './image-delivery.service';
import { ReplyRepository, type Reply } from './reply.repository';
import { splitForChannel } from './text-split';
import { WindowGuard } from './window-guard.service';

/**
 * Sends a composed answer and closes the reply. Resumes from the reply's own delivery record (pieces sent, their
 * provider and Support Board ids), never from guesses about other bot messages: the reply is `sent` only once every
 * piece of this answer has its own delivery id recorded.
 */
@Injectable()
export class ReplySender {
  private readonly logger = new Logger('ReplyJob');

  constructor(
    private readonly replies: ReplyRepository,
    private readonly pauses: PauseService,
    private readonly sb: SupportBoardClient,
    private readonly delivery: DeliveryService,
    private readonly notes: AgentNotes,
    private readonly window: WindowGuard,
    private readonly images: ImageDelivery,
  ) {}

  async send(reply: Reply, answer: ComposedReply): Promise<void> {
    const { conversation, channel, botUserId, text, handoff } = answer;
    const conversationId = reply.conversationId;
    const progress = {
      chunksSent: reply.chunksSent,
      providerMessageIds: reply.providerMessageIds,
      sbMessageIds: reply.sbMessageIds,
    };
    // Re-checked immediately before sending: a reply racing an agent is dropped.
    if (progress.chunksSent === 0 && (await this.pauses.isPaused(conversationId))) {
      await this.replies.finish(reply.id, { status: 'dropped_paused', inboxStatus: 'paused' });
      this.logger.log({ msg: 'an agent took over while the answer was prepared: dropped', conversationId });
      return;
    }
    const customer = await this.sb.getUser(conversation.userId);
    if (!customer) {
      throw new ExternalServiceError('support-board', 'get-user', `user ${conversation.userId} not found`, {
        retryable: false,
      });
    }
    // Outside the customer-service window nothing free-form may go out (whatsapp-cloud.md §10, support-board.md §4).
    if (progress.chunksSent === 0 && (await this.window.closedBeforeSending(reply, answer, customer))) return;
    const chunks = splitForChannel(text, CHANNEL_LIMITS[channel]);
    const target = { channel, conversation, customer, botUserId, statusCode: handoff ? 2 : 1 } as const;
    try {
      const done = await this.delivery.deliver(target, chunks, progress, (p) =>
        this.replies.recordProgress(reply.id, p),
      );
      if (done.chunksSent < chunks.length) throw new Error('delivery stopped before the last piece');
    } catch (e) {
      if (e instanceof WhatsAppSendError && e.outsideWindow) {
        await this.window.refusedByWhatsApp(reply, answer, customer);
        return;
      }
      throw e;
    }
    if (answer.image && reply.imageOutcome === null) {
      await this.replies.recordImageOutcome(reply.id, await this.images.send(target, answer.image));
    }
    if (handoff) {
      await this.pauses.pauseForTakeover(conversationId, 'customer', 'customer_request');
      await this.notes.leave(
        conversationId,
        'The customer asked to talk to a person. The bot is paused here.' +
          (answer.afterHours
            ? ` It arrived after hours: the customer was told a person answers ${answer.afterHours}.`
            : ''),
      );
    }
    // Something only a person can answer: the agents hear of it, and the bot keeps answering.
    if (answer.staffNote) await this.notes.leave(conversationId, answer.staffNote);
    await this.replies.finish(reply.id, { status: 'sent', inboxStatus: 'answered' });
  }
}
