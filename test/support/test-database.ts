import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { IN_MEMORY } from '../../src/database/embedded-postgres';

/**
 * A clean database for one test file: a fresh in-memory PGlite by default, or, when TEST_DATABASE_URL points at a
 * PostgreSQL server with pgvector, a new database created on it (and dropped by `drop`).
 */
export interface TestDatabase {
  /** Environment entries that point the app at this database. */
  env: Record<string, string>;
  kind: 'embedded' | 'postgres';
  drop(): Promise<void>;
}

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return { env: { DATA_DIR: IN_MEMORY }, kind: 'embedded', drop: async () => {} };
  }
  const name = `namwoo_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    kind: 'postgres',
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
