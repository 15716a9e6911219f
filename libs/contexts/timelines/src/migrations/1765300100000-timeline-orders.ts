import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enforcement orders on offender timelines: per order, what the offender header needs (kind,
 * days, status and breaches; never the sealed conditions), and each partnership's expiry warning
 * window, both from the enforcement context's published events.
 */
export class TimelineOrders1765300100000 implements MigrationInterface {
  name = 'TimelineOrders1765300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE timelines.orders (
      order_id       uuid PRIMARY KEY,
      partnership_id uuid NOT NULL,
      person_id      uuid NOT NULL,
      kind           text NOT NULL,
      agency_id      uuid,
      status         text NOT NULL,
      served_on      text NOT NULL,
      expires_on     text,
      breaches       integer NOT NULL DEFAULT 0,
      breach_events  uuid[] NOT NULL DEFAULT '{}',
      last_breach_on text
    )`);
    await q.query('CREATE INDEX orders_person ON timelines.orders (partnership_id, person_id)');
    await q.query(`CREATE TABLE timelines.order_settings (
      partnership_id     uuid PRIMARY KEY,
      expiry_window_days integer NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE timelines.order_settings');
    await q.query('DROP TABLE timelines.orders');
  }
}
