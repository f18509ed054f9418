import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type LookupOutcome = 'found' | 'not_found';

/** The record of order look-ups per conversation (outcomes only, no personal data). */
@Injectable()
export class OrderLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(conversationId: string, outcome: LookupOutcome): Promise<void> {
    await this.dataSource.query(`INSERT INTO order_lookups (conversation_id, outcome) VALUES ($1, $2)`, [
      conversationId,
      outcome,
    ]);
  }

  async failuresSince(conversationId: string, since: Date): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM order_lookups
       WHERE conversation_id = $1 AND outcome = 'not_found' AND created_at >= $2`,
      [conversationId, since],
    );
    return rows[0]?.n ?? 0;
  }
}
