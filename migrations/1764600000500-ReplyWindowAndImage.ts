import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a reply did besides its text: `window_outcome` when the customer-service window had closed
 * (`template_sent`, `template_failed`, `note_only`), the product photo it carries (`image`: url, file name, caption,
 * product) recorded with the answer so a resumed reply sends the same one, and how that photo went (`image_outcome`:
 * `sent`, or `failed: <reason>`).
 */
export class ReplyWindowAndImage1764600000500 implements MigrationInterface {
  name = 'ReplyWindowAndImage1764600000500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE replies
        ADD COLUMN window_outcome text NULL,
        ADD COLUMN image          jsonb NULL,
        ADD COLUMN image_outcome  text NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE replies
        DROP COLUMN IF EXISTS image_outcome,
        DROP COLUMN IF EXISTS image,
        DROP COLUMN IF EXISTS window_outcome`);
  }
}
