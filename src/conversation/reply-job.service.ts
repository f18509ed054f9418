import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import { PauseService } from '../pause/pause.service';
import { SupportBoardDirectory } from '../support-board/support-board-directory.service';
import { SupportBoardClient } from '../support-board/support-board.client';
import type { SbConversation, SbMessage } from '../support-board/support-board.types';
import { WhatsAppClient, WhatsAppSendError } from '../whatsapp/whatsapp.client';
import { Answerer, type ConversationTurn } from '../assistant/answerer';
import { CHANNEL_LIMITS, isBotChannel, type Channel } from '../common/channel';
import { DeliveryService, type DeliveryProgress } from './delivery.service';
import { InboxRepository, type InboxMessage } from './inbox.repository';
import { ReplyRepository, type Reply, type ReplyOutcome } from './reply.repository';
import { splitForChannel } from './text-split';

/** Renewed every LEASE_MS / 3 while a reply runs, so a crashed worker's reply is resumed within about a minute. */
const LEASE_MS = 60_000;
const BUSY_RETRY_MS = 1_000;
/** A burst that never goes quiet is answered anyway after this many quiet windows. */
const MAX_WAIT_WINDOWS = 10;
const NOTE_NAME = 'Namwoo bot';

/** What the queue should do after a run: nothing, or run again at `at`. */
export type ReplyRunResult = { again: Date | null };

export interface RunContext {
  /** Last allowed attempt of this job: a transient failure now is final. */
  lastAttempt: boolean;
}

/**
 * One reply job for one conversation: gather the burst, check the pause, drop duplicate deliveries, ask the
 * Answerer, deliver, record. Idempotent: the claimed burst and every delivery step are recorded before the next
 * step, so a retry or a restart resumes instead of answering twice.
 */
@Injectable()
export class ReplyJobService {
  private readonly logger = new Logger('ReplyJob');

  constructor(
    private readonly inbox: InboxRepository,
    private readonly replies: ReplyRepository,
    private readonly pauses: PauseService,
    private readonly sb: SupportBoardClient,
    private readonly directory: SupportBoardDirectory,
    private readonly wa: WhatsAppClient,
    private readonly delivery: DeliveryService,
    private readonly answerer: Answerer,
    private readonly config: AppConfig,
  ) {}

  async run(conversationId: string, ctx: RunContext): Promise<ReplyRunResult> {
    const windowMs = this.config.conversation.replyQuietWindowMs;
    const pending = await this.inbox.pendingWindow(conversationId);
    if (pending.newest && pending.oldest) {
      const quietAt = pending.newest.getTime() + windowMs;
      const deadline = pending.oldest.getTime() + windowMs * MAX_WAIT_WINDOWS;
      if (quietAt > Date.now() && Date.now() < deadline)
        return { again: new Date(Math.min(quietAt, deadline)) };
    }
    // Fails closed: a database error here propagates and nothing is sent.
    if (await this.pauses.isPaused(conversationId)) {
      const n = await this.inbox.markPending(conversationId, 'paused');
      if (n)
        this.logger.log({
          msg: 'conversation paused: customer messages left to the agent',
          conversationId,
          n,
        });
    }
    const acquired = await this.replies.acquire(conversationId, LEASE_MS);
    switch (acquired.kind) {
      case 'nothing':
        return { again: null };
      case 'busy':
        return { again: new Date(Date.now() + BUSY_RETRY_MS) };
      case 'new':
      case 'resumed':
        break;
    }
    const reply = acquired.reply;
    const heartbeat = setInterval(
      () => void this.replies.renewLease(reply.id, LEASE_MS).catch(() => undefined),
      LEASE_MS / 3,
    );
    try {
      await this.process(reply, acquired.kind === 'resumed');
    } catch (e) {
      clearInterval(heartbeat);
      const err = e instanceof Error ? e : new Error(String(e));
      const transient = err instanceof ExternalServiceError ? err.retryable : true;
      if (transient && !ctx.lastAttempt) {
        await this.replies.releaseLease(reply.id);
        throw err;
      }
      this.logger.error({ msg: 'reply failed; left to the agents', conversationId, replyId: reply.id, err });
      await this.finish(reply, { status: 'failed', inboxStatus: 'failed', error: err.message });
      await this.noteForAgents(conversationId, `The bot could not answer this customer: ${err.message}`);
    } finally {
      clearInterval(heartbeat);
    }
    const after = await this.inbox.pendingWindow(conversationId);
    return { again: after.newest ? new Date(after.newest.getTime() + windowMs) : null };
  }

  private async process(reply: Reply, resumed: boolean): Promise<void> {
    const conversationId = reply.conversationId;
    const conversation = await this.sb.getConversation(conversationId);
    const botUserId = await this.directory.requireBotUserId();
    const channel = conversation.source;
    if (!isBotChannel(channel)) {
      await this.finish(reply, {
        status: 'failed',
        inboxStatus: 'failed',
        error: `channel ${channel} not answered`,
      });
      return;
    }
    const claimed = await this.inbox.claimedBy(reply.id);

    if (reply.stage === 'sending' && reply.answerText !== null) {
      this.logger.warn({ msg: 'resuming an interrupted reply', conversationId, replyId: reply.id, resumed });
      await this.send(reply, conversation, channel, botUserId, reply.answerText, reply.handoff, claimed);
      return;
    }

    const fresh = await this.dropDuplicates(reply, conversation, claimed);
    if (!fresh.length) {
      await this.finish(reply, { status: 'duplicate', inboxStatus: 'duplicate' });
      this.logger.log({ msg: 'only duplicate deliveries: nothing to answer', conversationId });
      return;
    }
    if (await this.pauses.isPaused(conversationId)) {
      await this.finish(reply, { status: 'dropped_paused', inboxStatus: 'paused' });
      return;
    }

    const customer = await this.sb.getUser(conversation.userId);
    const duplicateIds = new Set(claimed.filter((m) => !fresh.includes(m)).map((m) => m.sbMessageId));
    const result = await this.answerer.answer({
      conversationId,
      channel,
      customerName: customer?.firstName ?? null,
      history: buildHistory(conversation, botUserId, duplicateIds),
    });
    const { text, handoff } = result;
    await this.replies.recordAnswer(reply.id, {
      text,
      engine: result.engine,
      handoff,
      chunksTotal: splitForChannel(text, CHANNEL_LIMITS[channel]).length,
      usage: result.usage,
      groundingViolations: result.groundingViolations,
      trace: result.trace,
    });
    await this.send(reply, conversation, channel, botUserId, text, handoff, claimed);
  }

  private async send(
    reply: Reply,
    conversation: SbConversation,
    channel: Channel,
    botUserId: string,
    text: string,
    handoff: boolean,
    claimed: InboxMessage[],
  ): Promise<void> {
    const conversationId = reply.conversationId;
    let progress: DeliveryProgress = {
      chunksSent: reply.chunksSent,
      providerMessageIds: reply.providerMessageIds,
      sbMessageIds: reply.sbMessageIds,
    };
    if (
      reply.stage === 'sending' &&
      channel === 'wa' &&
      progress.sbMessageIds.length === progress.chunksSent
    ) {
      // Interrupted before recording: a bot message after the burst means the WhatsApp send happened.
      const lastClaimed = Math.max(0, ...claimed.map((m) => Number(m.sbMessageId) || 0));
      const logged = conversation.messages.filter(
        (m) => m.userId === botUserId && Number(m.id) > lastClaimed && !progress.sbMessageIds.includes(m.id),
      );
      if (logged.length) {
        progress = {
          ...progress,
          chunksSent: progress.chunksSent + logged.length,
          sbMessageIds: [...progress.sbMessageIds, ...logged.map((m) => m.id)],
        };
        await this.replies.recordProgress(reply.id, progress);
      }
    }
    // Re-checked immediately before sending: a reply racing an agent is dropped.
    if (progress.chunksSent === 0 && (await this.pauses.isPaused(conversationId))) {
      await this.finish(reply, { status: 'dropped_paused', inboxStatus: 'paused' });
      this.logger.log({ msg: 'an agent took over while the answer was prepared: dropped', conversationId });
      return;
    }
    const customer = await this.sb.getUser(conversation.userId);
    if (!customer) {
      throw new ExternalServiceError('support-board', 'get-user', `user ${conversation.userId} not found`, {
        retryable: false,
      });
    }
    const chunks = splitForChannel(text, CHANNEL_LIMITS[channel]);
    try {
      await this.delivery.deliver(
        { channel, conversation, customer, botUserId, statusCode: handoff ? 2 : 1 },
        chunks,
        progress,
        (p) => this.replies.recordProgress(reply.id, p),
      );
    } catch (e) {
      if (e instanceof WhatsAppSendError && e.outsideWindow) {
        await this.outsideWindow(reply, conversation, customer);
        return;
      }
      throw e;
    }
    if (handoff) {
      await this.pauses.pauseForTakeover(conversationId, 'customer', 'customer_request');
      await this.noteForAgents(
        conversationId,
        'The customer asked to talk to a person. The bot is paused here.',
      );
    }
    await this.finish(reply, { status: 'sent', inboxStatus: 'answered' });
  }

  /** 131047: free text is impossible; agents get a note, and the customer a template when one is configured. */
  private async outsideWindow(
    reply: Reply,
    conversation: SbConversation,
    customer: NonNullable<Awaited<ReturnType<SupportBoardClient['getUser']>>>,
  ): Promise<void> {
    const { templateName, templateLanguage, phoneNumberId } = this.config.whatsapp;
    let templateNote = '';
    if (templateName) {
      try {
        await this.wa.sendTemplate({
          phoneNumberId: conversation.extra || phoneNumberId || '',
          to: this.delivery.whatsAppRecipient(customer),
          name: templateName,
          languageCode: templateLanguage,
        });
        templateNote = ` The template "${templateName}" was sent to invite them back.`;
      } catch (e) {
        templateNote = ` The template "${templateName}" could not be sent: ${(e as Error).message}`;
      }
    }
    await this.finish(reply, {
      status: 'failed',
      inboxStatus: 'failed',
      error: 'whatsapp 131047: outside the 24-hour window',
    });
    await this.noteForAgents(
      conversation.id,
      `WhatsApp refused the bot's answer: more than 24 hours since the customer last wrote.${templateNote} Please follow up.`,
    );
  }

  /** Marks as duplicates the claimed messages whose wamid/mid another SB message already carried (§3 dedupe). */
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

  private async finish(reply: Reply, outcome: ReplyOutcome): Promise<void> {
    await this.replies.finish(reply.id, outcome);
  }

  private async noteForAgents(conversationId: string, message: string): Promise<void> {
    try {
      await this.sb.addNote(conversationId, await this.directory.requireBotUserId(), NOTE_NAME, message);
    } catch (e) {
      this.logger.warn({
        msg: 'could not leave a note for the agents',
        conversationId,
        reason: (e as Error).message,
      });
    }
  }
}

function providerIdOf(m: SbMessage | undefined): string | null {
  const id = m?.payload.waid ?? m?.payload.mid;
  return typeof id === 'string' && id ? id : null;
}

/**
 * The history the assistant sees: event rows, empty system rows and duplicate deliveries are skipped (contract
 * §3); roles come from who sent each row, never from `user_type`.
 */
export function buildHistory(
  conversation: SbConversation,
  botUserId: string,
  skipIds: Set<string>,
): ConversationTurn[] {
  const seenProviderIds = new Set<string>();
  return conversation.messages
    .filter((m) => !skipIds.has(m.id) && !('event' in m.payload))
    .filter((m) => {
      // A message SB stored twice (same wamid/mid, earlier turns) appears once.
      const providerId = providerIdOf(m);
      if (!providerId) return true;
      if (seenProviderIds.has(providerId)) return false;
      seenProviderIds.add(providerId);
      return true;
    })
    .filter((m) => m.text.trim() !== '' || m.attachments.length > 0)
    .map((m) => ({
      role: m.userId === conversation.userId ? 'customer' : m.userId === botUserId ? 'bot' : 'staff',
      text: m.text,
      attachments: m.attachments,
      messageId: m.id,
      createdAt: m.creationTime,
    }));
}
