import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per catalog sync run (full, incremental or demo load): what it fetched and changed, and the store's
 * latest `date_modified_gmt` it saw, which the next incremental run starts from.
 */
export class SyncRuns1764100000000 implements MigrationInterface {
  name = 'SyncRuns1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_runs (
        id            bigserial PRIMARY KEY,
        kind          text NOT NULL,
        status        text NOT NULL DEFAULT 'running',
        started_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz NULL,
        fetched       integer NOT NULL DEFAULT 0,
        created       integer NOT NULL DEFAULT 0,
        updated       integer NOT NULL DEFAULT 0,
        deleted       integer NOT NULL DEFAULT 0,
        embedded      integer NOT NULL DEFAULT 0,
        errors        integer NOT NULL DEFAULT 0,
        error_message text NULL,
        watermark     timestamptz NULL,
        CONSTRAINT sync_runs_kind_check CHECK (kind IN ('full', 'incremental', 'demo')),
        CONSTRAINT sync_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed'))
      )`);
    await q.query(`CREATE INDEX sync_runs_kind_status_idx ON sync_runs (kind, status, started_at DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sync_runs`);
  }
}
