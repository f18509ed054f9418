export type SyncKind = 'full' | 'incremental' | 'demo';
export type SyncStatus = 'running' | 'succeeded' | 'failed';

/** One catalog sync run (table `sync_runs`). */
export interface SyncRun {
  id: string;
  kind: SyncKind;
  status: SyncStatus;
  startedAt: Date;
  finishedAt: Date | null;
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  embedded: number;
  errors: number;
  errorMessage: string | null;
  /** Refreshed while the run works; a running run with a recent heartbeat holds the sync. */
  heartbeatAt: Date;
  /** Latest `date_modified_gmt` seen; the next incremental run asks for `modified_after` this (minus overlap). */
  watermark: Date | null;
}
