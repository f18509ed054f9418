import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { newCorrelationId, withCorrelationId } from '../common/logging/request-context';
import { DatabaseMonitor } from '../database/database-monitor';

export interface JobInfo {
  id: string;
  retryCount: number;
  retryLimit: number;
}

export interface QueueDefinition<T extends object> {
  name: string;
  /** Jobs of this queue run at once in this process. */
  concurrency: number;
  /** Prefix of the correlation id on the job's log lines. */
  logPrefix: string;
  options: Omit<PgBoss.Queue, 'name'>;
  handle(data: T, job: JobInfo): Promise<void>;
}

const STOP_WAIT_MS = 8_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Durable jobs on pg-boss 10 (the last major that runs on Node 20), over the app's own `pg` pool so they work the
 * same on PostgreSQL and on the embedded PGlite. pg-boss stores and schedules the jobs; the fetch loop is ours:
 * pg-boss's `work()` neither awaits `complete`/`fail` (a database blip then rejects with nobody listening, which
 * ends the process) nor fetches again before its polling interval (about two jobs a second per worker). Here every
 * database call is awaited and retried, a worker fetches again at once while there is work, and work queued by
 * this process wakes an idle worker immediately.
 */
@Injectable()
export class JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss: PgBoss | undefined;
  private readonly queues = new Map<string, QueueDefinition<object>>();
  private readonly sleepers = new Map<string, Set<() => void>>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly monitor: DatabaseMonitor,
    private readonly config: AppConfig,
  ) {}

  get running(): boolean {
    return this.boss !== undefined && !this.stopping;
  }

  /** Declares a queue; its workers start with `start()`. */
  define<T extends object>(queue: QueueDefinition<T>): void {
    this.queues.set(queue.name, queue);
  }

  async start(): Promise<void> {
    if (this.boss) return;
    const pool = (this.dataSource.driver as PostgresDriver).master as {
      query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
    };
    const boss = new PgBoss({
      // Every pg-boss query reports to the monitor: pg-boss itself swallows fetch errors, so an outage while idle
      // would otherwise go unnoticed.
      db: {
        executeSql: async (text: string, values: unknown[]) => {
          try {
            const result = await pool.query(text, values);
            this.monitor.succeeded();
            return result;
          } catch (e) {
            this.monitor.failed(e);
            throw e;
          }
        },
      },
      schema: 'pgboss',
      migrate: true,
      supervise: true,
      maintenanceIntervalSeconds: 120,
    });
    // pg-boss's own maintenance reports failures as events; a connection loss is the monitor's to log, once.
    boss.on('error', (e: Error) => {
      if (!this.monitor.failed(e)) this.logger.warn({ msg: 'pg-boss maintenance error', reason: e.message });
    });
    await boss.start();
    for (const q of this.queues.values()) await boss.createQueue(q.name, { name: q.name, ...q.options });
    this.boss = boss;
    for (const q of this.queues.values()) {
      for (let i = 0; i < q.concurrency; i++) this.loops.push(this.loop(boss, q));
    }
  }

  /** Queues a job; null when an equal singleton is already queued. Wakes an idle worker when it is due now. */
  async send<T extends object>(
    name: string,
    data: T,
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    const boss = this.boss;
    if (!boss) return null;
    const id = await boss.send(name, data, options);
    const startAfter = options.startAfter instanceof Date ? options.startAfter.getTime() : 0;
    if (startAfter <= Date.now()) this.wake(name);
    else setTimeout(() => this.wake(name), startAfter - Date.now()).unref();
    return id;
  }

  /**
   * Like `send`, but when an equal singleton is already queued to start later than `startAfter` (queued by an
   * instance with a longer quiet window, or before a restart), that job is brought forward instead of the new one
   * being dropped: a conversation's reply must never wait for an older, later schedule.
   */
  async sendOrAdvance<T extends object>(
    name: string,
    data: T,
    options: PgBoss.SendOptions & { singletonKey: string; startAfter: Date },
  ): Promise<void> {
    const id = await this.send(name, data, options);
    if (id !== null || !this.boss) return;
    await this.dataSource.query(
      `UPDATE pgboss.job SET start_after = $3
        WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry') AND start_after > $3`,
      [name, options.singletonKey, options.startAfter],
    );
    const due = options.startAfter.getTime() - Date.now();
    if (due <= 0) this.wake(name);
    else setTimeout(() => this.wake(name), due).unref();
  }

  private wake(name: string): void {
    for (const fn of this.sleepers.get(name) ?? []) fn();
  }

  private idle(name: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const set = this.sleepers.get(name) ?? new Set<() => void>();
      this.sleepers.set(name, set);
      const done = (): void => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  private async loop(boss: PgBoss, q: QueueDefinition<object>): Promise<void> {
    const pollMs = this.config.conversation.jobPollMs;
    while (!this.stopping) {
      let jobs: PgBoss.JobWithMetadata<object>[] = [];
      try {
        jobs = await boss.fetch<object>(q.name, { batchSize: 1, includeMetadata: true });
      } catch (e) {
        this.logger.warn({ msg: 'could not fetch jobs', queue: q.name, err: e });
      }
      if (this.monitor.isDown) {
        await this.idle(q.name, Math.max(pollMs, 1_000));
        continue;
      }
      if (!jobs.length) {
        await this.idle(q.name, pollMs);
        continue;
      }
      for (const job of jobs) await this.execute(boss, q, job);
    }
  }

  private async execute(
    boss: PgBoss,
    q: QueueDefinition<object>,
    job: PgBoss.JobWithMetadata<object>,
  ): Promise<void> {
    let failure: Error | undefined;
    try {
      await withCorrelationId(`${q.logPrefix}-${newCorrelationId()}`, () =>
        q.handle(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit }),
      );
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
    // Awaited and retried: if the database is away, the job stays active and pg-boss's expiry retries it anyway.
    for (let attempt = 1; ; attempt++) {
      try {
        if (failure) await boss.fail(q.name, job.id, { message: failure.message });
        else await boss.complete(q.name, job.id);
        return;
      } catch (e) {
        if (!this.monitor.isDown) {
          this.logger.warn({ msg: 'could not record a job outcome', queue: q.name, err: e });
          return;
        }
        if (this.stopping || attempt >= 30) return;
        await this.monitor.waitForRecovery(Math.min(500 * attempt, 5_000));
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.stopping = true;
    for (const name of this.queues.keys()) this.wake(name);
    // Running jobs finish (bounded); their leases and records make anything cut short resume at the next start.
    await Promise.race([Promise.all(this.loops), sleep(STOP_WAIT_MS)]);
    this.boss = undefined;
    await boss.stop({ graceful: false, wait: true, timeout: 2_000, close: false }).catch(() => undefined);
  }
}
