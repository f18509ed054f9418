import { AppError } from '../common/app-error';
import type { SyncKind } from './sync-run.types';
import type { WcIdSet } from './wc-id-set';

export type SyncMode = 'full' | 'incremental' | 'auto';

export interface SyncProgress {
  phase: 'fetch' | 'embed';
  done: number;
  total: number;
}

export interface SyncOptions {
  mode: SyncMode;
  /** Re-embed every row, not only the changed ones (after a change of embedding model). */
  reembed?: boolean;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncSummary {
  runId: string;
  kind: SyncKind;
  status: 'succeeded' | 'failed';
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  embedded: number;
  embeddingBatches: number;
  errors: number;
  durationMs: number;
  /**
   * Part of `durationMs` spent in the final embedding step (rows left over, `--reembed`, another model) and, after a
   * bulk import, building the search indexes.
   */
  embeddingMs: number;
  error: string | null;
}

/** Another run holds the sync lock (in this process, another instance or the CLI). */
export class SyncAlreadyRunningError extends AppError {
  override name = 'SyncAlreadyRunningError';
  constructor() {
    super('conflict', 'another catalog sync is running; try again when it has finished');
  }
}

export interface RunState {
  kind: SyncKind;
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  errors: number;
  /** Every wc_id the store listed (or that we keep despite an error); a full run deletes the rest. */
  seen: WcIdSet;
  /** False once a page or a product's variations could not be fetched: then nothing is deleted. */
  complete: boolean;
  /** Rows embedded while ingesting pages; after an embedding failure, left to the final embedding step. */
  embedded: number;
  embeddingBatches: number;
  embedInline: boolean;
  watermark: Date | null;
}
