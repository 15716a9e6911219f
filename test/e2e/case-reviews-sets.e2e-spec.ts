import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { RecordedEvent } from '@hubline/event-store';
import { ProjectionsService, type Projection } from '@hubline/projections';
import { applyOneByOne, expectReplaysChangeNothing, expectSameRowsInBatches } from '../support/set-apply';
import { seedAsbStory } from '../support/asb-story';
import { TestHub } from '../support/test-hub';

/**
 * The ASB Case Reviews' read model applied in sets against event by event, over the demo's
 * reviews (every step of the procedure: requests answered, thresholds decided, panels,
 * recommendations, outcomes, escalations to the PFCC's office and referrals back, settings changed).
 */
describe('case reviews read model applied in sets', () => {
  let hub: TestHub;
  let projection: Projection;
  let log: RecordedEvent[];

  beforeAll(async () => {
    hub = await TestHub.start();
    const seeded: SeededPartnership = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    await seedAsbStory(hub, seeded);
    await hub.settle(60_000);
    const projections = hub.app.get(ProjectionsService);
    projection = projections.readModels().find((p) => p.name === 'case-reviews.read-model')!;
    // Nothing more is written: the runner is stopped so that only these tests write its tables.
    await projections.runner(projection.name)!.stop();
    log = [];
    for (let after: string | null = null; ;) {
      const page = await hub.store.readAll({ after, maxCount: 1_000 });
      if (page.events.length === 0) break;
      log.push(...page.events.filter((e) => projection.eventTypes!.has(e.type)));
      after = page.checkpoint;
    }
  }, 300_000);
  afterAll(() => hub?.close());

  it('applied in batches, leaves exactly the rows of applying the log event by event', async () => {
    const oneByOne = await applyOneByOne(hub.db, projection, log);
    expect(log.length).toBeGreaterThan(100);
    expect(oneByOne['case_reviews.reviews'].length).toBeGreaterThan(5);
    expect(oneByOne['case_reviews.information_requests'].length).toBeGreaterThan(5);
    expect(oneByOne['case_reviews.recommendations'].length).toBeGreaterThan(0);
    expect(oneByOne['case_reviews.settings'].length).toBe(1);
    await expectSameRowsInBatches(hub.db, projection, log, oneByOne, [1, 2, 3, 7, 50, 1_000]);
  }, 120_000);

  it('a batch applied again after a crash in it, twice in one go, or after everything, changes nothing', async () => {
    const oneByOne = await applyOneByOne(hub.db, projection, log);
    await expectReplaysChangeNothing(hub.db, projection, log, oneByOne, [5, 40]);
  }, 120_000);

  it('a batch of many events about many reviews is a few statements', async () => {
    await hub.db.transaction((m) => projection.reset(m));
    const statements: string[] = [];
    const reviewEvents = log.filter((e) => !e.streamId.startsWith('case-review-settings-'));
    await hub.db.transaction(async (m) => {
      const query = m.query.bind(m);
      m.query = ((sql: string, params?: unknown[]) => {
        statements.push(sql);
        return query(sql, params);
      }) as typeof m.query;
      await projection.applyBatch!(reviewEvents, m);
    });
    // The reviews read, then one write per table.
    expect(statements).toHaveLength(4);
  });
});
