import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A heartbeat on running sync runs: a run whose heartbeat is recent holds the sync. The advisory lock alone cannot
 * keep the app and the CLI apart on the embedded database, where every connection shares PGlite's one session
 * (and session-level advisory locks are re-entrant within a session).
 */
export class SyncRunHeartbeat1764100000001 implements MigrationInterface {
  name = 'SyncRunHeartbeat1764100000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_runs ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX sync_runs_running_idx ON sync_runs (heartbeat_at) WHERE status = 'running'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS sync_runs_running_idx`);
    await q.query(`ALTER TABLE sync_runs DROP COLUMN IF EXISTS heartbeat_at`);
  }
}
