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
    const waiting = await this.inbox.conversationsNeedingReply();
    // Own singleton key: a job queued before the restart may still wait (a longer quiet window then); the lease
    // keeps the two from answering twice.
    for (const conversationId of waiting) await this.enqueue(conversationId, 0, 'recovery');
    this.logger.log({
      msg: 'reply workers started',
      workers: this.config.conversation.replyConcurrency,
      recovered: waiting.length,
    });
  }

  /** At most one queued job per conversation; later calls while it waits are no-ops (it will see their messages). */
  async enqueue(conversationId: string, delayMs: number, lane?: 'recovery'): Promise<void> {
    if (!this.boss) return;
    await this.boss.send(QUEUE, { conversationId } satisfies ReplyJobData, {
      singletonKey: lane ? `${conversationId}:${lane}` : conversationId,
      startAfter: new Date(Date.now() + delayMs),
    });
  }

  private async handle(job: PgBoss.JobWithMetadata<ReplyJobData>): Promise<void> {
    const { conversationId } = job.data;
    await withCorrelationId(`reply-${newCorrelationId()}`, async () => {
      const result = await this.jobs.run(conversationId, { lastAttempt: job.retryCount >= job.retryLimit });
      if (result.again) await this.enqueue(conversationId, Math.max(0, result.again.getTime() - Date.now()));
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    // Waits for running jobs (bounded), then stops polling; the database closes after us.
    await boss?.stop({ graceful: true, wait: true, timeout: 8_000, close: false });
  }
}
