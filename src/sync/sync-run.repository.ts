import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SyncKind, SyncRun, SyncStatus } from './sync-run.types';

interface SyncRunRow {
  id: string;
  kind: SyncKind;
  status: SyncStatus;
  started_at: Date;
  finished_at: Date | null;
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  embedded: number;
  errors: number;
  error_message: string | null;
  heartbeat_at: Date;
  watermark: Date | null;
}

const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));
const toRun = (r: SyncRunRow): SyncRun => ({
  id: String(r.id),
  kind: r.kind,
  status: r.status,
  startedAt: new Date(r.started_at),
  finishedAt: date(r.finished_at),
  fetched: r.fetched,
  created: r.created,
  updated: r.updated,
  deleted: r.deleted,
  embedded: r.embedded,
  errors: r.errors,
  errorMessage: r.error_message,
  heartbeatAt: new Date(r.heartbeat_at),
  watermark: date(r.watermark),
});

/** A running run whose heartbeat is older than this was cut short (crash, kill -9). */
export const HEARTBEAT_STALE_SECONDS = 120;

export type SyncRunCounts = Pick<
  SyncRun,
  'fetched' | 'created' | 'updated' | 'deleted' | 'embedded' | 'errors'
>;

/** Run records of the catalog sync. */
@Injectable()
export class SyncRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a new run unless another one is alive (recent heartbeat), in one statement so two callers sharing a
   * session (PGlite) cannot both start. Returns null when another run holds the sync.
   */
  async startUnlessRunning(kind: SyncKind): Promise<string | null> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO sync_runs (kind, status)
       SELECT $1, 'running'
       WHERE NOT EXISTS (
         SELECT 1 FROM sync_runs
         WHERE status = 'running' AND heartbeat_at > now() - make_interval(secs => $2)
       )
       RETURNING id::text AS id`,
      [kind, HEARTBEAT_STALE_SECONDS],
    );
    return rows[0]?.id ?? null;
  }

  async heartbeat(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1`, [id]);
  }

  async finish(
    id: string,
    outcome: SyncRunCounts & {
      status: 'succeeded' | 'failed';
      errorMessage: string | null;
      watermark: Date | null;
    },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $2, error_message = $3, watermark = $4, fetched = $5, created = $6,
              updated = $7, deleted = $8, embedded = $9, errors = $10, finished_at = now()
        WHERE id = $1`,
      [
        id,
        outcome.status,
        outcome.errorMessage,
        outcome.watermark,
        outcome.fetched,
        outcome.created,
        outcome.updated,
        outcome.deleted,
        outcome.embedded,
        outcome.errors,
      ],
    );
  }

  /** The watermark of the newest successful run (any kind): where an incremental run picks up. */
  async lastSuccessfulWatermark(): Promise<Date | null> {
    const rows = await this.dataSource.query<{ watermark: Date }[]>(
      `SELECT watermark FROM sync_runs
        WHERE status = 'succeeded' AND watermark IS NOT NULL AND kind <> 'demo'
        ORDER BY watermark DESC LIMIT 1`,
    );
    return rows.length ? new Date(rows[0].watermark) : null;
  }

  async lastSuccessful(kind: SyncKind): Promise<SyncRun | null> {
    const rows = await this.dataSource.query<SyncRunRow[]>(
      `SELECT * FROM sync_runs WHERE kind = $1 AND status = 'succeeded' ORDER BY started_at DESC LIMIT 1`,
      [kind],
    );
    return rows.length ? toRun(rows[0]) : null;
  }

  async latest(limit = 10): Promise<SyncRun[]> {
    const rows = await this.dataSource.query<SyncRunRow[]>(
      `SELECT * FROM sync_runs ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toRun);
  }

  /** Runs left `running` by a crash (no heartbeat for a while); closed so the history is honest. */
  async closeAbandoned(): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs
       SET status = 'failed', finished_at = now(), error_message = 'interrupted (process stopped during the run)'
       WHERE status = 'running' AND heartbeat_at <= now() - make_interval(secs => $1)`,
      [HEARTBEAT_STALE_SECONDS],
    );
  }
}
