import { Injectable, Logger } from '@nestjs/common';
import { Answerer, type ProductImage } from '../assistant/answerer';
import { AppConfig } from '../config/app-config';
import { CHANNEL_LIMITS, isBotChannel, type Channel } from '../common/channel';
import { PauseService } from '../pause/pause.service';
import { SupportBoardDirectory } from '../support-board/support-board-directory.service';
import { SupportBoardClient } from '../support-board/support-board.client';
import type { SbConversation } from '../support-board/support-board.types';
import { normaliseWaid } from '../whatsapp/waid';
import { buildHistory, providerIdOf } from './conversation-history';
import { InboxRepository, type InboxMessage } from './inbox.repository';
import { ReplyRepository, type Reply } from './reply.repository';
import { splitForChannel } from './text-split';

/** Support Board rewrites `\r` and `\t` as `\n` and squeezes blank lines (support-board.md §1.2). */
const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** An answer ready to deliver, recorded on the reply before anything is sent. */
export interface ComposedReply {
  conversation: SbConversation;
  channel: Channel;
  botUserId: string;
  text: string;
  handoff: boolean;
  /** A note for the agents that does not pause the bot (a question only a person can answer); not kept on resume. */
  staffNote?: string;
  /** A product photo sent after the text; recorded with the answer, so a resumed reply sends the same one. */
  image?: ProductImage;
  /** A hand-off outside opening hours: when a person will answer (for the note); not kept on resume. */
  afterHours?: string;
}

/**
 * Composes the answer to a claimed burst: loads the conversation from Support Board, checks the burst against it
 * (events are hints, not facts), drops duplicate deliveries, asks the assistant and records its answer, so a
 * retry or a restart re-sends this text and never composes a second one. Null when there is nothing to send (the
 * reply is then already closed).
 */
@Injectable()
export class AnswerComposer {
  private readonly logger = new Logger('ReplyJob');

  constructor(
    private readonly inbox: InboxRepository,
    private readonly replies: ReplyRepository,
    private readonly pauses: PauseService,
    private readonly sb: SupportBoardClient,
    private readonly directory: SupportBoardDirectory,
    private readonly answerer: Answerer,
    private readonly config: AppConfig,
  ) {}

  async compose(reply: Reply): Promise<ComposedReply | null> {
    const conversationId = reply.conversationId;
    const conversation = await this.sb.getConversation(conversationId);
    const botUserId = await this.directory.requireBotUserId();
    const channel = conversation.source;
    if (!isBotChannel(channel)) {
      await this.replies.finish(reply.id, {
        status: 'failed',
        inboxStatus: 'failed',
        error: `channel ${channel} not answered`,
      });
      return null;
    }
    if (reply.stage === 'sending' && reply.answerText !== null) {
      this.logger.warn({ msg: 'resuming an interrupted reply', conversationId, replyId: reply.id });
      return {
        conversation,
        channel,
        botUserId,
        text: reply.answerText,
        handoff: reply.handoff,
        ...(reply.image ? { image: reply.image } : {}),
      };
    }

    const claimed = await this.verified(reply, conversation, await this.inbox.claimedBy(reply.id));
    const fresh = await this.dropDuplicates(reply, conversation, claimed);
    if (!fresh.length) {
      await this.replies.finish(reply.id, { status: 'duplicate', inboxStatus: 'duplicate' });
      this.logger.log({ msg: 'nothing new to answer (duplicates or refused events)', conversationId });
      return null;
    }
    if (await this.pauses.isPaused(conversationId)) {
      await this.replies.finish(reply.id, { status: 'dropped_paused', inboxStatus: 'paused' });
      return null;
    }

    const customer = await this.sb.getUser(conversation.userId);
    const freshIds = new Set(fresh.map((m) => m.sbMessageId));
    const skipIds = new Set(claimed.map((m) => m.sbMessageId).filter((id) => !freshIds.has(id)));
    const result = await this.answerer.answer({
      conversationId,
      channel,
      customerName: customer?.firstName ?? null,
      // WhatsApp users carry the number Meta verified: it identifies the customer for their orders.
      customerPhone:
        channel === 'wa'
          ? normaliseWaid(
              customer?.details.find((d) => d.slug === 'phone')?.value,
              this.config.whatsapp.defaultCountryCode,
            )
          : null,
      history: buildHistory({ conversation, botUserId, burstIds: [...freshIds], skipIds }),
    });
    await this.replies.recordAnswer(reply.id, {
      text: result.text,
      engine: result.engine,
      handoff: result.handoff,
      chunksTotal: splitForChannel(result.text, CHANNEL_LIMITS[channel]).length,
      usage: result.usage,
      groundingViolations: result.groundingViolations,
      trace: result.trace,
      image: result.image ?? null,
    });
    return {
      conversation,
      channel,
      botUserId,
      text: result.text,
      handoff: result.handoff,
      ...(result.staffNote ? { staffNote: result.staffNote } : {}),
      ...(result.image ? { image: result.image } : {}),
      ...(result.afterHours ? { afterHours: result.afterHours } : {}),
    };
  }

  /**
   * Only messages Support Board really holds, from the conversation's customer and with the text we recorded, are
   * answered: anyone who knows the webhook key can make Support Board post an invented `message-sent`, and the bot
   * would then write to the real customer's phone.
   */
  private async verified(
    reply: Reply,
    conversation: SbConversation,
    claimed: InboxMessage[],
  ): Promise<InboxMessage[]> {
    const byId = new Map(conversation.messages.map((m) => [m.id, m]));
    const genuine: InboxMessage[] = [];
    const refused: string[] = [];
    for (const m of claimed) {
      const stored = byId.get(m.sbMessageId);
      const same =
        stored !== undefined &&
        stored.userId === conversation.userId &&
        m.customerUserId === conversation.userId &&
        sameText(stored.text, m.text);
      if (same) genuine.push(m);
      else refused.push(m.id);
    }
    if (refused.length) {
      await this.inbox.markRefused(refused);
      this.logger.warn({
        msg: 'FORGED OR ALTERED EVENT: a customer message the webhook reported is not in Support Board as reported; not answered',
        conversationId: reply.conversationId,
        n: refused.length,
      });
    }
    return genuine;
  }

  /** Marks as duplicates the claimed messages whose wamid/mid another SB message already carried. */
  private async dropDuplicates(
    reply: Reply,
    conversation: SbConversation,
    claimed: InboxMessage[],
  ): Promise<InboxMessage[]> {
    const byId = new Map(conversation.messages.map((m) => [m.id, m]));
    const seen = await this.inbox.handledProviderIds(reply.conversationId, reply.id);
    const fresh: InboxMessage[] = [];
    const duplicates: string[] = [];
    for (const m of claimed) {
      const providerId = providerIdOf(byId.get(m.sbMessageId));
      if (providerId) {
        if (seen.has(providerId)) {
          duplicates.push(m.id);
          continue;
        }
        seen.add(providerId);
        await this.inbox.setProviderMessageId(m.id, providerId);
      }
      fresh.push(m);
    }
    await this.inbox.markDuplicates(duplicates);
    if (duplicates.length) {
      this.logger.log({
        msg: 'duplicate deliveries dropped',
        conversationId: reply.conversationId,
        n: duplicates.length,
      });
    }
    return fresh;
  }
}
