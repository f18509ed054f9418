import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isBotChannel } from '../common/channel';
import { parseBotCommand } from './bot-command';
import { BotControl, type ControlEvent } from './bot-control.service';
import { InboxRepository } from './inbox.repository';
import { IntakeSpool, isTransientDatabaseError, type SpooledEvent } from './intake-spool';
import { ReplyQueue } from './reply-queue.service';
import { StaffEventRepository, type StaffEvent } from './staff-event.repository';
import { StaffEventVerifier } from './staff-event-verifier.service';

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

export type IntakeOutcome = 'recorded' | 'duplicate' | 'recorded_for_humans' | 'spooled';
export type StaffOutcome = 'paused' | 'spooled' | 'command_queued';
export type StatusOutcome = 'status_queued' | 'status_ignored' | 'spooled';
export type { StaffEvent };

/**
 * The conversation module's front door: the webhook (and anything else that learns of a customer message) hands
 * the message over here and is done. Recording comes first, so if enqueueing fails the queue's sweep of the inbox
 * (the source of truth) still answers it. Neither path waits for the database longer than
 * WEBHOOK_DATABASE_BUDGET_MS: past it, or when the database refuses the connection, the event goes to the local
 * spool and is recorded when the database answers again (Support Board waits 7 s and never retries).
 */
@Injectable()
export class ConversationIntake {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly inbox: InboxRepository,
    private readonly queue: ReplyQueue,
    private readonly config: AppConfig,
    private readonly spool: IntakeSpool,
    private readonly staffEvents: StaffEventRepository,
    private readonly verifier: StaffEventVerifier,
    private readonly control: BotControl,
  ) {}

  recordCustomerMessage(m: CustomerMessage): Promise<IntakeOutcome> {
    return this.withinBudget({ kind: 'customer', message: m, at: new Date().toISOString() }, () =>
      this.recordCustomer(m),
    );
  }

  /**
   * A staff member wrote: the bot pauses at once (a silent bot is recoverable, talking over an agent is not), and
   * Support Board is asked shortly after whether that message exists (the event may be forged, support-board.md §6.3).
   */
  async recordStaffMessage(e: StaffEvent): Promise<StaffOutcome> {
    const command = parseBotCommand(e.text);
    // `#bot` is no takeover: nothing pauses; the command is checked with Support Board, then the bot resumes.
    if (command === 'resume') return this.recordControl({ kind: 'command', command, ...e }, 'command_queued');
    const outcome = await this.withinBudget({ kind: 'staff', event: e, at: new Date().toISOString() }, () =>
      this.pauseForStaff(e),
    );
    // `#humano` pauses at once like any staff message; once confirmed, the pause lasts until resumed.
    if (command === 'hold') await this.recordControl({ kind: 'command', command, ...e }, outcome);
    return outcome;
  }

  /**
   * Support Board's `conversation-status-updated` (support-board.md §6.1): an archive (3) or a move to the trash (4)
   * may give the conversation back to the bot, once `BotControl` confirmed it. Other statuses flip all the time.
   */
  recordStatusChange(conversationId: string, statusCode: string): Promise<StatusOutcome> {
    if (statusCode !== '3' && statusCode !== '4') return Promise.resolve('status_ignored');
    return this.recordControl({ kind: 'status', conversationId, statusCode }, 'status_queued');
  }

  private recordControl<T extends string>(event: ControlEvent, queued: T): Promise<T | 'spooled'> {
    return this.withinBudget({ kind: 'control', event, at: new Date().toISOString() }, async () => {
      if (!(await this.control.enqueue(event)))
        this.logger.warn({
          msg: 'Support Board event not checked: the job queue is not running in this process',
          conversationId: event.conversationId,
        });
      return queued;
    });
  }

  private async pauseForStaff(e: StaffEvent): Promise<'paused'> {
    const minutes = this.config.conversation.humanTakeoverPauseMinutes;
    const until = await this.staffEvents.pauseAndRecord(e, new Date(Date.now() + minutes * 60_000));
    this.logger.debug({
      msg: 'staff message: bot paused until confirmed',
      conversationId: e.conversationId,
      until,
    });
    this.verifier.kick();
    return 'paused';
  }

  /**
   * Runs `work` unless the database does not answer within the budget (or refuses the connection): then the event
   * is spooled and `work` is left to finish or fail on its own; replaying it later is idempotent. While anything is
   * spooled, new events queue behind it so they are recorded in arrival order.
   */
  private async withinBudget<T>(event: SpooledEvent, work: () => Promise<T>): Promise<T | 'spooled'> {
    if (this.spool.active) {
      this.spool.append(event);
      return 'spooled';
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>(
      (r) => (timer = setTimeout(() => r('late'), this.config.intake.databaseBudgetMs)),
    );
    const attempt = work();
    try {
      const r = await Promise.race([attempt, late]);
      if (r !== 'late') return r;
      attempt.catch(() => undefined);
    } catch (e) {
      if (!isTransientDatabaseError(e)) throw e;
    } finally {
      clearTimeout(timer);
    }
    this.spool.append(event);
    return 'spooled';
  }

  /** Replays one spooled event without a budget; enqueues even a duplicate (its first try may have won the race). */
  private async replay(e: SpooledEvent): Promise<void> {
    if (e.kind === 'staff') {
      await this.pauseForStaff(e.event as StaffEvent);
      return;
    }
    if (e.kind === 'control') {
      await this.control.enqueue(e.event as ControlEvent);
      return;
    }
    const m = e.message as CustomerMessage;
    if ((await this.recordCustomer(m)) === 'duplicate' && isBotChannel(m.channel))
      await this.queue
        .enqueue(m.conversationId, this.config.conversation.replyQuietWindowMs)
        .catch(() => undefined);
  }

  private async recordCustomer(m: CustomerMessage): Promise<Exclude<IntakeOutcome, 'spooled'>> {
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
    if (!this.config.isSupportBoardConfigured) {
      // Otherwise the operator sees only "POST /api/sb-webhook 200" and waits for an answer that never comes.
      this.logger.log({
        msg: 'customer message stored; it will not be answered: Support Board is not configured (SUPPORT_BOARD_API_URL/TOKEN), so no reply can be sent',
        conversationId: m.conversationId,
        messageId: m.sbMessageId,
      });
      return 'recorded';
    }
    this.logger.debug({
      msg: 'customer message recorded',
      conversationId: m.conversationId,
      messageId: m.sbMessageId,
    });
    return 'recorded';
  }

  /** Webhook events on disk waiting for the database (shown by /api/health). */
  get spooled(): number {
    return this.spool.size;
  }

  /** Records what a previous run spooled, and anything spooled from now on. Only the HTTP app calls this. */
  startSpool(): void {
    this.spool.resume((e) => this.replay(e));
  }

  /** Starts the reply workers and the staff-event checks. Only the HTTP app calls this, never a CLI command. */
  async startReplies(): Promise<void> {
    await this.queue.start();
    this.verifier.start();
  }
}
