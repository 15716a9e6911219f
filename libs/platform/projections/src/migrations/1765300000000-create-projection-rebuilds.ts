import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per read model being (or last) rebuilt into new tables: its progress, moved with its rows (decision 0031). */
export class CreateProjectionRebuilds1765300000000 implements MigrationInterface {
  name = 'CreateProjectionRebuilds1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projections.rebuilds (
      name         text PRIMARY KEY,
      state        text NOT NULL CHECK (state IN ('building', 'switching', 'done', 'failed')),
      done         bigint NOT NULL DEFAULT 0,
      total        bigint,
      rate         integer NOT NULL DEFAULT 0,
      seconds_left integer,
      error        text,
      started_at   timestamptz NOT NULL,
      updated_at   timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projections.rebuilds');
  }
}
