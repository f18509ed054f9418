import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import { DatabaseMonitor, isConnectionError } from '../database/database-monitor';
import { PauseService } from '../pause/pause.service';
import { AgentNotes } from './agent-notes.service';
import { BotControl } from './bot-control.service';
import { AnswerComposer } from './answer-composer.service';
import { InboxRepository } from './inbox.repository';
import { ReplySender } from './reply-sender.service';
import { ReplyRepository, type Reply } from './reply.repository';

/** Renewed every LEASE_MS / 3 while a reply runs, so a crashed worker's reply is resumed within about a minute. */
const LEASE_MS = 60_000;
/** A burst that never goes quiet is answered anyway after this many quiet windows. */
const MAX_WAIT_WINDOWS = 10;
/** How long the job's own bookkeeping waits for a lost database before giving the job back to the queue. */
const DATABASE_WAIT_MS = 60_000;

/** What the queue should do after a run: nothing, or run again at `at`. */
export type ReplyRunResult = { again: Date | null };

export interface RunContext {
  /** Last attempt the queue allows for this job (its own safety net): a failure now is final. */
  lastAttempt: boolean;
}

/**
 * Runs one conversation's reply job: waits for the burst to go quiet, takes the conversation's lease (one reply at
 * a time, kept alive by a heartbeat), composes and sends, and decides what a failure means. Transient failures
 * (a vendor down, the database away) are retried with backoff and jitter for REPLY_RETRY_WINDOW_SECONDS; after
 * that the reply is closed as failed and the agents get a note. Idempotent: the claimed burst and every delivery
 * step are recorded before the next step, so a retry or a restart resumes instead of answering twice.
 */
@Injectable()
export class ReplyRunner {
  private readonly logger = new Logger('ReplyJob');

  constructor(
    private readonly inbox: InboxRepository,
    private readonly replies: ReplyRepository,
    private readonly pauses: PauseService,
    private readonly composer: AnswerComposer,
    private readonly control: BotControl,
    private readonly sender: ReplySender,
    private readonly notes: AgentNotes,
    private readonly monitor: DatabaseMonitor,
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
      const since = await this.inbox.now();
      const n = await this.inbox.markPending(conversationId, 'paused');
      if (n)
        this.logger.log({
          msg: 'conversation paused: customer messages left to the agent',
          conversationId,
          n,
        });
      // A pause the agents ended by archiving, whose status webhook never reached us: the customer wrote again,
      // so the conversation is the bot's again and the messages just held are answered.
      if (n && (await this.control.resumeIfArchived(conversationId)))
        await this.inbox.releaseHeld(conversationId, since);
    }
    const acquired = await this.takeLease(conversationId);
    switch (acquired.kind) {
      case 'nothing':
        return { again: null };
      case 'busy':
        return { again: acquired.leaseUntil };
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
      const answer = await this.composer.compose(reply);
      if (answer) await this.sender.send(reply, answer);
    } catch (e) {
      clearInterval(heartbeat);
      const again = await this.failed(reply, e, ctx);
      if (again) return { again };
    } finally {
      clearInterval(heartbeat);
    }
    const after = await this.inbox.pendingWindow(conversationId);
    return { again: after.newest ? new Date(after.newest.getTime() + windowMs) : null };
  }

  /**
   * Takes the conversation's lease. A connection lost while it commits leaves us not knowing whether we hold it: once
   * the database answers, any lease taken under this attempt's token is given back, so the queue's retry resumes the
   * reply at once instead of waiting a whole lease out; the error still goes to the queue.
   */
  private async takeLease(conversationId: string) {
    const owner = randomUUID();
    try {
      return await this.replies.acquire(conversationId, LEASE_MS, owner);
    } catch (e) {
      if (isConnectionError(e)) await this.whenDatabaseAnswers(() => this.replies.release(owner));
      throw e;
    }
  }

  /** Schedules the retry of a transient failure (returns when), or closes the reply and tells the agents. */
  private async failed(reply: Reply, e: unknown, ctx: RunContext): Promise<Date | null> {
    const err = e instanceof Error ? e : new Error(String(e));
    const conversationId = reply.conversationId;
    const transient = err instanceof ExternalServiceError ? err.retryable : true;
    const { replyRetryWindowMs } = this.config.conversation;
    const withinWindow = Date.now() - reply.createdAt.getTime() < replyRetryWindowMs;
    if (transient && withinWindow && !ctx.lastAttempt) {
      const at = new Date(Date.now() + this.retryDelayMs(reply.attempts));
      await this.whenDatabaseAnswers(() => this.replies.scheduleRetry(reply.id, at, err.message));
      this.logger.warn({
        msg: 'reply not delivered yet; retrying',
        conversationId,
        replyId: reply.id,
        attempt: reply.attempts,
        retryAt: at.toISOString(),
        reason: err.message,
      });
      return at;
    }
    this.logger.error({
      msg: transient
        ? 'REPLY GIVEN UP after retrying; left to the agents (a note was left in Support Board)'
        : 'reply failed; left to the agents (a note was left in Support Board)',
      conversationId,
      replyId: reply.id,
      err,
    });
    await this.whenDatabaseAnswers(() =>
      this.replies.finish(reply.id, { status: 'failed', inboxStatus: 'failed', error: err.message }),
    );
    await this.notes.leave(conversationId, `The bot could not answer this customer: ${err.message}`);
    return null;
  }

  /** Backoff doubling from REPLY_RETRY_BASE_MS up to REPLY_RETRY_MAX_DELAY_MS, ±25 % jitter. */
  private retryDelayMs(attempt: number): number {
    const { replyRetryBaseMs, replyRetryMaxDelayMs } = this.config.conversation;
    const base = Math.min(replyRetryMaxDelayMs, replyRetryBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  /** Runs the job's own bookkeeping, waiting out a database loss (bounded) instead of losing the outcome. */
  private async whenDatabaseAnswers<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + DATABASE_WAIT_MS;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (!isConnectionError(e) || Date.now() > deadline) throw e;
        this.monitor.failed(e);
        await this.monitor.waitForRecovery(1_000);
      }
    }
  }
}
