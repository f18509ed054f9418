import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the assistant remembers of each conversation between turns: the last list shown, the product
 * the customer picked, the product type and constraints, the customer's language. One small jsonb row per
 * conversation (Support Board conversations and `cli chat` sessions alike), so follow-ups survive a restart.
 */
export class DialogueStates1764500000000 implements MigrationInterface {
  name = 'DialogueStates1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dialogue_states (
        conversation_id text PRIMARY KEY,
        state           jsonb NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )
    `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dialogue_states`);
  }
}
