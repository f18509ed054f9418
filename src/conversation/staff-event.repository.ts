import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StaffEvent {
  conversationId: string;
  sbMessageId: string;
  senderId: string;
  text: string;
}

export interface StaffEventCheck extends StaffEvent {
  id: string;
  attempts: number;
}

interface CheckRow {
  id: string;
  conversation_id: string;
  sb_message_id: string;
  sender_id: string;
  text: string;
  attempts: number;
}

export type UndoOutcome =
  /** The pause this event made is gone; `released` customer messages it held are pending again. */
  | { kind: 'lifted'; released: number }
  /** A pause that existed before the event is back in force. */
  | { kind: 'restored' }
  /** A later event (or the operator) changed the pause since: left alone. */
  | { kind: 'superseded' };

/** SQL for staff-event pauses awaiting confirmation from Support Board (table `staff_event_checks`). */
@Injectable()
export class StaffEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Pauses (or extends the pause) until `until` and records the check, in one statement so a pause can never lack
   * its check. The pause SQL matches `PauseRepository.extendUntil`; `prev` sees the row as it was before.
   */
  async pauseAndRecord(e: StaffEvent, until: Date): Promise<Date> {
    const rows = await this.dataSource.query<{ paused_until: Date }[]>(
      `WITH prev AS (
         SELECT paused_until FROM conversation_pauses WHERE conversation_id = $1 AND paused_until > now()
       ), pause AS (
         INSERT INTO conversation_pauses (conversation_id, paused_until, paused_by, reason)
         VALUES ($1, $2, $3, 'agent_reply')
         ON CONFLICT (conversation_id) DO UPDATE SET
           paused_until = CASE WHEN conversation_pauses.paused_until > now()
                               THEN GREATEST(conversation_pauses.paused_until, EXCLUDED.paused_until)
                               ELSE EXCLUDED.paused_until END,
           paused_by = EXCLUDED.paused_by,
           reason = EXCLUDED.reason,
           updated_at = now()
         RETURNING paused_until, updated_at
       ), check_row AS (
         INSERT INTO staff_event_checks (conversation_id, sb_message_id, sender_id, text, paused_at, previous_until)
         SELECT $1, $4, $3, $5, pause.updated_at, (SELECT paused_until FROM prev) FROM pause
       )
       SELECT paused_until FROM pause`,
      [e.conversationId, until, e.senderId, e.sbMessageId, e.text],
    );
    return new Date(rows[0].paused_until);
  }

  /** Takes up to `limit` due checks and pushes each one's next attempt `retryMs` away (a lease across instances). */
  async claimDue(limit: number, retryMs: number): Promise<StaffEventCheck[]> {
    const [rows] = await this.dataSource.query<[CheckRow[], number]>(
      `UPDATE staff_event_checks SET attempts = attempts + 1, due_at = now() + ($2 || ' milliseconds')::interval
        WHERE id IN (SELECT id FROM staff_event_checks WHERE due_at <= now()
                      ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, conversation_id, sb_message_id, sender_id, text, attempts`,
      [limit, String(retryMs)],
    );
    return rows.map((r) => ({
      id: String(r.id),
      conversationId: r.conversation_id,
      sbMessageId: r.sb_message_id,
      senderId: r.sender_id,
      text: r.text,
      attempts: r.attempts,
    }));
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM staff_event_checks WHERE id = $1`, [id]);
  }

  /**
   * Undoes the pause this event made, if it is still the pause's last change: back to the pause it replaced, or
   * none. With none, the customer messages the pause held since then become pending again. Removes the check.
   */
  async undoPause(checkId: string): Promise<UndoOutcome> {
    return this.dataSource.transaction(async (m) => {
      const [check] = await m.query<{ conversation_id: string; restore: boolean }[]>(
        `SELECT c.conversation_id, c.previous_until > now() AS restore
           FROM staff_event_checks c
           JOIN conversation_pauses p ON p.conversation_id = c.conversation_id AND p.updated_at = c.paused_at
          WHERE c.id = $1
          FOR UPDATE OF p`,
        [checkId],
      );
      let outcome: UndoOutcome = { kind: 'superseded' };
      if (check?.restore) {
        await m.query(
          `UPDATE conversation_pauses p SET paused_until = c.previous_until, updated_at = now()
             FROM staff_event_checks c WHERE c.id = $1 AND p.conversation_id = c.conversation_id`,
          [checkId],
        );
        outcome = { kind: 'restored' };
      } else if (check) {
        await m.query(`DELETE FROM conversation_pauses WHERE conversation_id = $1`, [check.conversation_id]);
        const [, released] = await m.query<[unknown, number]>(
          `UPDATE inbox_messages i SET status = 'pending', handled_at = NULL
             FROM staff_event_checks c
            WHERE c.id = $1 AND i.conversation_id = c.conversation_id
              AND i.status = 'paused' AND (i.handled_at IS NULL OR i.handled_at >= c.paused_at)`,
          [checkId],
        );
        outcome = { kind: 'lifted', released };
      }
      await m.query(`DELETE FROM staff_event_checks WHERE id = $1`, [checkId]);
      return outcome;
    });
  }
}
