import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enforcement orders taken in LAG cases, from the enforcement context's published events
 * (kinds, days, agencies; never the conditions), and each partnership's expiry warning window:
 * what a case view names.
 */
export class CaseEnforcementOrders1765300200000 implements MigrationInterface {
  name = 'CaseEnforcementOrders1765300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE lag.case_orders (
      order_id       uuid PRIMARY KEY,
      partnership_id uuid NOT NULL,
      referral_id    uuid NOT NULL,
      person_id      uuid NOT NULL,
      kind           text NOT NULL,
      agency_id      uuid NOT NULL,
      served_on      text NOT NULL,
      expires_on     text,
      status         text NOT NULL,
      breaches       integer NOT NULL DEFAULT 0,
      breach_events  uuid[] NOT NULL DEFAULT '{}'
    )`);
    await q.query('CREATE INDEX case_orders_referral ON lag.case_orders (partnership_id, referral_id)');
    await q.query(`CREATE TABLE lag.enforcement_window (
      partnership_id uuid PRIMARY KEY,
      days           integer NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE lag.enforcement_window');
    await q.query('DROP TABLE lag.case_orders');
  }
}
