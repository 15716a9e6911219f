import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the enforcement context, owned by the orders projection: the orders (ids, codes,
 * days, and the sealed conditions as last varied, never opened here) and their breaches (with the
 * sealed account of what happened). Calendar days are text, so no driver shifts them by a time zone.
 */
export class CreateEnforcementTables1765300000000 implements MigrationInterface {
  name = 'CreateEnforcementTables1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS enforcement');
    await q.query(`CREATE TABLE enforcement.orders (
      order_id          uuid PRIMARY KEY,
      partnership_id    uuid NOT NULL,
      kind              text NOT NULL,
      person_id         uuid NOT NULL,
      agency_id         uuid NOT NULL,
      agency_reference  text NOT NULL,
      served_on         text NOT NULL,
      expires_on        text,
      lag_case_id       uuid,
      particulars       jsonb NOT NULL,
      conditions        jsonb,
      status            text NOT NULL CHECK (status IN ('served', 'discharged')),
      discharged_on     text,
      discharge_reason  text,
      served_by_user_id uuid NOT NULL,
      recorded_at       timestamptz NOT NULL,
      history           jsonb NOT NULL DEFAULT '[]',
      version           bigint NOT NULL
    )`);
    await q.query('CREATE INDEX orders_person ON enforcement.orders (partnership_id, person_id)');
    await q.query('CREATE INDEX orders_expiring ON enforcement.orders (partnership_id, status, expires_on)');
    await q.query(`CREATE TABLE enforcement.breaches (
      breach_id             uuid PRIMARY KEY,
      order_id              uuid NOT NULL,
      partnership_id        uuid NOT NULL,
      person_id             uuid NOT NULL,
      occurred_on           text NOT NULL,
      what_happened         jsonb NOT NULL,
      response              text NOT NULL,
      responded_on          text,
      recorded_by_agency_id uuid NOT NULL,
      recorded_at           timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX breaches_order ON enforcement.breaches (order_id, occurred_on)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA enforcement CASCADE');
  }
}
