import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The store console: what each reply did (tool calls with their queries, filters and products, model rounds,
 * grounding repairs) as one jsonb document on the reply, and the console's login sessions (only a hash of the
 * cookie is stored, so a database dump does not hand out sessions).
 */
export class ConsoleTrace1764412000000 implements MigrationInterface {
  name = 'ConsoleTrace1764412000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replies ADD COLUMN trace jsonb NULL`);
    // The overview counts replies of the last 24 hours and charts 7 days.
    await q.query(`CREATE INDEX replies_created_at_idx ON replies (created_at)`);
    await q.query(`
      CREATE TABLE admin_sessions (
        token_hash  text PRIMARY KEY,
        csrf_token  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX admin_sessions_expires_at_idx ON admin_sessions (expires_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS admin_sessions`);
    await q.query(`DROP INDEX IF EXISTS replies_created_at_idx`);
    await q.query(`ALTER TABLE replies DROP COLUMN IF EXISTS trace`);
  }
}
