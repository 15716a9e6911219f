import {
  actorOf,
  seedEnforcementOrders,
  seedLocalityActionGroups,
  seedPartnership,
  seedPeople,
  THURROCK,
} from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/** The demo's enforcement orders: on perpetrators of open LAG cases, through the commands, and seeded once. */
describe('the demo enforcement orders', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await TestHub.start();
  });
  afterAll(() => hub?.close());

  it('serves orders and records breaches on perpetrators of open LAG cases, and a second run appends nothing', async () => {
    const seeded = await seedPartnership(hub.commands, THURROCK);
    const registrars = ['pc.okafor@essex-police.demo', 'lag.chair@thurrock.demo'].map((s) =>
      actorOf(THURROCK, seeded, s),
    );
    const people = await seedPeople(
      hub.commands,
      seeded,
      registrars,
      60,
      2017,
      new Date(Date.now() - 300 * 86_400_000).toISOString(),
    );
    await seedLocalityActionGroups(hub.commands, seeded, people, { app: hub.app, referrals: 12 });
    const first = await seedEnforcementOrders(hub.commands, seeded, hub.app);
    expect(first.orders).toBeGreaterThanOrEqual(2);
    expect(first.stepsRun).toBe(first.orders + first.breaches);
    await hub.settle();
    const count = async () =>
      Number(
        (
          await hub.db.query(`SELECT count(*) AS n FROM event_store.events WHERE stream_id LIKE 'enforcement-order-%'`)
        )[0].n,
      );
    const stored = await count();
    expect(stored).toBe(first.orders + first.breaches);
    expect((await seedEnforcementOrders(hub.commands, seeded, hub.app)).stepsRun).toBe(0);
    expect(await count()).toBe(stored);

    // Every order is on an offender timeline the chair's agency (which accepted the cases) can read.
    const [order] = await hub.db.query(
      `SELECT person_id FROM enforcement.orders WHERE kind = 'community_protection_notice'`,
    );
    const timeline = await ok(
      hub.as('lag.chair@thurrock.demo', { url: `/timelines/offenders/${order.person_id}?purpose=case_management` }),
    );
    expect(timeline.header.orders.expiring).toEqual([expect.objectContaining({ kind: 'community_protection_notice' })]);
    expect(timeline.header.orders.breached.map((o: { kind: string }) => o.kind).sort()).toEqual([
      'community_protection_notice',
      'community_protection_warning',
    ]);
  }, 600_000);
});
