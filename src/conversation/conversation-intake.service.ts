import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isBotChannel } from '../common/channel';
import { InboxRepository } from './inbox.repository';
import { ReplyQueue } from './reply-queue.service';

/** A customer's message as Support Board reported it, already classified as the customer's. */
export interface CustomerMessage {
  sbMessageId: string;
  conversationId: string;
  customerUserId: string;
  /** Support Board `conversation_source`; null for the web widget. */
  channel: string | null;
  text: string;
  attachments: { name: string; url: string }[];
}

export type IntakeOutcome = 'recorded' | 'duplicate' | 'recorded_for_humans';

/**
 * The conversation module's front door: the webhook (and anything else that learns of a customer message) hands
 * the message over here and is done. Recording comes first, so if enqueueing fails the queue's sweep of the inbox
 * (the source of truth) still answers it.
 */
@Injectable()
export class ConversationIntake {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly inbox: InboxRepository,
    private readonly queue: ReplyQueue,
    private readonly config: AppConfig,
  ) {}

  async recordCustomerMessage(m: CustomerMessage): Promise<IntakeOutcome> {
    const answered = isBotChannel(m.channel);
    const inserted = await this.inbox.recordOnce({ ...m, status: answered ? 'pending' : 'ignored_channel' });
    if (!inserted) {
      this.logger.log({
        msg: 'message already recorded (second delivery)',
        conversationId: m.conversationId,
        messageId: m.sbMessageId,
      });
      return 'duplicate';
    }
    if (!answered) {
      this.logger.log({
        msg: `channel "${m.channel ?? 'web'}" is not answered by the bot: recorded and left to the agents`,
        conversationId: m.conversationId,
      });
      return 'recorded_for_humans';
    }
    if (this.queue.needsJob(m.conversationId)) {
      await this.queue
        .enqueue(m.conversationId, this.config.conversation.replyQuietWindowMs)
        .catch((e: unknown) =>
          this.logger.warn({
            msg: 'could not enqueue; the sweep will',
            conversationId: m.conversationId,
            reason: (e as Error).message,
          }),
        );
    }
    this.logger.debug({
      msg: 'customer message recorded',
      conversationId: m.conversationId,
      messageId: m.sbMessageId,
    });
    return 'recorded';
  }

  /** Starts the reply workers. Only the HTTP app calls this, never a CLI command. */
  startReplies(): Promise<void> {
    return this.queue.start();
  }
}
