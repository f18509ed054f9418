import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who holds a reply's lease: a token the worker picks before taking it. When the database connection drops after
 * the lease's commit but before its answer arrives, the worker does not know it holds the lease; with the token it
 * can give the lease back once the database answers, so the retry resumes at once instead of after the lease.
 */
export class ReplyLeaseOwner1764590000000 implements MigrationInterface {
  name = 'ReplyLeaseOwner1764590000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replies ADD COLUMN lease_owner text NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replies DROP COLUMN IF EXISTS lease_owner`);
  }
}
