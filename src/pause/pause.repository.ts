import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationPause, PauseReason } from './pause.types';

interface PauseRow {
  conversation_id: string;
  paused_until: Date;
  paused_by: string | null;
  reason: PauseReason;
  created_at: Date;
  updated_at: Date;
}

const toPause = (r: PauseRow): ConversationPause => ({
  conversationId: r.conversation_id,
  pausedUntil: new Date(r.paused_until),
  pausedBy: r.paused_by,
  reason: r.reason,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** SQL for human-takeover pauses. Expired rows are simply ignored (and pruned), so pauses lift by themselves. */
@Injectable()
export class PauseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Pauses until `until`, or keeps a later existing deadline (a further staff message only ever extends). */
  async extendUntil(
    conversationId: string,
    until: Date,
    pausedBy: string,
    reason: PauseReason,
  ): Promise<Date> {
    const rows = await this.dataSource.query<{ paused_until: Date }[]>(
      `INSERT INTO conversation_pauses (conversation_id, paused_until, paused_by, reason)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (conversation_id) DO UPDATE SET
         paused_until = CASE WHEN conversation_pauses.paused_until > now()
                             THEN GREATEST(conversation_pauses.paused_until, EXCLUDED.paused_until)
                             ELSE EXCLUDED.paused_until END,
         paused_by = EXCLUDED.paused_by,
         reason = EXCLUDED.reason,
         updated_at = now()
       RETURNING paused_until`,
      [conversationId, until, pausedBy, reason],
    );
    return new Date(rows[0].paused_until);
  }

  /** Sets the deadline exactly (the CLI's `pause --minutes` may shorten a pause). */
  async setUntil(conversationId: string, until: Date, pausedBy: string, reason: PauseReason): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO conversation_pauses (conversation_id, paused_until, paused_by, reason)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (conversation_id) DO UPDATE SET
         paused_until = EXCLUDED.paused_until, paused_by = EXCLUDED.paused_by, reason = EXCLUDED.reason,
         updated_at = now()`,
      [conversationId, until, pausedBy, reason],
    );
  }

  async findActive(conversationId: string): Promise<ConversationPause | null> {
    const rows = await this.dataSource.query<PauseRow[]>(
      `SELECT * FROM conversation_pauses WHERE conversation_id = $1 AND paused_until > now()`,
      [conversationId],
    );
    return rows.length ? toPause(rows[0]) : null;
  }

  async listActive(): Promise<ConversationPause[]> {
    const rows = await this.dataSource.query<PauseRow[]>(
      `SELECT * FROM conversation_pauses WHERE paused_until > now() ORDER BY paused_until`,
    );
    return rows.map(toPause);
  }

  /** True when an active pause was removed. */
  async remove(conversationId: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM conversation_pauses WHERE conversation_id = $1 AND paused_until > now()`,
      [conversationId],
    );
    await this.dataSource.query(`DELETE FROM conversation_pauses WHERE conversation_id = $1`, [
      conversationId,
    ]);
    return affected > 0;
  }
}
