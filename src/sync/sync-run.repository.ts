import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { SyncRun, type SyncKind } from './sync-run.entity';

/** A running run whose heartbeat is older than this was cut short (crash, kill -9). */
export const HEARTBEAT_STALE_SECONDS = 120;

export type SyncRunCounts = Pick<
  SyncRun,
  'fetched' | 'created' | 'updated' | 'deleted' | 'embedded' | 'errors'
>;

/** Run records of the catalog sync. */
@Injectable()
export class SyncRunRepository {
  private readonly runs: Repository<SyncRun>;

  constructor(private readonly dataSource: DataSource) {
    this.runs = dataSource.getRepository(SyncRun);
  }

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
    await this.runs.update({ id }, { heartbeatAt: new Date() });
  }

  async finish(
    id: string,
    outcome: SyncRunCounts & {
      status: 'succeeded' | 'failed';
      errorMessage: string | null;
      watermark: Date | null;
    },
  ): Promise<void> {
    await this.runs.update({ id }, { ...outcome, finishedAt: new Date() });
  }

  /** The watermark of the newest successful run (any kind): where an incremental run picks up. */
  async lastSuccessfulWatermark(): Promise<Date | null> {
    const run = await this.runs
      .createQueryBuilder('r')
      .where(`r.status = 'succeeded' AND r.watermark IS NOT NULL AND r.kind <> 'demo'`)
      .orderBy('r.watermark', 'DESC')
      .getOne();
    return run?.watermark ?? null;
  }

  async lastSuccessful(kind: SyncKind): Promise<SyncRun | null> {
    return this.runs.findOne({ where: { kind, status: 'succeeded' }, order: { startedAt: 'DESC' } });
  }

  async latest(limit = 10): Promise<SyncRun[]> {
    return this.runs.find({ order: { id: 'DESC' }, take: limit });
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
