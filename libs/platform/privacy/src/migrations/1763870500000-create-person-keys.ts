import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One data key per person, wrapped by the master key. Forgetting a person overwrites the wrapped
 * key with NULL: every ciphertext sealed with it, in events and read models, becomes unreadable.
 */
export class CreatePersonKeys1763870500000 implements MigrationInterface {
  name = 'CreatePersonKeys1763870500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS privacy');
    await q.query(`CREATE TABLE privacy.person_keys (
      person_id      uuid PRIMARY KEY,
      partnership_id uuid NOT NULL,
      wrapped_key    jsonb,
      created_at     timestamptz NOT NULL DEFAULT now(),
      destroyed_at   timestamptz,
      CONSTRAINT person_keys_destroyed_check CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE privacy.person_keys');
  }
}
