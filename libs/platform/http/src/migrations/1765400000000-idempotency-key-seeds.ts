import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A seed per idempotency key, drawn when the key is first claimed and kept while it lives: the
 * ids a keyed request generates derive from it (decision 0020), so a re-run after a crash gets
 * the same ids and the same key reused with the same body after it expired gets new ones. A key
 * whose request was refused or failed is `released` rather than deleted, so that a retry of the
 * same request keeps the seed (a failure may come after an append).
 */
export class IdempotencyKeySeeds1765400000000 implements MigrationInterface {
  name = 'IdempotencyKeySeeds1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE http.idempotency_keys ADD COLUMN seed uuid NOT NULL DEFAULT gen_random_uuid()');
    await q.query('ALTER TABLE http.idempotency_keys DROP CONSTRAINT idempotency_keys_state_check');
    await q.query(
      `ALTER TABLE http.idempotency_keys ADD CONSTRAINT idempotency_keys_state_check CHECK (state IN ('processing', 'answered', 'released'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM http.idempotency_keys WHERE state = 'released'`);
    await q.query('ALTER TABLE http.idempotency_keys DROP CONSTRAINT idempotency_keys_state_check');
    await q.query(
      `ALTER TABLE http.idempotency_keys ADD CONSTRAINT idempotency_keys_state_check CHECK (state IN ('processing', 'answered'))`,
    );
    await q.query('ALTER TABLE http.idempotency_keys DROP COLUMN seed');
  }
}
