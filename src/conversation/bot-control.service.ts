import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ExternalServiceError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue.service';
import { PauseService } from '../pause/pause.service';
import { SupportBoardDirectory } from '../support-board/support-board-directory.service';
import { SupportBoardClient } from '../support-board/support-board.client';
import { AgentNotes } from './agent-notes.service';
import type { SbConversation } from '../support-board/support-board.types';
import { archivedSinceStoreSpoke, judgeControlEvent, type ControlEvent } from './bot-control-verdict';

const QUEUE = 'sb-bot-control';

export type { ControlEvent };

/**
 * Gives a conversation back to the bot, or keeps it with the people, when Support Board says an agent is done
 * (archived or deleted the conversation: `conversation-status-updated` 3 or 4, support-board.md §6.1) or an agent
 * wrote `#bot` / `#humano`. The webhook only queues the event (durable, on the job queue); here it is read back
 * with `get-conversation` first, since anyone can make Support Board post invented events with the real key
 * (§6.3). Support Board unreachable: retried with backoff, and meanwhile nothing changes (a paused bot stays
 * paused: the safe side). Each change is confirmed to the agents with an internal note.
 */
@Injectable()
export class BotControl implements OnModuleInit {
  private readonly logger = new Logger('BotControl');

  constructor(
    private readonly jobs: JobQueue,
    private readonly sb: SupportBoardClient,
    private readonly directory: SupportBoardDirectory,
    private readonly pauses: PauseService,
    private readonly notes: AgentNotes,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ControlEvent>({
      name: QUEUE,
      concurrency: 1,
      logPrefix: 'control',
      // retryDelay × 2^n from the reply retry base (2 s): 10 retries span about half an hour.
      options: {
        retryLimit: 10,
        retryDelay: Math.max(1, Math.round(this.config.conversation.replyRetryBaseMs / 1000)),
        retryBackoff: true,
        expireInSeconds: 5 * 60,
      },
      handle: async (event, job) => {
        await this.apply(event, job.retryCount >= job.retryLimit);
      },
    });
  }

  /** Queues the event for checking; false when the queue is not running (a CLI process). */
  async enqueue(event: ControlEvent): Promise<boolean> {
    return (await this.jobs.send(QUEUE, event)) !== null;
  }

  /**
   * The safety net for a lost status webhook (Support Board sends each one once and never retries): a paused
   * conversation whose latest store-side act is an archive is given back when the customer writes again. The reply
   * job calls this before leaving a customer message to the agents; true when the pause was lifted.
   */
  async resumeIfArchived(conversationId: string): Promise<boolean> {
    let conversation: SbConversation;
    try {
      conversation = await this.sb.getConversation(conversationId);
    } catch (e) {
      // Support Board unreachable: the pause stands (the safe side); the reply job has its own retries.
      this.logger.debug({ msg: 'archive not checked', conversationId, reason: (e as Error).message });
      return false;
    }
    if (!archivedSinceStoreSpoke(conversation)) return false;
    if (
      !(await this.pauses.resumeFor(conversation.id, 'archived in Support Board (seen at the next message)'))
    )
      return false;
    await this.notes.leave(conversation.id, archivedNote('3'));
    return true;
  }

  /** Checks the event with Support Board and acts on it. Exposed for tests. */
  async apply(event: ControlEvent, lastAttempt = false): Promise<'applied' | 'refused' | 'nothing'> {
    const where = {
      conversationId: event.conversationId,
      ...(event.kind === 'command' ? { messageId: event.sbMessageId } : {}),
    };
    // An archive of a conversation the bot already answers changes nothing: no Support Board call for it.
    if (event.kind === 'status' && !(await this.pauses.isPaused(event.conversationId))) return 'nothing';
    let verdict;
    try {
      const conversation = await this.sb.getConversation(event.conversationId);
      verdict = judgeControlEvent(event, conversation, await this.directory.requireBotUserId());
    } catch (e) {
      if (e instanceof ExternalServiceError && !e.retryable && /not found/.test(e.message)) {
        verdict = { genuine: false as const, reason: 'no such conversation' };
      } else {
        this.logger[lastAttempt ? 'error' : 'warn']({
          msg: lastAttempt
            ? 'GAVE UP checking a Support Board event with Support Board; nothing changed (check SUPPORT_BOARD_API_URL)'
            : 'could not check a Support Board event yet; it will be retried',
          event: describe(event),
          ...where,
          reason: (e as Error).message,
        });
        throw e;
      }
    }
    if (!verdict.genuine) {
      this.logger.warn({
        msg: `forged or stale ${describe(event)}: Support Board does not confirm it; nothing changed`,
        ...where,
        reason: verdict.reason,
      });
      return 'refused';
    }
    if (event.kind === 'command' && event.command === 'hold') {
      await this.pauses.holdUntilResumed(event.conversationId, event.senderId);
      await this.notes.leave(
        event.conversationId,
        '#humano: the bot stays silent in this conversation until an agent writes #bot or archives it.',
      );
      return 'applied';
    }
    const wasPaused = await this.pauses.resumeFor(event.conversationId, describe(event));
    await this.notes.leave(
      event.conversationId,
      event.kind === 'status'
        ? archivedNote(event.statusCode)
        : wasPaused
          ? '#bot: the bot answers this customer again from their next message.'
          : '#bot: the bot was not paused here; it keeps answering this customer.',
    );
    return 'applied';
  }
}

/** The note when an archive gives the conversation back. */
const archivedNote = (statusCode: '3' | '4'): string =>
  `The conversation was ${statusCode === '3' ? 'archived' : 'moved to the trash'}: the bot answers this customer again from their next message.`;

function describe(e: ControlEvent): string {
  return e.kind === 'status'
    ? `status ${e.statusCode} event`
    : `${e.command === 'resume' ? '#bot' : '#humano'} command`;
}
