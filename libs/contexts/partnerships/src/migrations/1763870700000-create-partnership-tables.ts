import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of partnership reference data, owned by the partnerships projection. */
export class CreatePartnershipTables1763870700000 implements MigrationInterface {
  name = 'CreatePartnershipTables1763870700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS partnerships');
    await q.query(`CREATE TABLE partnerships.partnerships (
      partnership_id uuid PRIMARY KEY, name text NOT NULL, area text NOT NULL, version bigint NOT NULL, registered_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE partnerships.agencies (
      agency_id uuid PRIMARY KEY, partnership_id uuid NOT NULL, name text NOT NULL, kind text NOT NULL, active boolean NOT NULL)`);
    await q.query('CREATE INDEX agencies_partnership ON partnerships.agencies (partnership_id)');
    await q.query(`CREATE TABLE partnerships.localities (
      locality_id uuid PRIMARY KEY, partnership_id uuid NOT NULL, name text NOT NULL)`);
    await q.query(`CREATE TABLE partnerships.wards (
      ward_id uuid PRIMARY KEY, partnership_id uuid NOT NULL, locality_id uuid NOT NULL, name text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA partnerships CASCADE');
  }
}
