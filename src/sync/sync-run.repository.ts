import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { SyncRun, type SyncKind } from './sync-run.entity';

export type SyncRunCounts = Pick<
  SyncRun,
  'fetched' | 'created' | 'updated' | 'deleted' | 'embedded' | 'errors'
>;

/** Run records of the catalog sync. */
@Injectable()
export class SyncRunRepository {
  private readonly runs: Repository<SyncRun>;

  constructor(dataSource: DataSource) {
    this.runs = dataSource.getRepository(SyncRun);
  }

  async start(kind: SyncKind): Promise<SyncRun> {
    return this.runs.save(this.runs.create({ kind, status: 'running' }));
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

  /** Runs left `running` by a crash; closed at start so the history is honest. */
  async closeAbandoned(): Promise<number> {
    const result = await this.runs.update(
      { status: 'running' },
      {
        status: 'failed',
        finishedAt: new Date(),
        errorMessage: 'interrupted (process stopped during the run)',
      },
    );
    return result.affected ?? 0;
  }
}
