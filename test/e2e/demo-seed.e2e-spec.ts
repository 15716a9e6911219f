import { actorOf, seedPartnership, seedPeople, THURROCK } from '@hubline/demo';
import { TestHub } from '../support/test-hub';

describe('demo data', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await TestHub.start();
  });
  afterAll(() => hub?.close());

  const eventCount = async () => Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events'))[0].n);

  it('seeds the partnership, its users and people, and a second run appends nothing', async () => {
    const seed = async () => {
      const seeded = await seedPartnership(hub.commands, THURROCK);
      await hub.settle();
      const people = await seedPeople(hub.commands, seeded, [actorOf(THURROCK, seeded, 'pc.okafor@essex-police.demo')], 25);
      await hub.settle();
      return { seeded, people };
    };
    const first = await seed();
    const afterFirst = await eventCount();
    expect(first.people).toHaveLength(25);
    const second = await seed();
    expect(second).toEqual(first);
    expect(await eventCount()).toBe(afterFirst);

    const res = await hub.as('pc.okafor@essex-police.demo', { url: `/people/${first.people[0].personId}?purpose=data_quality` });
    expect(res.statusCode).toBe(200);
    expect(res.json().givenName).toEqual(expect.any(String));
  });
});
