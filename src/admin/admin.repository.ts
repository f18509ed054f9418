import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnswerTrace } from '../assistant/answer-trace';

export interface ReplyStats {
  replies: number;
  sent: number;
  failed: number;
  offline: number;
  handoffs: number;
  repaired: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface CatalogStats {
  products: number;
  variations: number;
  inStock: number;
}

export interface ConversationRow {
  conversationId: string;
  channel: string | null;
  customerUserId: string;
  lastText: string;
  lastAt: Date;
  lastInboxStatus: string;
  waiting: number;
  replyStatus: string | null;
  replyHandoff: boolean;
  pauseReason: string | null;
  pausedUntil: Date | null;
}

export interface InboxRow {
  id: string;
  text: string;
  attachments: unknown[];
  status: string;
  receivedAt: Date;
  replyId: string | null;
}

export interface ReplyRow {
  id: string;
  status: string;
  answerText: string | null;
  engine: string | null;
  model: string | null;
  handoff: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  groundingViolations: number;
  latencyMs: number | null;
  error: string | null;
  createdAt: Date;
  trace: AnswerTrace | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The console's reads over replies, inbox, pauses, products and sync runs. Read-only: actions go through services. */
@Injectable()
export class AdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async replyStats(sinceHours: number): Promise<ReplyStats> {
    const [r] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT count(*)                                                        AS replies,
              count(*) FILTER (WHERE status = 'sent')                         AS sent,
              count(*) FILTER (WHERE status = 'failed')                       AS failed,
              count(*) FILTER (WHERE engine = 'offline')                      AS offline,
              count(*) FILTER (WHERE handoff)                                 AS handoffs,
              count(*) FILTER (WHERE grounding_violations > 0)                AS repaired,
              percentile_cont(0.5)  WITHIN GROUP (ORDER BY latency_ms)        AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)        AS p95
         FROM replies
        WHERE created_at > now() - make_interval(hours => $1)
          AND status IN ('sent', 'failed')`,
      [sinceHours],
    );
    return {
      replies: num(r.replies),
      sent: num(r.sent),
      failed: num(r.failed),
      offline: num(r.offline),
      handoffs: num(r.handoffs),
      repaired: num(r.repaired),
      p50Ms: numOrNull(r.p50),
      p95Ms: numOrNull(r.p95),
    };
  }

  /** LLM usage since the start of the day or month (database time zone). */
  async usageSince(unit: 'day' | 'month'): Promise<UsageTotals> {
    const [r] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT coalesce(sum(prompt_tokens), 0)     AS prompt,
              coalesce(sum(completion_tokens), 0) AS completion,
              coalesce(sum(cost_usd), 0)          AS cost
         FROM replies WHERE created_at >= date_trunc($1, now())`,
      [unit],
    );
    return { promptTokens: num(r.prompt), completionTokens: num(r.completion), costUsd: num(r.cost) };
  }

  /** Replies per hour for the last `hours` hours, oldest first, hours without replies included. */
  async repliesPerHour(hours: number): Promise<{ hour: Date; replies: number }[]> {
    const rows = await this.dataSource.query<{ hour: Date; replies: string }[]>(
      `WITH hours AS (
         SELECT generate_series(date_trunc('hour', now()) - make_interval(hours => $1 - 1),
                                date_trunc('hour', now()), interval '1 hour') AS hour
       )
       SELECT h.hour, count(r.id) AS replies
         FROM hours h
         LEFT JOIN replies r ON r.created_at >= h.hour AND r.created_at < h.hour + interval '1 hour'
                            AND r.status IN ('sent', 'failed')
        GROUP BY h.hour ORDER BY h.hour`,
      [hours],
    );
    return rows.map((r) => ({ hour: new Date(r.hour), replies: Number(r.replies) }));
  }

  async catalogStats(): Promise<CatalogStats> {
    const [r] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT count(*) FILTER (WHERE parent_wc_id IS NULL)                              AS products,
              count(*) FILTER (WHERE parent_wc_id IS NOT NULL)                          AS variations,
              count(*) FILTER (WHERE parent_wc_id IS NULL AND stock_status <> 'outofstock') AS in_stock
         FROM products`,
    );
    return { products: num(r.products), variations: num(r.variations), inStock: num(r.in_stock) };
  }

  /** Newest conversations first: the last customer message, the last reply and any live pause of each. */
  async conversations(o: { channel?: string; text?: string; limit: number }): Promise<ConversationRow[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `WITH last_message AS (
         SELECT DISTINCT ON (conversation_id) conversation_id, channel, customer_user_id, text, status, received_at
           FROM inbox_messages
          ORDER BY conversation_id, received_at DESC, id DESC
       )
       SELECT m.conversation_id, m.channel, m.customer_user_id, m.text, m.status, m.received_at,
              (SELECT count(*) FROM inbox_messages w
                WHERE w.conversation_id = m.conversation_id AND w.status IN ('pending', 'claimed')) AS waiting,
              r.status AS reply_status, coalesce(r.handoff, false) AS reply_handoff,
              p.reason AS pause_reason, p.paused_until
         FROM last_message m
         LEFT JOIN LATERAL (
           SELECT status, handoff FROM replies
            WHERE conversation_id = m.conversation_id ORDER BY created_at DESC, id DESC LIMIT 1
         ) r ON true
         LEFT JOIN conversation_pauses p ON p.conversation_id = m.conversation_id AND p.paused_until > now()
        WHERE ($1::text IS NULL OR m.channel = $1)
          AND ($2::text IS NULL OR m.conversation_id = $2 OR m.text ILIKE '%' || $2 || '%')
        ORDER BY m.received_at DESC
        LIMIT $3`,
      [o.channel ?? null, o.text ?? null, o.limit],
    );
    return rows.map((r) => ({
      conversationId: String(r.conversation_id),
      channel: (r.channel as string | null) ?? null,
      customerUserId: String(r.customer_user_id),
      lastText: textOf(r.text),
      lastAt: new Date(r.received_at as string),
      lastInboxStatus: String(r.status),
      waiting: num(r.waiting),
      replyStatus: (r.reply_status as string | null) ?? null,
      replyHandoff: Boolean(r.reply_handoff),
      pauseReason: (r.pause_reason as string | null) ?? null,
      pausedUntil: r.paused_until ? new Date(r.paused_until as string) : null,
    }));
  }

  async inboxOf(conversationId: string, limit: number): Promise<InboxRow[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM (
         SELECT id::text, text, attachments, status, received_at, reply_id::text
           FROM inbox_messages WHERE conversation_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2
       ) m ORDER BY received_at, id`,
      [conversationId, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      text: textOf(r.text),
      attachments: Array.isArray(r.attachments) ? (r.attachments as unknown[]) : [],
      status: String(r.status),
      receivedAt: new Date(r.received_at as string),
      replyId: (r.reply_id as string | null) ?? null,
    }));
  }

  async repliesOf(conversationId: string, limit: number): Promise<ReplyRow[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM (
         SELECT id::text, status, answer_text, engine, model, handoff, prompt_tokens, completion_tokens, cost_usd,
                grounding_violations, latency_ms, error, created_at, trace
           FROM replies WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
       ) r ORDER BY created_at, id`,
      [conversationId, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      status: String(r.status),
      answerText: (r.answer_text as string | null) ?? null,
      engine: (r.engine as string | null) ?? null,
      model: (r.model as string | null) ?? null,
      handoff: Boolean(r.handoff),
      promptTokens: numOrNull(r.prompt_tokens),
      completionTokens: numOrNull(r.completion_tokens),
      costUsd: numOrNull(r.cost_usd),
      groundingViolations: num(r.grounding_violations),
      latencyMs: numOrNull(r.latency_ms),
      error: (r.error as string | null) ?? null,
      createdAt: new Date(r.created_at as string),
      trace: (r.trace as AnswerTrace | null) ?? null,
    }));
  }
}
