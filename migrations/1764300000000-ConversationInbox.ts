import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conversation loop's durable state: every customer message Support Board delivered (the inbox, unique on
 * the SB message id so a second delivery is a no-op) and one row per reply attempt, which doubles as the
 * per-conversation lease (at most one reply in progress per conversation) and the usage ledger.
 */
export class ConversationInbox1764300000000 implements MigrationInterface {
  name = 'ConversationInbox1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replies (
        id                   bigserial PRIMARY KEY,
        conversation_id      text NOT NULL,
        channel              text NULL,
        status               text NOT NULL DEFAULT 'in_progress',
        stage                text NOT NULL DEFAULT 'claimed',
        lease_until          timestamptz NOT NULL,
        attempts             integer NOT NULL DEFAULT 1,
        answer_text          text NULL,
        engine               text NULL,
        handoff              boolean NOT NULL DEFAULT false,
        chunks_total         integer NOT NULL DEFAULT 0,
        chunks_sent          integer NOT NULL DEFAULT 0,
        provider_message_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        sb_message_ids       jsonb NOT NULL DEFAULT '[]'::jsonb,
        model                text NULL,
        prompt_tokens        integer NULL,
        completion_tokens    integer NULL,
        tool_calls           integer NULL,
        cost_usd             numeric(12,6) NULL,
        grounding_violations integer NOT NULL DEFAULT 0,
        latency_ms           integer NULL,
        error                text NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        finished_at          timestamptz NULL,
        CONSTRAINT replies_status_check
          CHECK (status IN ('in_progress', 'sent', 'failed', 'dropped_paused', 'duplicate')),
        CONSTRAINT replies_stage_check CHECK (stage IN ('claimed', 'sending', 'done'))
      )`);
    // The lease: a second reply for the same conversation cannot start while one is in progress.
    await q.query(
      `CREATE UNIQUE INDEX replies_one_in_progress ON replies (conversation_id) WHERE status = 'in_progress'`,
    );
    await q.query(`CREATE INDEX replies_conversation_idx ON replies (conversation_id, created_at)`);

    await q.query(`
      CREATE TABLE inbox_messages (
        id                  bigserial PRIMARY KEY,
        sb_message_id       text NOT NULL,
        conversation_id     text NOT NULL,
        customer_user_id    text NOT NULL,
        channel             text NULL,
        text                text NOT NULL DEFAULT '',
        attachments         jsonb NOT NULL DEFAULT '[]'::jsonb,
        provider_message_id text NULL,
        status              text NOT NULL DEFAULT 'pending',
        reply_id            bigint NULL REFERENCES replies (id) ON DELETE SET NULL,
        received_at         timestamptz NOT NULL DEFAULT now(),
        handled_at          timestamptz NULL,
        CONSTRAINT inbox_messages_status_check CHECK (status IN
          ('pending', 'claimed', 'answered', 'duplicate', 'paused', 'failed', 'ignored_channel'))
      )`);
    await q.query(`CREATE UNIQUE INDEX inbox_messages_sb_message_id_key ON inbox_messages (sb_message_id)`);
    await q.query(
      `CREATE INDEX inbox_messages_pending_idx ON inbox_messages (conversation_id, received_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX inbox_messages_provider_idx ON inbox_messages (conversation_id, provider_message_id)
         WHERE provider_message_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX inbox_messages_reply_idx ON inbox_messages (reply_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS inbox_messages`);
    await q.query(`DROP TABLE IF EXISTS replies`);
  }
}
