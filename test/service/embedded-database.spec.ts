import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { migrationNames } from '../../src/database/data-source-options';
import {
  IN_MEMORY,
  openEmbeddedEarly,
  releaseEarlyEmbedded,
  startEmbeddedPostgres,
  type EmbeddedHandle,
} from '../../src/database/embedded-postgres';
import { templatePath } from '../../src/database/pglite-instance';
import { buildTemplate } from '../../src/database/pglite-template';

/** The embedded database is one PGlite session shared by every pg connection; these are the guarantees we rely on. */
describe('embedded PostgreSQL (PGlite over the wire protocol)', () => {
  let db: EmbeddedHandle;
  let pool: Pool;
  beforeAll(async () => {
    db = await startEmbeddedPostgres(IN_MEMORY, { allowClient: false });
    pool = new Pool({ connectionString: db.url, max: 6 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.close();
  });

  it('keeps parameterised queries of concurrent connections apart (no interleaved Parse/Bind)', async () => {
    const wrong: string[] = [];
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; i < 120; i++) {
        const two = i % 2 === 1;
        const r = await pool.query<{ s: number }>(
          two ? 'SELECT $1::int + $2::int AS s' : 'SELECT $1::int * 3 AS s',
          two ? [w, i] : [i],
        );
        const expected = two ? w + i : i * 3;
        if (r.rows[0]?.s !== expected) wrong.push(`${w}/${i}: ${r.rows[0]?.s} != ${expected}`);
      }
    };
    // Transactions on other connections are what made the stock queue hand the session over mid-exchange.
    const transactions = async (): Promise<void> => {
      for (let i = 0; i < 30; i++) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query('SELECT $1::int AS x', [i]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }
    };
    await Promise.all([worker(1), worker(2), worker(3), worker(4), transactions(), transactions()]);
    expect(wrong).toEqual([]);
  });

  it('runs one connection’s transaction without letting others in, and others after it', async () => {
    await pool.query('CREATE TABLE t (n int)');
    const tx = await pool.connect();
    await tx.query('BEGIN');
    await tx.query('INSERT INTO t VALUES ($1)', [1]);
    const outside = pool.query<{ c: number }>('SELECT count(*)::int AS c FROM t');
    await tx.query('ROLLBACK');
    tx.release();
    // The other connection ran after the rollback: it never saw the uncommitted row.
    expect((await outside).rows[0].c).toBe(0);
  });

  it('frees the session when a client disconnects in the middle of a transaction', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (2)');
    await client.end();
    const r = await pool.query<{ c: number }>('SELECT count(*)::int AS c FROM t');
    expect(r.rows[0].c).toBe(0);
  });
});

describe('a new embedded DATA_DIR', () => {
  it('starts from the template with every migration already applied', async () => {
    await buildTemplate();
    const dir = mkdtempSync(join(tmpdir(), 'namwoo-template-'));
    const db = await startEmbeddedPostgres(dir, { allowClient: false });
    try {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const applied = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
      const databases = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
      await client.end();
      const names = migrationNames();
      expect(applied.rows.map((r) => r.name.replace(/^(\D+)(\d+)$/, '$2-$1'))).toEqual(names);
      // initdb's template0 and template1 are not in it: only the database Namwoo uses, and only its files.
      expect(databases.rows.map((r) => r.datname)).toEqual(['postgres']);
      expect(readdirSync(join(dir, 'pglite', 'base'))).toHaveLength(1);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs a new template when a migration is added', () => {
    const names = migrationNames();
    expect(templatePath([...names, '1799999999999-NewTable'])).not.toBe(templatePath(names));
  });
});

/** The CLI opens the embedded database before it loads the app (src/cli.ts); the app then takes that open. */
describe('opening the embedded database early', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-early-'));
  });
  afterEach(async () => {
    await releaseEarlyEmbedded();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands the early open to the app: one server, its rows seen by the app', async () => {
    const lockFile = join(dir, 'namwoo.lock');
    const lock = (): { port: number; startedAt: string } =>
      JSON.parse(readFileSync(lockFile, 'utf8')) as { port: number; startedAt: string };
    openEmbeddedEarly(dir, { allowClient: true });
    // The early server is up once its address is in the lock.
    while (!existsSync(lockFile) || lock().port === 0) await new Promise((r) => setTimeout(r, 20));
    const early = lock();
    const db = await startEmbeddedPostgres(dir, { allowClient: true });
    try {
      // Taken, not closed and opened again: the same server (port, start) serves the app.
      expect(lock()).toEqual(early);
      await releaseEarlyEmbedded();
      expect(lock()).toEqual(early);
      expect(db.owner).toBe(true);
      expect(db.url).toContain(`:${early.port}/`);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('SELECT count(*)::int AS n FROM products')).rows[0]).toEqual({ n: 0 });
      await client.end();
    } finally {
      await db.close();
    }
    expect(existsSync(join(dir, 'namwoo.lock'))).toBe(false);
  });

  it('closes an early open nobody took, and frees the folder', async () => {
    openEmbeddedEarly(dir, { allowClient: true });
    await releaseEarlyEmbedded();
    expect(existsSync(join(dir, 'namwoo.lock'))).toBe(false);
    const db = await startEmbeddedPostgres(dir, { allowClient: false });
    await db.close();
  });

  it('does not start early while another process owns the folder (the command will be its client)', async () => {
    // A live process other than this one: Jest's parent.
    const other = { pid: process.ppid, host: '127.0.0.1', port: 1, startedAt: new Date().toISOString() };
    writeFileSync(join(dir, 'namwoo.lock'), JSON.stringify(other));
    openEmbeddedEarly(dir, { allowClient: true });
    expect(JSON.parse(readFileSync(join(dir, 'namwoo.lock'), 'utf8'))).toEqual(other);
    await releaseEarlyEmbedded();
    expect(JSON.parse(readFileSync(join(dir, 'namwoo.lock'), 'utf8'))).toEqual(other);
  });
});
