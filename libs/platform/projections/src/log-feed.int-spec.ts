import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@hubline/event-store';
import { eventually } from '@hubline/testing';
import { PROJECTIONS_MIGRATIONS } from './index';
import { LogFeed } from './log-feed';
import { ProjectionRunner, type Projection } from './projection-runner';
import { openLogDatabase } from '../../../../test/support/log-database';

/** Records every event it is given (no unique key: an event given twice shows) and counts its batches. */
class Recorder implements Projection {
  batches = 0;
  /** Called as each batch is applied (the test notes how its runner is reading then). */
  onBatch?: () => void;
  constructor(
    readonly name: string,
    readonly eventTypes: ReadonlySet<string> | undefined,
    private readonly delayMs = 0,
  ) {}

  async apply(): Promise<void> {
    throw new Error('applyBatch is used');
  }

  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    this.batches++;
    this.onBatch?.();
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    await m.query(
      'INSERT INTO feed_seen (name, event_id, type) SELECT $1, e, t FROM unnest($2::uuid[], $3::text[]) AS x(e, t)',
      [this.name, events.map((e) => e.id), events.map((e) => e.type)],
    );
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('DELETE FROM feed_seen WHERE name = $1', [this.name]);
  }
}

describe('LogFeed: one reader of the log for every runner of a process', () => {
  let store: PostgresEventStore;
  let ds: DataSource;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    ({ store, db: ds } = await openLogDatabase('feed', { migrations: PROJECTIONS_MIGRATIONS, poolSize: 10 }));
    await ds.query('CREATE TABLE feed_seen (name text NOT NULL, event_id uuid NOT NULL, type text NOT NULL)');
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await ds.destroy();
    await store.close();
  });

  const seen = async (name: string): Promise<string[]> =>
    (await ds.query('SELECT event_id FROM feed_seen WHERE name = $1', [name])).map(
      (r: { event_id: string }) => r.event_id,
    );

  it('hands every runner each event of its types exactly once under concurrent appends, slow and late runners included', async () => {
    const feed = new LogFeed(store, { batchSize: 7, highWater: 10, maxWaitMs: 30 });
    const types = ['A', 'B', 'C'];
    const byType = new Map<string, string[]>(types.map((t) => [t, []]));
    const append = async (writer: number, count: number) => {
      for (let i = 0; i < count; i++) {
        const type = types[(writer + i) % 3];
        const id = randomUUID();
        byType.get(type)!.push(id);
        await store.append(`w${writer}-${i % 4}`, [{ id, type, data: { i } }], 'any');
      }
    };
    await append(99, 40); // a log to catch up on before anything starts
    const recorders = [
      new Recorder('all', undefined),
      new Recorder('a-only', new Set(['A'])),
      new Recorder('b-and-c', new Set(['B', 'C'])),
      new Recorder('slow', new Set(['A', 'B']), 150), // falls behind and reads on its own, then rejoins
    ];
    const start = (r: Recorder) => {
      const runner = new ProjectionRunner(r, store, ds, { feed, batchSize: 7, standbyRetryMs: 20 });
      runners.push(runner);
      runner.start();
      return runner;
    };
    const modes = new Set<string>();
    const started = recorders.slice(0, 3).map(start);
    const slow = start(recorders[3]);
    const writers = Promise.all(Array.from({ length: 8 }, (_, w) => append(w, 30)));
    // A runner that starts late, from position zero, while the others are live and writers append.
    await new Promise((r) => setTimeout(r, 100));
    const late = start(new Recorder('late', new Set(['C'])));
    const watch = setInterval(() => {
      for (const r of [...started, slow, late]) if (r.status().reading) modes.add(`${r.name}:${r.status().reading}`);
    }, 5);
    await writers;
    const expected = (names: string[]) => names.flatMap((t) => byType.get(t)!).sort();
    try {
      await eventually(async () => {
        expect((await seen('all')).sort()).toEqual(expected(types));
        expect((await seen('a-only')).sort()).toEqual(expected(['A']));
        expect((await seen('b-and-c')).sort()).toEqual(expected(['B', 'C']));
        expect((await seen('slow')).sort()).toEqual(expected(['A', 'B']));
        expect((await seen('late')).sort()).toEqual(expected(['C']));
      }, 30_000);
    } finally {
      clearInterval(watch);
    }
    // Both ways of reading were used: the slow runner was let go to read on its own, and came
    // back. (Whether the late runner reads on its own first depends on timing: if the shared
    // reader had stopped meanwhile, the late runner restarts it from its own position.)
    expect([...modes]).toEqual(expect.arrayContaining(['all:shared', 'slow:shared', 'slow:own']));
    // Once every runner is at the head, they all read from the one shared reader.
    const head = (await store.headPosition())!;
    await Promise.all([...started, slow, late].map((r) => r.waitFor(head, 10_000)));
    await eventually(() => expect(feed.sharedSubscribers).toBe(5));
  });

  it('hands a runner that was busy everything that came meanwhile as one batch, in log order, at most a batch size', async () => {
    const feed = new LogFeed(store, { batchSize: 3 });
    const gated = new Recorder('gated', new Set(['A']));
    const given: string[][] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const apply = gated.applyBatch.bind(gated);
    gated.applyBatch = async (events, m) => {
      given.push(events.map((e) => e.id));
      if (given.length === 1) await held; // busy with its first batch while the others come
      await apply(events, m);
    };
    const runner = new ProjectionRunner(gated, store, ds, { feed });
    runners.push(runner);
    runner.start();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await store.append('g-0', [{ id: ids[0], type: 'A', data: {} }], 'any');
    await eventually(() => expect(given).toHaveLength(1));
    // Each of the next five is read by the shared reader on its own while the runner is busy, and
    // so is an event it does not want after each.
    const readAlone = async (streamId: string, id: string, type: string) => {
      const read = feed.batchesRead;
      await store.append(streamId, [{ id, type, data: {} }], 'any');
      await eventually(() => expect(feed.batchesRead).toBeGreaterThan(read));
    };
    for (let i = 1; i < 6; i++) {
      await readAlone(`g-${i}`, ids[i], 'A');
      await readAlone(`i-${i}`, randomUUID(), 'Ignored');
    }
    release();
    const head = (await store.headPosition())!;
    await runner.waitFor(head, 5_000);
    // Five waiting batches of one event each: three in one transaction, then the other two.
    expect(given).toEqual([[ids[0]], ids.slice(1, 4), ids.slice(4, 6)]);
    expect((await seen('gated')).sort()).toEqual([...ids].sort());
  });

  it('an event no runner wants wakes none of them', async () => {
    const feed = new LogFeed(store, { batchSize: 50 });
    const wanted = new Recorder('wanted', new Set(['Wanted']));
    const runner = new ProjectionRunner(wanted, store, ds, { feed, idleCheckpointMs: 60_000 });
    runners.push(runner);
    runner.start();
    await store.append('s-1', [{ id: randomUUID(), type: 'Wanted', data: {} }], 'any');
    await eventually(async () => expect(await seen('wanted')).toHaveLength(1));
    const batchesBefore = wanted.batches;
    const readBefore = feed.batchesRead;
    for (let i = 0; i < 20; i++) await store.append('s-2', [{ id: randomUUID(), type: 'Ignored', data: {} }], 'any');
    const head = (await store.headPosition())!;
    await runner.waitFor(head, 5_000);
    expect(feed.batchesRead).toBeGreaterThan(readBefore); // the shared reader read them
    expect(wanted.batches).toBe(batchesBefore); // the runner was never handed a batch
    expect(runner.status()).toMatchObject({ checkpoint: head, eventsApplied: 1, reading: 'shared' });
  });
  it('stores the checkpoints of every runner an event did not concern in one statement, and keeps applying', async () => {
    const feed = new LogFeed(store, { batchSize: 50 });
    const recorders = Array.from({ length: 8 }, (_, i) => new Recorder(`idle-${i}`, new Set([`Wanted${i}`])));
    const started = recorders.map((p) => new ProjectionRunner(p, store, ds, { feed, idleCheckpointMs: 50 }));
    runners.push(...started);
    // Count the transactions and checkpoint updates the runners make, from here on.
    const transaction = jest.spyOn(ds, 'transaction');
    const query = jest.spyOn(ds, 'query');
    for (const r of started) r.start();
    const stored = async () =>
      (await ds.query("SELECT name, position FROM projections.checkpoints WHERE name LIKE 'idle-%' ORDER BY name")).map(
        (r: { position: string | null }) => r.position,
      );
    await store.append('s-0', [{ id: randomUUID(), type: 'Wanted0', data: {} }], 'any');
    await eventually(async () => expect(await seen('idle-0')).toHaveLength(1));
    transaction.mockClear();
    query.mockClear();

    // Twenty events none of them wants: every checkpoint is stored, by one statement per round.
    for (let i = 0; i < 20; i++) await store.append('s-9', [{ id: randomUUID(), type: 'Ignored', data: {} }], 'any');
    const head = (await store.headPosition())!;
    await eventually(async () => expect(await stored()).toEqual(Array(8).fill(head)));
    const checkpointUpdates = query.mock.calls.filter(([sql]) => /UPDATE projections\.checkpoints/.test(String(sql)));
    expect(transaction).not.toHaveBeenCalled();
    expect(checkpointUpdates.length).toBeGreaterThanOrEqual(1);
    expect(checkpointUpdates.length).toBeLessThan(8);

    // A runner goes on from its stored checkpoint: its next wanted event is applied once.
    const id = randomUUID();
    await store.append('s-3', [{ id, type: 'Wanted3', data: {} }], 'any');
    await eventually(async () => expect(await seen('idle-3')).toEqual([id]));
    const last = (await store.headPosition())!;
    await eventually(async () => expect(await stored()).toEqual(Array(8).fill(last)));
    expect(started.map((r) => r.status().state)).toEqual(Array(8).fill('active'));
  });
});
