import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** SQL for reconciliation with Support Board: which SB messages the inbox already holds. */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The subset of these Support Board message ids that reached the inbox (by webhook or an earlier run). */
  async knownMessageIds(sbMessageIds: string[]): Promise<Set<string>> {
    if (!sbMessageIds.length) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT sb_message_id AS id FROM inbox_messages WHERE sb_message_id = ANY($1::text[])`,
      [sbMessageIds],
    );
    return new Set(rows.map((r) => r.id));
  }
}
