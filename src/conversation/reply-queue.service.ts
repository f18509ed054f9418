import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { newCorrelationId, withCorrelationId } from '../common/logging/request-context';
import { InboxRepository } from './inbox.repository';
import { ReplyJobService } from './reply-job.service';

const QUEUE = 'sb-reply';
const RETRY_LIMIT = 4;
const SWEEP_MS = 60_000;

interface ReplyJobData {
  conversationId: string;
}

/**
 * Durable reply jobs on pg-boss 10 (the last major that runs on Node 20), over the app's own `pg` pool so it works
 * the same on PostgreSQL and on the embedded PGlite. Policy `short` keeps at most one queued job per conversation
 * (a burst enqueues once); the reply lease in `replies` keeps one running. (`singleton`/`stately` would also do
 * the latter, but pg-boss then fails the whole fetch while a key is busy, stalling every other conversation.)
 */
@Injectable()
export class ReplyQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ReplyQueue');
  private boss: PgBoss | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  /** Conversations with a job queued by this process that has not started yet (until its start time). */
  private readonly queuedUntil = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: ReplyJobService,
    private readonly inbox: InboxRepository,
    private readonly config: AppConfig,
  ) {}

  get running(): boolean {
    return this.boss !== undefined;
  }

  /** Creates pg-boss's schema if needed, starts `replyConcurrency` workers, then re-enqueues unfinished work. */
  async start(): Promise<void> {
    const pool = (this.dataSource.driver as PostgresDriver).master as {
      query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
    };
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: 'pgboss',
      migrate: true,
      supervise: true,
      maintenanceIntervalSeconds: 120,
    });
    boss.on('error', (e: Error) => this.logger.warn({ msg: 'pg-boss error', reason: e.message }));
    await boss.start();
    await boss.createQueue(QUEUE, {
      name: QUEUE,
      policy: 'short',
      retryLimit: RETRY_LIMIT,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
    });
    for (let i = 0; i < this.config.conversation.replyConcurrency; i++) {
      await boss.work<ReplyJobData>(
        QUEUE,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
        async ([job]) => this.handle(job),
      );
    }
    this.boss = boss;
    const waiting = await this.sweep();
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_MS);
    this.sweeper.unref();
    this.logger.log({
      msg: 'reply workers started',
      workers: this.config.conversation.replyConcurrency,
      recovered: waiting.length,
    });
  }

  /**
   * Enqueues every conversation the inbox says still needs an answer: at start (after a crash or restart) and
   * periodically (a message whose enqueue failed). Its own singleton key: a job queued earlier may still wait (a
   * longer quiet window before a restart); the reply lease keeps the two from answering twice.
   */
  async sweep(): Promise<string[]> {
    const waiting = await this.inbox.conversationsNeedingReply();
    for (const conversationId of waiting) await this.enqueue(conversationId, 0, 'recovery');
    return waiting;
  }

  /**
   * False when this process queued a job for the conversation that has not started yet: it will claim the new
   * message too, so a burst's later messages cost the webhook one INSERT and no enqueue. (A job that already
   * started re-enqueues whatever arrived after its claim.)
   */
  needsJob(conversationId: string): boolean {
    return this.running && (this.queuedUntil.get(conversationId) ?? 0) <= Date.now();
  }

  /** At most one queued job per conversation (policy `short`); later sends while it waits are no-ops. */
  async enqueue(conversationId: string, delayMs: number, lane?: 'recovery'): Promise<void> {
    if (!this.boss) return;
    const now = Date.now();
    if (!lane) {
      if (this.queuedUntil.size > 10_000) {
        for (const [id, until] of this.queuedUntil) if (until <= now) this.queuedUntil.delete(id);
      }
      this.queuedUntil.set(conversationId, now + delayMs);
    }
    await this.boss.send(QUEUE, { conversationId } satisfies ReplyJobData, {
      singletonKey: lane ? `${conversationId}:${lane}` : conversationId,
      startAfter: new Date(now + delayMs),
    });
  }

  /** Drops the in-process record of queued jobs (their rows were deleted: benchmarks between runs). */
  forgetQueued(): Promise<void> {
    this.queuedUntil.clear();
    return Promise.resolve();
  }

  private async handle(job: PgBoss.JobWithMetadata<ReplyJobData>): Promise<void> {
    const { conversationId } = job.data;
    await withCorrelationId(`reply-${newCorrelationId()}`, async () => {
      const result = await this.jobs.run(conversationId, { lastAttempt: job.retryCount >= job.retryLimit });
      if (result.again) await this.enqueue(conversationId, Math.max(0, result.again.getTime() - Date.now()));
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    const boss = this.boss;
    this.boss = undefined;
    // Waits for running jobs (bounded), then stops polling; the database closes after us.
    await boss?.stop({ graceful: true, wait: true, timeout: 8_000, close: false });
  }
}
