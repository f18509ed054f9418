import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DatabaseMonitor } from '../database/database-monitor';
import { JobQueue } from '../jobs/job-queue.service';
import { InboxRepository } from './inbox.repository';
import { ReplyRunner } from './reply-runner.service';

const QUEUE = 'sb-reply';
const SWEEP_MS = 60_000;

interface ReplyJobData {
  conversationId: string;
}

/**
 * The reply jobs: one per conversation at a time. Policy `short` keeps at most one queued job per conversation
 * (a burst enqueues once); the reply lease in `replies` keeps one running. (`singleton`/`stately` would also do
 * the latter, but pg-boss then fails the whole fetch while a key is busy, stalling every other conversation.)
 * Retries of a failing reply are scheduled by the runner itself, so pg-boss's retry is only the safety net.
 */
@Injectable()
export class ReplyQueue implements OnModuleInit {
  private readonly logger = new Logger('ReplyQueue');
  private sweeper: NodeJS.Timeout | undefined;
  /** Conversations with a job queued by this process that has not started yet (until its start time). */
  private readonly queuedUntil = new Map<string, number>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly runner: ReplyRunner,
    private readonly inbox: InboxRepository,
    private readonly monitor: DatabaseMonitor,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ReplyJobData>({
      name: QUEUE,
      concurrency: this.config.conversation.replyConcurrency,
      logPrefix: 'reply',
      options: {
        policy: 'short',
        retryLimit: 4,
        retryDelay: 2,
        retryBackoff: true,
        expireInSeconds: 15 * 60,
      },
      handle: (data, job) => this.handle(data.conversationId, job.retryCount >= job.retryLimit),
    });
  }

  get running(): boolean {
    return this.jobs.running;
  }

  /** Starts the workers, then re-enqueues unfinished work (after a crash or restart). */
  async start(): Promise<void> {
    await this.jobs.start();
    const waiting = await this.sweep();
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_MS);
    this.sweeper.unref();
    // Work that failed while the database was away resumes as soon as it is back, not at the next sweep.
    this.monitor.onRecovered(() => void this.sweep().catch(() => undefined));
    this.logger.log({
      msg: 'reply workers started',
      workers: this.config.conversation.replyConcurrency,
      recovered: waiting.length,
    });
  }

  /**
   * Enqueues every conversation the inbox says still needs an answer: at start and periodically (a message whose
   * enqueue failed, a reply waiting for its retry). Its own singleton key: a job queued earlier may still wait;
   * the reply lease keeps the two from answering twice.
   */
  async sweep(): Promise<string[]> {
    const waiting = await this.inbox.conversationsNeedingReply();
    for (const conversationId of waiting) await this.enqueue(conversationId, 0, 'recovery');
    return waiting;
  }

  /**
   * False when this process queued a job for the conversation that has not started yet: it will claim the new
   * message too, so a burst's later messages cost the webhook one INSERT and no enqueue.
   */
  needsJob(conversationId: string): boolean {
    return this.running && (this.queuedUntil.get(conversationId) ?? 0) <= Date.now();
  }

  /**
   * At most one queued job per conversation (policy `short`); a later send while it waits is a no-op, unless it
   * must start earlier, when the queued job is brought forward.
   */
  async enqueue(conversationId: string, delayMs: number, lane?: 'recovery'): Promise<void> {
    if (!this.running) return;
    const now = Date.now();
    if (!lane) {
      if (this.queuedUntil.size > 10_000) {
        for (const [id, until] of this.queuedUntil) if (until <= now) this.queuedUntil.delete(id);
      }
      this.queuedUntil.set(conversationId, now + delayMs);
    }
    await this.jobs.sendOrAdvance(QUEUE, { conversationId } satisfies ReplyJobData, {
      singletonKey: lane ? `${conversationId}:${lane}` : conversationId,
      startAfter: new Date(now + delayMs),
    });
  }

  /** Drops the in-process record of queued jobs (their rows were deleted: benchmarks between runs). */
  forgetQueued(): Promise<void> {
    this.queuedUntil.clear();
    return Promise.resolve();
  }

  private async handle(conversationId: string, lastAttempt: boolean): Promise<void> {
    const result = await this.runner.run(conversationId, { lastAttempt });
    if (result.again) await this.enqueue(conversationId, Math.max(0, result.again.getTime() - Date.now()));
  }

  stop(): void {
    clearInterval(this.sweeper);
  }
}
