import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff messages pause the bot at once (fail-safe), but Support Board's webhook can be forged (contract §6.3): each
 * pause a staff event caused waits here until `get-conversation` confirms the message. `paused_at` is the pause
 * row's `updated_at` written by that event and `previous_until` the pause it replaced, so a forged event's pause can
 * be undone exactly, without touching a later genuine one.
 */
export class StaffEventChecks1764500000100 implements MigrationInterface {
  name = 'StaffEventChecks1764500000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_event_checks (
        id              bigserial PRIMARY KEY,
        conversation_id text NOT NULL,
        sb_message_id   text NOT NULL,
        sender_id       text NOT NULL,
        text            text NOT NULL,
        paused_at       timestamptz NOT NULL,
        previous_until  timestamptz NULL,
        attempts        integer NOT NULL DEFAULT 0,
        due_at          timestamptz NOT NULL DEFAULT now(),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_event_checks_due_idx ON staff_event_checks (due_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS staff_event_checks`);
  }
}
