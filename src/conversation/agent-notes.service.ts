import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SupportBoardDirectory } from '../support-board/support-board-directory.service';
import { SupportBoardClient } from '../support-board/support-board.client';
import { JobQueue } from '../jobs/job-queue.service';

const QUEUE = 'sb-agent-note';
const NOTE_NAME = 'Namwoo bot';

interface NoteJobData {
  conversationId: string;
  message: string;
}

/**
 * Internal notes for the agents in Support Board (the customer never sees them). A note that cannot be written now
 * (Support Board down) becomes a durable job retried with backoff for over an hour, so the agents still learn that
 * the bot gave up on a customer.
 */
@Injectable()
export class AgentNotes implements OnModuleInit {
  private readonly logger = new Logger('AgentNotes');

  constructor(
    private readonly sb: SupportBoardClient,
    private readonly directory: SupportBoardDirectory,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<NoteJobData>({
      name: QUEUE,
      concurrency: 1,
      logPrefix: 'note',
      // retryDelay × 2^n: with the default 2 s base, 12 retries span about 2.3 hours.
      options: {
        retryLimit: 12,
        retryDelay: Math.max(1, Math.round(this.config.conversation.replyRetryBaseMs / 1000)),
        retryBackoff: true,
        expireInSeconds: 5 * 60,
      },
      handle: (data, job) => this.write(data, job.retryCount >= job.retryLimit),
    });
  }

  /** Writes the note now, or queues it for a retry when Support Board does not take it. */
  async leave(conversationId: string, message: string): Promise<void> {
    try {
      await this.write({ conversationId, message }, false);
    } catch {
      const queued = await this.jobs.send(QUEUE, { conversationId, message } satisfies NoteJobData, {
        startAfter: new Date(Date.now() + this.config.conversation.replyRetryBaseMs),
      });
      if (!queued) this.logger.error({ msg: 'could not queue a note for the agents', conversationId });
    }
  }

  private async write(note: NoteJobData, lastAttempt: boolean): Promise<void> {
    try {
      const botUserId = await this.directory.requireBotUserId();
      await this.sb.addNote(note.conversationId, botUserId, NOTE_NAME, note.message);
    } catch (e) {
      const log = lastAttempt ? 'error' : 'warn';
      this.logger[log]({
        msg: lastAttempt
          ? 'GAVE UP writing a note for the agents; check Support Board (SUPPORT_BOARD_API_URL, token)'
          : 'could not leave a note for the agents; it will be retried',
        conversationId: note.conversationId,
        reason: (e as Error).message,
      });
      throw e;
    }
  }
}
