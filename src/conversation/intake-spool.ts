import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

/** What the webhook could not hand to the database in time, kept verbatim until it can. */
export type SpooledEvent<C = unknown, S = unknown> =
  | { kind: 'customer'; message: C; at: string }
  | { kind: 'staff'; event: S; at: string }
  /** A status change or an agent's `#bot`/`#humano`, to be checked by `BotControl`. */
  | { kind: 'control'; event: S; at: string };

/** Records one event; an error that is not transient (bad data, a bug) drops it instead of blocking the spool forever. */
export type SpoolHandler = (e: SpooledEvent) => Promise<void>;

const FILE = /^spool-(\d+)\.jsonl$/;
/**
 * One replay that has not finished by then counts as "database still away" and is tried again later (a query on a
 * black-holed connection may never return); replaying twice is harmless.
 */
const REPLAY_TIMEOUT_MS = 10_000;

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * "The database is away" (worth waiting for) as opposed to "this event can never be stored" (a bug or bad data,
 * which must not block the spool forever): connection-level errors, PostgreSQL's connection, resource, shutdown,
 * lock and serialization classes, and the pool's own timeouts.
 */
export function isTransientDatabaseError(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (/^(08|53|57|40|55P03)/.test(code)) return true;
    if (/^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN|NOTFOUND)/.test(code)) return true;
  }
  return (
    typeof message === 'string' && /terminat|timeout|timed out|connect|closed|socket|no answer/i.test(message)
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The webhook's durable fallback when the database does not answer within WEBHOOK_DATABASE_BUDGET_MS: events are
 * appended to `WEBHOOK_SPOOL_DIR/spool-<pid>.jsonl` and fsynced before Support Board gets its 200, then handed to
 * the database in arrival order once it answers again. While anything is spooled, new events queue behind it, so
 * order holds. Appends are synchronous, so nothing can slip in between "spool empty" and truncating the file.
 * A spool left by a process that died is adopted at start. Replaying an event twice is harmless: the inbox is
 * unique on the Support Board message id, and a pause only ever extends.
 */
@Injectable()
export class IntakeSpool implements OnModuleDestroy {
  private readonly logger = new Logger('Webhook');
  private readonly pending: SpooledEvent[] = [];
  /** Files of dead processes whose events are in `pending`; removed once drained. */
  private adopted: string[] = [];
  private fd: number | undefined;
  private handler: SpoolHandler | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private since: number | null = null;
  private recorded = 0;
  private dropped = 0;
  private stopped = false;

  constructor(private readonly config: AppConfig) {}

  get active(): boolean {
    return this.pending.length > 0;
  }

  get size(): number {
    return this.pending.length;
  }

  private get file(): string {
    return join(this.config.intake.spoolDir, `spool-${process.pid}.jsonl`);
  }

  /** Starts draining with `handler`, beginning with any spool a dead process left behind. */
  resume(handler: SpoolHandler): void {
    this.handler = handler;
    let names: string[];
    try {
      names = readdirSync(this.config.intake.spoolDir);
    } catch {
      return; // No spool folder yet: nothing was ever spooled here.
    }
    const orphans = names
      .map((n) => ({ n, pid: Number(FILE.exec(n)?.[1]) }))
      // Our own pid's file is a dead predecessor's too (a container restarts as pid 1 every time).
      .filter((f) => f.pid && (f.pid === process.pid || !alive(f.pid)))
      .map((f) => join(this.config.intake.spoolDir, f.n))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    for (const path of orphans) {
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      for (const line of lines) {
        try {
          this.pending.push(JSON.parse(line) as SpooledEvent);
        } catch {
          // A torn last line from a crash mid-write: that event was never acknowledged.
          this.logger.warn({ msg: 'unreadable line skipped in an adopted webhook spool', file: path });
        }
      }
      this.adopted.push(path);
    }
    if (this.pending.length) {
      this.since = Date.now();
      this.logger.warn({
        msg: 'webhook events spooled by a previous run: recording them',
        count: this.pending.length,
      });
      this.schedule(0);
    }
  }

  /** Appends and fsyncs; returns once the event is on disk. Throws only when the disk itself fails. */
  append(e: SpooledEvent): void {
    if (this.fd === undefined) {
      mkdirSync(this.config.intake.spoolDir, { recursive: true });
      this.fd = openSync(this.file, 'a');
    }
    writeSync(this.fd, `${JSON.stringify(e)}\n`);
    fsyncSync(this.fd);
    this.pending.push(e);
    if (this.since === null) {
      this.since = Date.now();
      this.logger.warn({
        msg: 'database did not answer in time: webhook events go to the local spool until it does',
        budgetMs: this.config.intake.databaseBudgetMs,
        spool: this.config.intake.spoolDir,
      });
    }
    this.schedule(this.config.intake.spoolRetryMs);
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.draining || this.stopped || !this.handler) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, delayMs);
    this.timer.unref();
  }

  /** Records spooled events oldest first; stops at the first one the database cannot take yet and retries later. */
  async drain(): Promise<void> {
    if (this.draining || !this.handler) return;
    this.draining = true;
    try {
      while (this.pending.length && !this.stopped) {
        try {
          await withTimeout(this.handler(this.pending[0]), REPLAY_TIMEOUT_MS);
          this.recorded++;
        } catch (e) {
          if (isTransientDatabaseError(e)) return;
          this.dropped++;
          this.logger.error({
            msg: 'a spooled webhook event cannot be stored and was dropped',
            kind: this.pending[0].kind,
            reason: (e as Error).message,
          });
        }
        this.pending.shift();
      }
      if (!this.pending.length) this.finish();
    } finally {
      this.draining = false;
      if (this.pending.length) this.schedule(this.config.intake.spoolRetryMs);
    }
  }

  /** Everything is in the database: empty the file in the same tick (no append can interleave). */
  private finish(): void {
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
    for (const path of this.adopted) unlinkSync(path);
    this.adopted = [];
    if (this.since === null) return;
    this.logger.log({
      msg: 'webhook spool drained: every event is in the database',
      recorded: this.recorded,
      dropped: this.dropped,
      spooledForMs: Date.now() - this.since,
    });
    this.since = null;
    this.recorded = 0;
    this.dropped = 0;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.fd !== undefined) {
      const empty = !this.pending.length;
      closeSync(this.fd);
      this.fd = undefined;
      // An empty spool leaves no file behind; a non-empty one is adopted by the next start.
      if (empty) unlinkSync(this.file);
    }
  }
}
