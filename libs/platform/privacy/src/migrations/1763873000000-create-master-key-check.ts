import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The check value of the master key in use (one row): a service whose master key gives another
 * value refuses to start instead of wrapping new data keys with a key that opens none of the old.
 */
export class CreateMasterKeyCheck1763873000000 implements MigrationInterface {
  name = 'CreateMasterKeyCheck1763873000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE privacy.master_key_check (
      only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      check_value text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE privacy.master_key_check');
  }
}
