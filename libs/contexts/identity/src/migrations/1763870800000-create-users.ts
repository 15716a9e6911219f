import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1763870800000 implements MigrationInterface {
  name = 'CreateUsers1763870800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS identity');
    await q.query(`CREATE TABLE identity.users (
      user_id        uuid PRIMARY KEY,
      partnership_id uuid NOT NULL,
      subject        text NOT NULL UNIQUE,
      display_name   text NOT NULL,
      agency_id      uuid NOT NULL,
      roles          text[] NOT NULL,
      active         boolean NOT NULL,
      version        bigint NOT NULL,
      registered_at  timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX users_partnership ON identity.users (partnership_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA identity CASCADE');
  }
}
