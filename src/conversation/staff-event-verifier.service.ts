import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ExternalServiceError } from '../common/app-error';
import { SupportBoardClient } from '../support-board/support-board.client';
import type { SbConversation } from '../support-board/support-board.types';
import { ReplyQueue } from './reply-queue.service';
import { StaffEventRepository, type StaffEventCheck } from './staff-event.repository';

const SWEEP_MS = 5_000;
const BATCH = 20;
/** Support Board unreachable: try again this often, and keep the pause (fail-safe) after this many attempts. */
const RETRY_MS = 15_000;
const MAX_ATTEMPTS = 40;

type Verdict =
  | { kind: 'genuine' }
  | { kind: 'forged'; reason: string }
  | { kind: 'close_message' }
  | { kind: 'unknown'; reason: string };

/** SB rewrites `\r` and `\t` as `\n` and squeezes blank lines (contract §1.2): compare text modulo whitespace. */
const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * Confirms each staff pause with Support Board (contract §6.3: anyone can make SB post a `message-sent` with the
 * genuine key). The pause is already in force; if `get-conversation` does not show that message, from that sender,
 * with that text, the pause is undone, a "forged event" warning is logged and the customer messages it held are
 * answered. Support Board's close message (bot-written, payload `type: close-message`, §1.4) is not a takeover
 * either. Durable: the checks live in a table, swept every few seconds by every instance (claims are leased).
 */
@Injectable()
export class StaffEventVerifier implements OnModuleDestroy {
  private readonly logger = new Logger('Webhook');
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly checks: StaffEventRepository,
    private readonly sb: SupportBoardClient,
    private readonly queue: ReplyQueue,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  /** Verifies due checks now (coalesced); called right after a staff pause is recorded. */
  kick(): void {
    if (this.soon || !this.sb.configured) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.running ??= this.verifyDue()
        .then(() => undefined)
        .catch((e: unknown) =>
          this.logger.warn({ msg: 'staff event checks postponed', reason: (e as Error).message }),
        )
        .finally(() => (this.running = null));
    }, 0);
  }

  /** Verifies every due check; returns how many were settled. Exposed for tests and the sweep. */
  async verifyDue(): Promise<number> {
    let settled = 0;
    for (;;) {
      const due = await this.checks.claimDue(BATCH, RETRY_MS);
      if (!due.length) return settled;
      for (const check of due) if (await this.verify(check)) settled++;
    }
  }

  private async verify(check: StaffEventCheck): Promise<boolean> {
    const verdict = await this.judge(check);
    const where = { conversationId: check.conversationId, messageId: check.sbMessageId };
    switch (verdict.kind) {
      case 'genuine':
        await this.checks.remove(check.id);
        return true;
      case 'unknown':
        if (check.attempts < MAX_ATTEMPTS) return false;
        this.logger.warn({
          msg: 'staff event never confirmed; the pause stays',
          ...where,
          reason: verdict.reason,
        });
        await this.checks.remove(check.id);
        return true;
      case 'forged':
      case 'close_message': {
        const undone = await this.checks.undoPause(check.id);
        if (verdict.kind === 'forged') {
          this.logger.warn({
            msg: 'forged staff event: Support Board has no such message; pause undone',
            ...where,
            reason: verdict.reason,
            outcome: undone.kind,
          });
        } else {
          this.logger.log({
            msg: 'close message is not a takeover: pause undone',
            ...where,
            outcome: undone.kind,
          });
        }
        if (undone.kind === 'lifted') await this.queue.enqueue(check.conversationId, 0);
        return true;
      }
    }
  }

  private async judge(check: StaffEventCheck): Promise<Verdict> {
    let conversation: SbConversation;
    try {
      conversation = await this.sb.getConversation(check.conversationId);
    } catch (e) {
      if (e instanceof ExternalServiceError && !e.retryable && /not found/.test(e.message))
        return { kind: 'forged', reason: 'no such conversation' };
      return { kind: 'unknown', reason: (e as Error).message };
    }
    const m = conversation.messages.find((x) => x.id === check.sbMessageId);
    if (!m) return { kind: 'forged', reason: 'no such message in the conversation' };
    if (m.payload.type === 'close-message') return { kind: 'close_message' };
    if (m.userId !== check.senderId) return { kind: 'forged', reason: 'the message has another sender' };
    if (m.userId === conversation.userId) return { kind: 'forged', reason: 'the message is the customer’s' };
    if (!sameText(m.text, check.text)) return { kind: 'forged', reason: 'the message has another text' };
    return { kind: 'genuine' };
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }
}
