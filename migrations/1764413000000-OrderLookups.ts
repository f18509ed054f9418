import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per order-status look-up a conversation made, with its outcome only (no order number, e-mail or phone):
 * enough to hand a conversation to a person after repeated failed look-ups, which also stops anyone from trying
 * order numbers one after another.
 */
export class OrderLookups1764413000000 implements MigrationInterface {
  name = 'OrderLookups1764413000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_lookups (
        id bigserial PRIMARY KEY,
        conversation_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('found', 'not_found')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX order_lookups_conversation_idx ON order_lookups (conversation_id, created_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS order_lookups`);
  }
}
