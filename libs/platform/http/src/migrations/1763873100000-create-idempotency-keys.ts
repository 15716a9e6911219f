import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys per user and the first answer to each, kept for a day (decision 0020). */
export class CreateIdempotencyKeys1763873100000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763873100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS http');
    await q.query(`CREATE TABLE http.idempotency_keys (
      scope       text NOT NULL,
      key         text NOT NULL,
      fingerprint text NOT NULL,
      state       text NOT NULL CHECK (state IN ('processing', 'answered')),
      status      integer,
      headers     jsonb,
      body        jsonb,
      expires_at  timestamptz NOT NULL,
      lease_until timestamptz NOT NULL,
      PRIMARY KEY (scope, key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE http.idempotency_keys');
  }
}
