import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SyncKind = 'full' | 'incremental' | 'demo';
export type SyncStatus = 'running' | 'succeeded' | 'failed';

/** One catalog sync run (table `sync_runs`, migration SyncRuns1764100000000). */
@Entity({ name: 'sync_runs' })
export class SyncRun {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: SyncKind;

  @Column({ type: 'text', default: 'running' })
  status!: SyncStatus;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  fetched!: number;

  @Column({ type: 'integer', default: 0 })
  created!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ type: 'integer', default: 0 })
  deleted!: number;

  @Column({ type: 'integer', default: 0 })
  embedded!: number;

  @Column({ type: 'integer', default: 0 })
  errors!: number;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  /** Refreshed while the run works; a running run with a recent heartbeat holds the sync (migration 1764100000001). */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', default: () => 'now()' })
  heartbeatAt!: Date;

  /** Latest `date_modified_gmt` seen; the next incremental run asks for `modified_after` this (minus overlap). */
  @Column({ type: 'timestamptz', nullable: true })
  watermark!: Date | null;
}
