import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type InboxStatus =
  | 'pending'
  | 'claimed'
  | 'answered'
  | 'duplicate'
  | 'paused'
  | 'failed'
  | 'ignored_channel'
  /** Reported by the webhook but not in Support Board as reported (a forged or altered event). */
  | 'refused';

export interface NewInboxMessage {
  sbMessageId: string;
  conversationId: string;
  customerUserId: string;
  channel: string | null;
  text: string;
  attachments: { name: string; url: string }[];
  status: 'pending' | 'ignored_channel';
}

export interface InboxMessage {
  id: string;
  sbMessageId: string;
  conversationId: string;
  customerUserId: string;
  text: string;
  channel: string | null;
  providerMessageId: string | null;
  status: InboxStatus;
  receivedAt: Date;
}

interface Row {
  id: string;
  sb_message_id: string;
  conversation_id: string;
  customer_user_id: string;
  text: string;
  channel: string | null;
  provider_message_id: string | null;
  status: InboxStatus;
  received_at: Date;
}

const toMessage = (r: Row): InboxMessage => ({
  id: String(r.id),
  sbMessageId: r.sb_message_id,
  conversationId: r.conversation_id,
  customerUserId: r.customer_user_id,
  text: r.text,
  channel: r.channel,
  providerMessageId: r.provider_message_id,
  status: r.status,
  receivedAt: new Date(r.received_at),
});

/** The inbox of customer messages: the source of truth for what still needs an answer. */
@Injectable()
export class InboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the message once; false when this SB message id was already recorded (a second delivery). One
   * statement: this is the webhook's hot path.
   */
  async recordOnce(m: NewInboxMessage): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO inbox_messages (sb_message_id, conversation_id, customer_user_id, channel, text, attachments, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (sb_message_id) DO NOTHING
       RETURNING id`,
      [
        m.sbMessageId,
        m.conversationId,
        m.customerUserId,
        m.channel,
        m.text,
        JSON.stringify(m.attachments),
        m.status,
      ],
    );
    return rows.length > 0;
  }

  /** Count and age of the messages nobody has claimed yet (the burst being gathered). */
  async pendingWindow(
    conversationId: string,
  ): Promise<{ count: number; oldest: Date | null; newest: Date | null }> {
    const [r] = await this.dataSource.query<{ n: number; oldest: Date | null; newest: Date | null }[]>(
      `SELECT count(*)::int AS n, min(received_at) AS oldest, max(received_at) AS newest
         FROM inbox_messages WHERE conversation_id = $1 AND status = 'pending'`,
      [conversationId],
    );
    return {
      count: r.n,
      oldest: r.oldest ? new Date(r.oldest) : null,
      newest: r.newest ? new Date(r.newest) : null,
    };
  }

  /** Conversations with work left: unclaimed messages or a reply that did not finish (crash, restart). */
  async conversationsNeedingReply(): Promise<string[]> {
    const rows = await this.dataSource.query<{ conversation_id: string }[]>(
      `SELECT conversation_id FROM inbox_messages WHERE status = 'pending'
       UNION
       SELECT conversation_id FROM replies WHERE status = 'in_progress'`,
    );
    return rows.map((r) => r.conversation_id);
  }

  async markPending(conversationId: string, status: Extract<InboxStatus, 'paused'>): Promise<number> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE inbox_messages SET status = $2, handled_at = now() WHERE conversation_id = $1 AND status = 'pending'`,
      [conversationId, status],
    );
    return n;
  }

  /** Puts messages held by a pause back in line (the pause turned out to be over); only those still held. */
  async releaseHeld(conversationId: string, since: Date): Promise<number> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE inbox_messages SET status = 'pending', handled_at = NULL
        WHERE conversation_id = $1 AND status = 'paused' AND handled_at >= $2`,
      [conversationId, since],
    );
    return n;
  }

  /** The database's clock (the one `handled_at` is written with). */
  async now(): Promise<Date> {
    const [r] = await this.dataSource.query<{ now: Date }[]>(`SELECT now() AS now`);
    return new Date(r.now);
  }

  /**
   * In Support Board order. Ids are digits without leading zeros, so (length, text) is numeric order; unlike a
   * `::numeric` cast it cannot fail, so one odd id recorded before ids were validated cannot sink the burst.
   */
  async claimedBy(replyId: string): Promise<InboxMessage[]> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT * FROM inbox_messages WHERE reply_id = $1 ORDER BY length(sb_message_id), sb_message_id, id`,
      [replyId],
    );
    return rows.map(toMessage);
  }

  async setProviderMessageId(id: string, providerMessageId: string): Promise<void> {
    await this.dataSource.query(`UPDATE inbox_messages SET provider_message_id = $2 WHERE id = $1`, [
      id,
      providerMessageId,
    ]);
  }

  /** Provider ids (wamid/mid) of this conversation's messages already claimed by another reply. */
  async handledProviderIds(conversationId: string, excludeReplyId: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ p: string }[]>(
      `SELECT DISTINCT provider_message_id AS p FROM inbox_messages
        WHERE conversation_id = $1 AND provider_message_id IS NOT NULL
          AND status NOT IN ('pending', 'duplicate') AND reply_id IS DISTINCT FROM $2`,
      [conversationId, excludeReplyId],
    );
    return new Set(rows.map((r) => r.p));
  }

  async markRefused(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE inbox_messages SET status = 'refused', handled_at = now() WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  async markDuplicates(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE inbox_messages SET status = 'duplicate', handled_at = now() WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }
}
