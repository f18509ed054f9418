import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import type { PGliteServer } from './pglite-server';
import { startPGliteServer } from './pglite-thread';

export const IN_MEMORY = ':memory:';
const LOCK_FILE = 'namwoo.lock';

interface LockRecord {
  pid: number;
  host: string;
  port: number;
  startedAt: string;
}

export interface EmbeddedHandle {
  /** `postgresql://…` URL every `pg` client (TypeORM, pg-boss, the CLI) connects to. */
  url: string;
  /** True when this process owns the files; false when it is a client of another Namwoo process's server. */
  owner: boolean;
  close(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

const urlFor = (host: string, port: number): string =>
  `postgresql://postgres:postgres@${host}:${port}/postgres`;

interface OpenOptions {
  allowClient: boolean;
  maxConnections?: number;
}

/** An open started by `openEmbeddedEarly`, waiting for the app to take it. */
let early: { dir: string; options: OpenOptions; handle: Promise<EmbeddedHandle> } | undefined;

const sameOptions = (a: OpenOptions, b: OpenOptions): boolean =>
  a.allowClient === b.allowClient && a.maxConnections === b.maxConnections;

/**
 * Starts opening the embedded database now, before the app's modules are loaded: its thread boots PostgreSQL while
 * this thread loads the app's code (about 1.1 s of each for the CLI, so a `sync` starts that much sooner; docs/sync.md,
 * "Fourth round"). `startEmbeddedPostgres` with the same folder and options takes the result, failure included;
 * `releaseEarlyEmbedded` closes it if nothing did.
 */
export function openEmbeddedEarly(dataDir: string, options: OpenOptions): void {
  if (early) return;
  // A running app owns the files: the command will be its client, which gains nothing from starting early (and
  // the connection test would wait behind this thread loading the app's code).
  const dir = resolve(dataDir);
  if (dataDir !== IN_MEMORY && otherLiveOwner(join(dir, LOCK_FILE))) return;
  const handle = openEmbeddedPostgres(dataDir, options);
  handle.catch(() => undefined); // reported to whoever takes it
  early = { dir, options, handle };
}

/** Closes an early open that the app did not take (a command that ended before opening the database). */
export async function releaseEarlyEmbedded(): Promise<void> {
  const pending = early;
  early = undefined;
  if (pending) await (await pending.handle.catch(() => undefined))?.close();
}

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM, with pgvector, unaccent and pg_trgm) served
 * in-process, from a thread of its own (`pglite-thread.ts`), over the PostgreSQL wire protocol on loopback, so the
 * app uses the same `pg`/TypeORM code path as on a real server.
 *
 * Only one process may open a data directory. The owner writes `DATA_DIR/namwoo.lock` with its socket address;
 * a CLI started while the app runs connects to that address instead of opening the files (`allowClient`).
 */
export async function startEmbeddedPostgres(dataDir: string, options: OpenOptions): Promise<EmbeddedHandle> {
  if (early) {
    const pending = early;
    if (pending.dir === resolve(dataDir) && sameOptions(pending.options, options)) {
      early = undefined;
      return pending.handle;
    }
    await releaseEarlyEmbedded();
  }
  return openEmbeddedPostgres(dataDir, options);
}

async function openEmbeddedPostgres(dataDir: string, options: OpenOptions): Promise<EmbeddedHandle> {
  const inMemory = dataDir === IN_MEMORY;
  const dir = inMemory ? undefined : resolve(dataDir);
  const lockPath = dir ? join(dir, LOCK_FILE) : undefined;

  if (dir && lockPath) {
    mkdirSync(dir, { recursive: true });
    const owner = otherLiveOwner(lockPath);
    if (owner) {
      if (options.allowClient && (await canConnect(owner.host, owner.port))) {
        return { url: urlFor(owner.host, owner.port), owner: false, close: async () => {} };
      }
      throw new EmbeddedDatabaseError(
        `The embedded database in ${dir} is in use by another Namwoo process (pid ${owner.pid}). ` +
          'Stop it first, use its CLI while it runs, or set DATABASE_URL to a PostgreSQL server.',
      );
    }
    rmSync(lockPath, { force: true }); // a stale lock, if any: its process is gone
    claimLock(lockPath);
  }

  let server: PGliteServer | undefined;
  try {
    server = await startPGliteServer(dir ? join(dir, 'pglite') : undefined, options.maxConnections ?? 32);
    const { host, port } = server;
    if (lockPath) {
      const record: LockRecord = { pid: process.pid, host, port, startedAt: new Date().toISOString() };
      writeFileSync(lockPath, JSON.stringify(record));
    }
    const started = server;
    return {
      url: urlFor(host, port),
      owner: true,
      close: async () => {
        await started.close();
        if (lockPath) rmSync(lockPath, { force: true });
      },
    };
  } catch (e) {
    await server?.close().catch(() => undefined);
    if (lockPath) rmSync(lockPath, { force: true });
    throw e;
  }
}

/** The lock's record when another process that is still alive holds it. */
function otherLiveOwner(lockPath: string): LockRecord | undefined {
  const existing = readLock(lockPath);
  return existing && existing.pid !== process.pid && isAlive(existing.pid) ? existing : undefined;
}

function readLock(lockPath: string): LockRecord | undefined {
  if (!existsSync(lockPath)) return undefined;
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockRecord;
  } catch {
    // A lock written by a process that died half-way: treat as stale, unless its pid is unreadable.
    return undefined;
  }
}

function claimLock(lockPath: string): void {
  try {
    // 'wx' fails if another process created the file between our check and now.
    closeSync(openSync(lockPath, 'wx'));
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: '', port: 0, startedAt: '' }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new EmbeddedDatabaseError(
        `Another process is opening the embedded database (${lockPath}). Try again.`,
      );
    }
    throw e;
  }
}
