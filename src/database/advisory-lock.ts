import type { DataSource } from 'typeorm';

/** Stable 64-bit-safe key for a lock name (PostgreSQL's hashtext is 32-bit, which is plenty here). */
const KEY_SQL = `hashtext($1)`;

/**
 * Runs `fn` while holding a session-level PostgreSQL advisory lock on its own connection, so the lock spans
 * several app instances. With `wait: false` it returns `{ acquired: false }` at once when another session holds it.
 * The lock connection holds no transaction, so `fn` may use other connections freely (also on PGlite).
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  name: string,
  fn: () => Promise<T>,
  options: { wait: boolean } = { wait: true },
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (options.wait) {
      await runner.query(`SELECT pg_advisory_lock(${KEY_SQL})`, [name]);
    } else {
      const rows = (await runner.query(`SELECT pg_try_advisory_lock(${KEY_SQL}) AS ok`, [name])) as {
        ok: boolean;
      }[];
      if (!rows[0]?.ok) return { acquired: false };
    }
    try {
      return { acquired: true, result: await fn() };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${KEY_SQL})`, [name]);
    }
  } finally {
    await runner.release();
  }
}
