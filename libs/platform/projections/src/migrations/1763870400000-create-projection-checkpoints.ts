import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per projection: the global position it has applied up to, moved in the same transaction as its read model. */
export class CreateProjectionCheckpoints1763870400000 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1763870400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS projections');
    await q.query(`CREATE TABLE projections.checkpoints (
      name           text PRIMARY KEY,
      position       text,
      events_applied bigint NOT NULL DEFAULT 0,
      updated_at     timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projections.checkpoints');
  }
}
