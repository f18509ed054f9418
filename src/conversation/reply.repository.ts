import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnswerTrace } from '../assistant/answer-trace';
import type { AnswerUsage, ProductImage } from '../assistant/answerer';
import type { InboxStatus } from './inbox.repository';

export type ReplyStatus = 'in_progress' | 'sent' | 'failed' | 'dropped_paused' | 'duplicate';
export type ReplyStage = 'claimed' | 'sending' | 'done';

export interface Reply {
  id: string;
  conversationId: string;
  channel: string | null;
  status: ReplyStatus;
  stage: ReplyStage;
  attempts: number;
  answerText: string | null;
  handoff: boolean;
  chunksTotal: number;
  chunksSent: number;
  providerMessageIds: string[];
  sbMessageIds: string[];
  createdAt: Date;
  /** The product photo recorded with the answer, and how sending it went (null = not tried yet). */
  image: ProductImage | null;
  imageOutcome: string | null;
}

interface Row {
  id: string;
  conversation_id: string;
  channel: string | null;
  status: ReplyStatus;
  stage: ReplyStage;
  attempts: number;
  answer_text: string | null;
  handoff: boolean;
  chunks_total: number;
  chunks_sent: number;
  provider_message_ids: string[];
  sb_message_ids: string[];
  created_at: Date;
  image: ProductImage | null;
  image_outcome: string | null;
}

const toReply = (r: Row): Reply => ({
  id: String(r.id),
  conversationId: r.conversation_id,
  channel: r.channel,
  status: r.status,
  stage: r.stage,
  attempts: r.attempts,
  answerText: r.answer_text,
  handoff: r.handoff,
  chunksTotal: r.chunks_total,
  chunksSent: r.chunks_sent,
  providerMessageIds: r.provider_message_ids ?? [],
  sbMessageIds: r.sb_message_ids ?? [],
  createdAt: new Date(r.created_at),
  image: r.image ?? null,
  imageOutcome: r.image_outcome ?? null,
});

export type Acquired =
  | { kind: 'new' | 'resumed'; reply: Reply }
  /** Another worker holds the lease, or a retry is scheduled: try again at `leaseUntil`. */
  | { kind: 'busy'; leaseUntil: Date }
  | { kind: 'nothing' };

export interface ReplyOutcome {
  status: Exclude<ReplyStatus, 'in_progress'>;
  inboxStatus: Extract<InboxStatus, 'answered' | 'failed' | 'paused' | 'duplicate'>;
  error?: string;
  /** The customer-service window had closed: what was done instead of the answer. */
  windowOutcome?: 'template_sent' | 'template_failed' | 'note_only';
}

/**
 * Reply attempts. An `in_progress` row is the conversation's lease (unique partial index): it claims the burst's
 * inbox rows before anything is sent, so a crash leaves a record that recovery resumes instead of answering twice.
 */
@Injectable()
export class ReplyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the conversation's lease: resumes an in-progress reply whose lease expired (its worker died or gave up
   * for a retry), or claims every pending message under a new reply, in one transaction. `owner` names the taker, so
   * a lease whose commit reached the database but whose answer did not can be given back (`release`).
   */
  async acquire(conversationId: string, leaseMs: number, owner: string): Promise<Acquired> {
    return this.dataSource.transaction(async (m) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
      const [resumed] = await m.query<[Row[], number]>(
        `UPDATE replies SET lease_until = now() + ($2 || ' milliseconds')::interval, attempts = attempts + 1,
                lease_owner = $3
          WHERE conversation_id = $1 AND status = 'in_progress' AND lease_until < now()
          RETURNING *`,
        [conversationId, String(leaseMs), owner],
      );
      if (resumed.length) return { kind: 'resumed', reply: toReply(resumed[0]) } as const;
      const inserted = await m.query<Row[]>(
        `INSERT INTO replies (conversation_id, channel, lease_until, lease_owner)
         SELECT $1, p.channel, now() + ($2 || ' milliseconds')::interval, $3
           FROM (SELECT channel FROM inbox_messages WHERE conversation_id = $1 AND status = 'pending' LIMIT 1) p
         ON CONFLICT (conversation_id) WHERE status = 'in_progress' DO NOTHING
         RETURNING *`,
        [conversationId, String(leaseMs), owner],
      );
      if (!inserted.length) {
        const [busy] = await m.query<{ lease_until: Date }[]>(
          `SELECT lease_until FROM replies WHERE conversation_id = $1 AND status = 'in_progress'`,
          [conversationId],
        );
        if (!busy) return { kind: 'nothing' } as const;
        // A moment past the lease, so the next run finds it expired.
        return { kind: 'busy', leaseUntil: new Date(new Date(busy.lease_until).getTime() + 50) } as const;
      }
      await m.query(
        `UPDATE inbox_messages SET status = 'claimed', reply_id = $2
          WHERE conversation_id = $1 AND status = 'pending'`,
        [conversationId, inserted[0].id],
      );
      return { kind: 'new', reply: toReply(inserted[0]) } as const;
    });
  }

  /** Gives back a lease `owner` may hold without knowing it (its commit's answer was lost): due for a retry now. */
  async release(owner: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE replies SET lease_until = now() - interval '1 millisecond'
        WHERE lease_owner = $1 AND status = 'in_progress'`,
      [owner],
    );
  }

  /** Keeps the lease while the worker is alive; a dead worker's lease runs out and recovery takes over. */
  async renewLease(replyId: string, leaseMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE replies SET lease_until = now() + ($2 || ' milliseconds')::interval
        WHERE id = $1 AND status = 'in_progress' AND lease_until > now()`,
      [replyId, String(leaseMs)],
    );
  }

  /** A transient failure: the lease is held until `at`, when the retry resumes the reply where it stopped. */
  async scheduleRetry(replyId: string, at: Date, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE replies SET lease_until = $2, error = $3 WHERE id = $1`, [
      replyId,
      at,
      error,
    ]);
  }

  /** Records the answer before sending: from here on, recovery re-sends this text, never a new one. */
  async recordAnswer(
    replyId: string,
    a: {
      text: string;
      engine: string;
      handoff: boolean;
      chunksTotal: number;
      usage: AnswerUsage | null;
      groundingViolations: number;
      trace?: AnswerTrace | null;
      image?: ProductImage | null;
    },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE replies SET stage = 'sending', answer_text = $2, engine = $3, handoff = $4, chunks_total = $5,
              model = $6, prompt_tokens = $7, completion_tokens = $8, tool_calls = $9, cost_usd = $10,
              grounding_violations = $11, trace = $12::jsonb, image = $13::jsonb
        WHERE id = $1`,
      [
        replyId,
        a.text,
        a.engine,
        a.handoff,
        a.chunksTotal,
        a.usage?.model ?? null,
        a.usage?.promptTokens ?? null,
        a.usage?.completionTokens ?? null,
        a.usage?.toolCalls ?? null,
        a.usage?.costUsd ?? null,
        a.groundingViolations,
        a.trace ? JSON.stringify(a.trace) : null,
        a.image ? JSON.stringify(a.image) : null,
      ],
    );
  }

  async recordProgress(
    replyId: string,
    p: { chunksSent: number; providerMessageIds: string[]; sbMessageIds: string[] },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE replies SET chunks_sent = $2, provider_message_ids = $3::jsonb, sb_message_ids = $4::jsonb WHERE id = $1`,
      [replyId, p.chunksSent, JSON.stringify(p.providerMessageIds), JSON.stringify(p.sbMessageIds)],
    );
  }

  /** How the reply's product photo went: `sent`, or `failed: <reason>` (the text was delivered either way). */
  async recordImageOutcome(replyId: string, outcome: string): Promise<void> {
    await this.dataSource.query(`UPDATE replies SET image_outcome = $2 WHERE id = $1`, [replyId, outcome]);
  }

  /** Closes the reply and marks the inbox rows it claimed, in one transaction. */
  async finish(replyId: string, outcome: ReplyOutcome): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE replies SET status = $2, stage = 'done', error = $3, finished_at = now(),
                window_outcome = coalesce($4, window_outcome),
                latency_ms = (extract(epoch FROM (now() - (SELECT min(received_at) FROM inbox_messages
                                                           WHERE reply_id = $1))) * 1000)::int
          WHERE id = $1`,
        [replyId, outcome.status, outcome.error ?? null, outcome.windowOutcome ?? null],
      );
      await m.query(
        `UPDATE inbox_messages SET status = $2, handled_at = now()
          WHERE reply_id = $1 AND status = 'claimed'`,
        [replyId, outcome.inboxStatus],
      );
    });
  }
}
