import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbox status `refused`: a customer message the webhook reported but Support Board does not hold as reported (a
 * forged or altered event). Kept for the record, never answered.
 */
export class InboxRefused1764400000200 implements MigrationInterface {
  name = 'InboxRefused1764400000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbox_messages DROP CONSTRAINT inbox_messages_status_check`);
    await q.query(`ALTER TABLE inbox_messages ADD CONSTRAINT inbox_messages_status_check CHECK (status IN
      ('pending', 'claimed', 'answered', 'duplicate', 'paused', 'failed', 'ignored_channel', 'refused'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE inbox_messages SET status = 'failed' WHERE status = 'refused'`);
    await q.query(`ALTER TABLE inbox_messages DROP CONSTRAINT inbox_messages_status_check`);
    await q.query(`ALTER TABLE inbox_messages ADD CONSTRAINT inbox_messages_status_check CHECK (status IN
      ('pending', 'claimed', 'answered', 'duplicate', 'paused', 'failed', 'ignored_channel'))`);
  }
}
