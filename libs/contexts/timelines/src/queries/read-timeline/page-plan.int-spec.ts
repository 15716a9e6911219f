import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PARTNERSHIPS_MIGRATIONS } from '@hubline/partnerships';
import { TIMELINES_MIGRATIONS } from '../../index';
import { PAGE_STATEMENTS, type TimelineKind } from './timeline-tables';
import { openProjectionDatabase } from '../../../../../../test/support/log-database';

/**
 * The page's statement as PostgreSQL plans it for the hub: generically, once per connection
 * (`readModelPool`), so for no person in particular. In a partnership of a couple of thousand
 * people in cases, the planner found reading all of them as cheap as looking the person up, and
 * chose it on every page (docs/performance.md).
 */
describe("a timeline page's plan", () => {
  let db: DataSource;
  const partnershipId = randomUUID();

  beforeAll(async () => {
    db = await openProjectionDatabase('timelines_page_plan', [...PARTNERSHIPS_MIGRATIONS, ...TIMELINES_MIGRATIONS]);
    // A partnership's people in cases, as the small benchmark has them: 1,800 victims and 600
    // alleged perpetrators, one case each, and an action and an order against each perpetrator.
    await db.query(
      `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role)
       SELECT 'lag_referral', gen_random_uuid(), gen_random_uuid(), $1, CASE WHEN i % 4 = 0 THEN 'offender' ELSE 'victim' END
         FROM generate_series(1, 2400) i`,
      [partnershipId],
    );
    await db.query(
      `INSERT INTO timelines.actions (action_id, referral_id, partnership_id, kind, status, owning_agency_id, due_date, target_person_id)
       SELECT gen_random_uuid(), case_id, partnership_id, 'warning_letter', 'open', gen_random_uuid(), DATE '2026-12-01', person_id
         FROM timelines.case_people WHERE role = 'offender'`,
    );
    await db.query(
      `INSERT INTO timelines.orders (order_id, partnership_id, person_id, kind, status, served_on)
       SELECT gen_random_uuid(), partnership_id, person_id, 'civil_injunction', 'served', '2026-11-01'
         FROM timelines.case_people WHERE role = 'offender'`,
    );
    for (const table of ['case_people', 'actions', 'orders']) await db.query(`ANALYZE timelines.${table}`);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const genericPlan = async (kind: TimelineKind) =>
    ((await db.query(`EXPLAIN (GENERIC_PLAN) ${PAGE_STATEMENTS[kind]}`)) as Array<{ 'QUERY PLAN': string }>)
      .map((r) => r['QUERY PLAN'])
      .join('\n');

  it.each<TimelineKind>(['victim', 'offender'])(
    "looks the person's cases, actions and orders up by index on %s pages, never reading the partnership's",
    async (kind) => {
      const plan = await genericPlan(kind);
      expect(plan).toMatch(/Index Scan using case_people_person on case_people/);
      expect(plan).not.toMatch(/Seq Scan on (case_people|actions|orders)\b/);
      if (kind === 'offender') {
        expect(plan).toMatch(/Index Scan using actions_target on actions/);
        expect(plan).toMatch(/Index Scan using orders_person on orders/);
      }
    },
  );
});
