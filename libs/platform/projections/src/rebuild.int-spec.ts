import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresEventStore, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { createTestDatabase } from '@hubline/testing';
import { PROJECTIONS_MIGRATIONS } from './index';
import type { Projection } from './projection-runner';
import { ReadModelRebuild } from './rebuild';
import { openLogDatabase } from '../../../../test/support/log-database';

/** Notes each event seen in its own table (schema-qualified, as a rebuild requires). */
class SeenProjection implements Projection {
  readonly name = 'test.seen';
  readonly tables = ['test_seen.events'];

  async apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    await m.query('INSERT INTO test_seen.events (event_id) VALUES ($1)', [event.id]);
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE test_seen.events');
  }
}

/** Notes each event in a table of its own; its first batch can take its time. */
class NotingProjection implements Projection {
  readonly tables: string[];
  constructor(
    readonly name: string,
    private readonly table: string,
    private firstBatchMs = 0,
  ) {
    this.tables = [table];
  }

  async apply(): Promise<void> {
    throw new Error('applyBatch is used');
  }

  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    const first = this.firstBatchMs;
    this.firstBatchMs = 0;
    if (first) await new Promise((r) => setTimeout(r, first));
    await m.query(`INSERT INTO ${this.table} (event_id) SELECT unnest($1::uuid[])`, [events.map((e) => e.id)]);
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query(`TRUNCATE ${this.table}`);
  }
}

type ReadOptions = Parameters<EventStore['readAll']>[0];

/**
 * The store, with every answer to `readAll` handed to `answered` (which may hold it back) and
 * every batch its subscription yields to `yielded`, before they are returned.
 */
function watchReads(
  store: PostgresEventStore,
  answered: (options: ReadOptions, events: RecordedEvent[]) => void | Promise<void>,
  yielded: (batch: RecordedEvent[]) => void = () => undefined,
): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readAll')
        return async (options?: ReadOptions) => {
          const result = await target.readAll(options);
          await answered(options, result.events);
          return result;
        };
      if (property === 'subscribeToAll')
        return async function* (options?: Parameters<EventStore['subscribeToAll']>[0]) {
          for await (const batch of target.subscribeToAll(options)) {
            yielded(batch);
            yield batch;
          }
        };
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A one-event read: a question whether anything lies after a position, not a read to apply. */
const isProbe = (options: ReadOptions) => options?.maxCount === 1;

/**
 * The store, noting the id of every event its reads of the log return to be applied. Each probe
 * of the log's start is answered `staggerMs` later than the one before, as a loaded machine may.
 */
function noteReads(store: PostgresEventStore, read: string[], staggerMs = 0): EventStore {
  let probesOfStart = 0;
  return watchReads(
    store,
    async (options, events) => {
      if (!isProbe(options)) read.push(...events.map((e) => e.id));
      else if (!options?.after) await new Promise((r) => setTimeout(r, staggerMs * probesOfStart++));
    },
    (batch) => read.push(...batch.map((e) => e.id)),
  );
}

describe('ReadModelRebuild over a log of thirty events', () => {
  let store: PostgresEventStore;
  let db: DataSource;

  beforeAll(async () => {
    const url = await createTestDatabase('rebuild_commits');
    store = new PostgresEventStore({ connectionString: url, poolSize: 5 });
    await store.migrate();
    // The test server commits lazily throughout (for speed): this database waits for the disk,
    // as a real server does, for the connections opened from now on.
    const setup = await new DataSource({ type: 'postgres', url, migrations: PROJECTIONS_MIGRATIONS }).initialize();
    await setup.runMigrations();
    const [{ name }] = await setup.query('SELECT current_database() AS name');
    await setup.query(`ALTER DATABASE "${name}" SET synchronous_commit = on`);
    await setup.destroy();
    db = await new DataSource({ type: 'postgres', url, extra: { max: 5 } }).initialize();
    await db.query('CREATE SCHEMA test_seen');
    await db.query('CREATE TABLE test_seen.events (event_id uuid NOT NULL)');
    await db.query('CREATE TABLE test_seen.quick (event_id uuid NOT NULL)');
    await db.query('CREATE TABLE test_seen.slow (event_id uuid NOT NULL)');
    // At each commit that changed a rebuild's progress, a deferred trigger notes its state and the
    // commit's setting.
    await db.query(
      'CREATE TABLE commit_settings (state text NOT NULL, done int NOT NULL, synchronous_commit text NOT NULL)',
    );
    await db.query(`CREATE FUNCTION note_commit_setting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO commit_settings VALUES (NEW.state, NEW.done, current_setting('synchronous_commit'));
        RETURN NULL;
      END $$`);
    await db.query(`CREATE CONSTRAINT TRIGGER note_commit_setting AFTER UPDATE ON projections.rebuilds
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION note_commit_setting()`);
    for (let i = 0; i < 30; i++)
      await store.append(`seen-${i % 4}`, [{ id: randomUUID(), type: 'Seen', data: {} }], 'any');
  });
  afterAll(async () => {
    await db?.destroy();
    await store?.close();
  });

  it('fills the new tables without waiting for the disk, and switches waiting for it', async () => {
    expect(await db.query(`SELECT current_setting('synchronous_commit') AS s`)).toEqual([{ s: 'on' }]);
    const [progress] = await new ReadModelRebuild(store, db, { batchSize: 10 }).rebuild([new SeenProjection()]);
    expect(progress).toMatchObject({ state: 'done', done: 30 });
    expect((await db.query('SELECT count(*)::int AS n FROM test_seen.events'))[0].n).toBe(30);
    const commits: Array<{ state: string; done: number; synchronous_commit: string }> = await db.query(
      'SELECT state, done, synchronous_commit FROM commit_settings',
    );
    const building = commits.filter((c) => c.state === 'building' && c.done > 0);
    // Three batches of ten, each committed with its rows and its progress.
    expect(building.map((c) => [c.done, c.synchronous_commit])).toEqual([
      [10, 'off'],
      [20, 'off'],
      [30, 'off'],
    ]);
    const others = commits.filter((c) => !building.includes(c));
    expect(others.map((c) => c.state)).toEqual(expect.arrayContaining(['switching', 'done']));
    expect(new Set(others.map((c) => c.synchronous_commit))).toEqual(new Set(['on']));
  });

  it('reads the log once for every read model rebuilt, waiting for a slow one rather than letting it read again', async () => {
    const read: string[] = [];
    const quick = new NotingProjection('test.quick', 'test_seen.quick');
    // Slower on its first batch than the shared reader of the live runners waits for one (2 s).
    const slow = new NotingProjection('test.slow', 'test_seen.slow', 2_500);
    const progress = await new ReadModelRebuild(noteReads(store, read, 300), db, { batchSize: 5 }).rebuild([
      quick,
      slow,
    ]);
    expect(progress.map((p) => [p.name, p.state, p.done])).toEqual([
      ['test.quick', 'done', 30],
      ['test.slow', 'done', 30],
    ]);
    const logged: string[] = (await db.query('SELECT event_id FROM event_store.events ORDER BY tx_id, seq')).map(
      (r: { event_id: string }) => r.event_id,
    );
    for (const table of ['test_seen.quick', 'test_seen.slow'])
      expect(
        (await db.query(`SELECT event_id FROM ${table}`)).map((r: { event_id: string }) => r.event_id).sort(),
      ).toEqual([...logged].sort());
    // Each event of the log was read once, for both read models together.
    expect([...read].sort()).toEqual([...logged].sort());
  });

  it('asks the store only when the shared reader has read nothing past its batch', async () => {
    // Where each one-event probe of the log after a position was asked from.
    const probes: string[] = [];
    const counting = watchReads(store, (options) => {
      if (isProbe(options) && options?.after) probes.push(options.after);
    });
    // Each batch takes long enough for the reader to have read the next one meanwhile, on a loaded
    // machine too (it reads a batch of five in a few milliseconds).
    class Slow extends NotingProjection {
      override async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
        await new Promise((r) => setTimeout(r, 300));
        await super.applyBatch(events, m);
      }
    }
    const [progress] = await new ReadModelRebuild(counting, db, { batchSize: 5 }).rebuild([
      new Slow('test.slow', 'test_seen.slow'),
    ]);
    expect(progress).toMatchObject({ state: 'done', done: 30 });
    // Six batches; only after the last had the reader nothing more, and only then was the store asked.
    const { events } = await store.readAll({ after: null, maxCount: 100 });
    expect(probes).toEqual([events[events.length - 1].position]);
  });
});

describe('ReadModelRebuild on an empty log', () => {
  let store: PostgresEventStore;
  let db: DataSource;

  beforeAll(async () => {
    ({ store, db } = await openLogDatabase('rebuild_empty', { migrations: PROJECTIONS_MIGRATIONS, poolSize: 3 }));
    await db.query('CREATE SCHEMA test_seen');
    await db.query('CREATE TABLE test_seen.events (event_id uuid NOT NULL)');
  });
  afterAll(async () => {
    await db?.destroy();
    await store?.close();
  });

  it('switches at once, as a hub started on a fresh database has it', async () => {
    const [progress] = await new ReadModelRebuild(store, db).rebuild([new SeenProjection()]);
    expect(progress).toMatchObject({ name: 'test.seen', state: 'done', done: 0, total: 0 });
    expect(await db.query(`SELECT state FROM projections.rebuilds WHERE name = 'test.seen'`)).toEqual([
      { state: 'done' },
    ]);
    // The switched table serves, and an event appended afterwards reaches a second rebuild.
    await store.append('seen-0', [{ id: randomUUID(), type: 'Seen', data: {} }], 'any');
    const [again] = await new ReadModelRebuild(store, db).rebuild([new SeenProjection()]);
    expect(again).toMatchObject({ state: 'done', done: 1 });
    expect((await db.query('SELECT count(*)::int AS n FROM test_seen.events'))[0].n).toBe(1);
  }, 10_000);
});
