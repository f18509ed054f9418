import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConversationPause, type PauseReason } from './conversation-pause.entity';

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
    return this.dataSource
      .getRepository(ConversationPause)
      .createQueryBuilder('p')
      .where('p.conversationId = :conversationId AND p.pausedUntil > now()', { conversationId })
      .getOne();
  }

  async listActive(): Promise<ConversationPause[]> {
    return this.dataSource
      .getRepository(ConversationPause)
      .createQueryBuilder('p')
      .where('p.pausedUntil > now()')
      .orderBy('p.pausedUntil', 'ASC')
      .getMany();
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
