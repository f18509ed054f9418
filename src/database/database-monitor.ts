import { Injectable, Logger } from '@nestjs/common';

/** SQLSTATE classes and driver messages that mean "the server is not reachable", not "this query is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
]);
const CONNECTION_MESSAGE =
  /connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection terminated unexpectedly|the database system is (starting up|shutting down)|Client has encountered a connection error|not queryable/i;

export function isConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return CONNECTION_MESSAGE.test(e.message);
}

/**
 * Whether the database answers, as seen by the work that uses it (the job workers poll it continuously). A loss is
 * logged once when it starts and once when it ends, with its duration, instead of once per failed query; work
 * that waited for the database is told when it is back.
 */
@Injectable()
export class DatabaseMonitor {
  private readonly logger = new Logger('Database');
  private downSince: number | null = null;
  private readonly recovered = new Set<() => void>();

  get isDown(): boolean {
    return this.downSince !== null;
  }

  /** When the current loss started, or null while the database answers. */
  get downSinceDate(): Date | null {
    return this.downSince === null ? null : new Date(this.downSince);
  }

  /** Records a failure; true when it was a connection loss (already logged), false for any other error. */
  failed(e: unknown): boolean {
    if (!isConnectionError(e)) return false;
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.logger.error({
        msg: 'DATABASE UNREACHABLE: replies wait and resume when it is back; check that the database server runs and DATABASE_URL',
        reason: e instanceof Error ? e.message : String(e),
      });
    }
    return true;
  }

  succeeded(): void {
    if (this.downSince === null) return;
    const downForMs = Date.now() - this.downSince;
    this.downSince = null;
    this.logger.log({ msg: 'database reachable again', downForMs });
    for (const fn of this.recovered) fn();
  }

  onRecovered(fn: () => void): () => void {
    this.recovered.add(fn);
    return () => this.recovered.delete(fn);
  }

  /** Resolves when the database is back, or after `timeoutMs` at the latest. */
  waitForRecovery(timeoutMs: number): Promise<void> {
    if (this.downSince === null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const off = this.onRecovered(done);
      function done(): void {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }
}
