import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@hubline/event-store';
import { createTestDatabase, eventually } from '@hubline/testing';
import { roundTrips } from '../../../../test/support/query-counter';
import { PROJECTIONS_MIGRATIONS } from './index';
import { ProjectionRunner, sendWrites, type BatchStatement, type Projection, type Writes } from './projection-runner';

/** Counts events per stream; `seen` has no unique key, so a double-applied event would show. */
class TallyProjection implements Projection {
  constructor(
    private readonly hook?: (event: RecordedEvent, manager: EntityManager) => Promise<void>,
    readonly name = 'test.tally',
  ) {}

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    await manager.query('INSERT INTO tally_seen (event_id, stream_id, revision) VALUES ($1, $2, $3)', [
      event.id,
      event.streamId,
      event.revision,
    ]);
    await manager.query(
      'INSERT INTO tally_totals (stream_id, n) VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET n = tally_totals.n + 1',
      [event.streamId],
    );
    await this.hook?.(event, manager);
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE tally_seen, tally_totals');
  }
}

/** Notes each event seen, a batch in one statement that the runner sends with the checkpoint's move. */
class SeenInOneStatement implements Projection {
  readonly name = 'test.tally';
  statements = 0;

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const statement = this.batchStatement([event], 'true');
    await manager.query(statement.text, statement.values);
  }

  batchStatement(events: RecordedEvent[], when: string): BatchStatement {
    this.statements += 1;
    return {
      text: `INSERT INTO tally_seen (event_id, stream_id, revision)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[]) WHERE ${when}`,
      values: [events.map((e) => e.id), events.map((e) => e.streamId), events.map((e) => e.revision)],
    };
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE tally_seen');
  }
}

/**
 * Counts events per stream as `TallyProjection` does, a batch read then written in two
 * statements handed back to the runner (`writesOfBatch`), which sends them with the checkpoint's move.
 */
class TallyInWrites implements Projection {
  readonly name = 'test.tally';
  reads = 0;

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    await sendWrites(manager, await this.writesOfBatch([event], manager));
  }

  async writesOfBatch(events: RecordedEvent[], manager: EntityManager): Promise<Writes> {
    // A read inside the batch's transaction, as a projection reads the rows its batch names.
    await manager.query('SELECT count(*) FROM tally_totals');
    this.reads += 1;
    return {
      statements: [
        'INSERT INTO tally_seen (event_id, stream_id, revision) SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])',
        `INSERT INTO tally_totals (stream_id, n) SELECT stream_id, count(*) FROM unnest($2::text[]) AS s(stream_id) GROUP BY stream_id
         ON CONFLICT (stream_id) DO UPDATE SET n = tally_totals.n + excluded.n`,
      ],
      values: [events.map((e) => e.id), events.map((e) => e.streamId), events.map((e) => e.revision)],
    };
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE tally_seen, tally_totals');
  }
}

describe('ProjectionRunner', () => {
  let url: string;
  let store: PostgresEventStore;
  const dataSources: DataSource[] = [];
  const runners: ProjectionRunner[] = [];

  async function openDataSource(): Promise<DataSource> {
    const ds = await new DataSource({
      type: 'postgres',
      url,
      migrations: PROJECTIONS_MIGRATIONS,
      extra: { max: 5 },
    }).initialize();
    dataSources.push(ds);
    return ds;
  }

  function runner(
    projection: Projection,
    ds: DataSource,
    options: { idleCheckpointMs?: number } = {},
  ): ProjectionRunner {
    const r = new ProjectionRunner(projection, store, ds, {
      batchSize: 25,
      standbyRetryMs: 50,
      maxBackoffMs: 200,
      ...options,
    });
    runners.push(r);
    return r;
  }

  async function appendEvents(count: number, streams = 7): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      ids.push(id);
      await store.append(`tally-${i % streams}`, [{ id, type: 'Counted', data: { i } }], 'any');
    }
    return ids;
  }

  async function readModel(ds: DataSource) {
    const seen: Array<{ event_id: string }> = await ds.query('SELECT event_id FROM tally_seen');
    const totals: Array<{ stream_id: string; n: number }> = await ds.query(
      'SELECT stream_id, n FROM tally_totals ORDER BY stream_id',
    );
    return { seen: seen.map((r) => r.event_id), totals };
  }

  beforeEach(async () => {
    url = await createTestDatabase('proj');
    store = new PostgresEventStore({ connectionString: url, poolSize: 10 });
    await store.migrate();
    const ds = await openDataSource();
    await ds.runMigrations();
    await ds.query(
      'CREATE TABLE tally_seen (event_id uuid NOT NULL, stream_id text NOT NULL, revision bigint NOT NULL)',
    );
    await ds.query('CREATE TABLE tally_totals (stream_id text PRIMARY KEY, n integer NOT NULL)');
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await Promise.all(dataSources.splice(0).map((d) => d.destroy()));
    await store.close();
  });

  it('applies every event exactly once, catching up and then live', async () => {
    const ds = dataSources[0];
    const before = await appendEvents(120);
    runner(new TallyProjection(), ds).start();
    const after = await appendEvents(80);
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(200));
    const { seen, totals } = await readModel(ds);
    expect(new Set(seen)).toEqual(new Set([...before, ...after]));
    expect(totals.reduce((sum, t) => sum + t.n, 0)).toBe(200);
  });

  it('a runner killed between handling and commit resumes without loss or duplication', async () => {
    const ids = await appendEvents(150);
    let killed = false;
    const ds = dataSources[0];
    // The first instance loses its database session in the middle of a batch, after applying
    // some events but before the commit: exactly what a crashed process leaves behind.
    const crashing = runner(
      new TallyProjection(async (event, manager) => {
        if (!killed && event.id === ids[90]) {
          killed = true;
          await manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
      }),
      ds,
    );
    crashing.start();
    await eventually(() => expect(killed).toBe(true));
    await crashing.stop();
    const afterCrash = await readModel(ds);
    expect(afterCrash.seen.length).toBeLessThan(150);
    expect(afterCrash.seen.length % 25).toBe(0); // only whole committed batches are there

    // A new process starts: a fresh connection pool and runner.
    const restarted = await openDataSource();
    runner(new TallyProjection(), restarted).start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(150));
    const { seen } = await readModel(ds);
    expect(new Set(seen).size).toBe(150);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('a failure inside a batch rolls the whole batch back and the same instance retries it', async () => {
    const ids = await appendEvents(60);
    let failures = 0;
    const ds = dataSources[0];
    const r = runner(
      new TallyProjection(async (event) => {
        if (event.id === ids[40] && failures < 2) {
          failures++;
          throw new Error('read model temporarily unavailable');
        }
      }),
      ds,
    );
    r.start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(60));
    expect(failures).toBe(2);
    expect(new Set((await readModel(ds)).seen).size).toBe(60);
    expect(r.status()).toMatchObject({
      state: 'active',
      eventsApplied: 60,
      lastError: 'read model temporarily unavailable',
    });
  });

  it('keeps at most one active instance per projection across processes', async () => {
    await appendEvents(100);
    const first = runner(new TallyProjection(), await openDataSource());
    const second = runner(new TallyProjection(), await openDataSource());
    first.start();
    await eventually(() => expect(first.status().state).toBe('active'));
    second.start();
    await eventually(() => expect(second.status().state).toBe('standby'));
    await eventually(async () => expect((await readModel(dataSources[0])).seen).toHaveLength(100));

    // The active one goes away; the standby takes over from the shared checkpoint.
    await first.stop();
    await appendEvents(30);
    await eventually(() => expect(second.status().state).toBe('active'));
    await eventually(async () => expect((await readModel(dataSources[0])).seen).toHaveLength(130));
    expect(new Set((await readModel(dataSources[0])).seen).size).toBe(130);
  });

  it('keeps at most one active instance per projection within a process too', async () => {
    await appendEvents(40);
    const ds = dataSources[0];
    const first = runner(new TallyProjection(), ds);
    const second = runner(new TallyProjection(), ds);
    first.start();
    await eventually(() => expect(first.status().state).toBe('active'));
    second.start();
    await eventually(() => expect(second.status().state).toBe('standby'));
    await first.stop();
    await appendEvents(10);
    await eventually(() => expect(second.status().state).toBe('active'));
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(50));
    expect(new Set((await readModel(ds)).seen).size).toBe(50);
  });

  it('holds the locks of all its runners on one connection, leaving the pool to their work', async () => {
    // More runners than the pool has connections: one connection each for a lock would leave
    // none for a transaction, and no runner would ever apply a batch.
    const ds = dataSources[0];
    await ds.query('CREATE TABLE tally_by_runner (name text NOT NULL, event_id uuid NOT NULL)');
    const names = Array.from({ length: 8 }, (_, i) => `test.tally-${i}`);
    for (const name of names) {
      const projection: Projection = {
        name,
        apply: async (event, manager) => {
          await manager.query('INSERT INTO tally_by_runner (name, event_id) VALUES ($1, $2)', [name, event.id]);
        },
        reset: async (manager) => {
          await manager.query('DELETE FROM tally_by_runner WHERE name = $1', [name]);
        },
      };
      runner(projection, ds).start();
    }
    await appendEvents(30);
    await eventually(async () => {
      const rows: Array<{ name: string; n: number }> = await ds.query(
        'SELECT name, count(*)::int AS n FROM tally_by_runner GROUP BY name ORDER BY name',
      );
      expect(rows).toEqual(names.map((name) => ({ name, n: 30 })));
    }, 20_000);
    const [locks]: Array<{ sessions: number; held: number }> = await ds.query(
      `SELECT count(DISTINCT pid)::int AS sessions, count(*)::int AS held FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(locks).toEqual({ sessions: 1, held: 8 });
  });

  it('writes no checkpoint for batches it ignores until idle or stopped, and still applies what it must once', async () => {
    const ds = dataSources[0];
    const stored = async () =>
      (await ds.query(`SELECT position, events_applied FROM projections.checkpoints WHERE name = 'test.tally'`))[0];
    const counted = Object.assign(new TallyProjection(), { eventTypes: new Set(['Counted']) });
    const r = runner(counted, ds, { idleCheckpointMs: 60_000 });
    const wanted = await appendEvents(30);
    r.start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(30));
    const afterWanted = await stored();
    expect(afterWanted.position).not.toBeNull();

    // 100 events of another type, in batches of 25: consumed, but the stored checkpoint stays.
    for (let i = 0; i < 100; i++)
      await store.append(`other-${i % 5}`, [{ id: randomUUID(), type: 'Ignored', data: { i } }], 'any');
    const head = (await store.headPosition())!;
    await r.waitFor(head, 5_000);
    expect(r.status().checkpoint).toBe(head);
    expect(await stored()).toEqual(afterWanted);

    // Stopping stores it, so a restart does not read them again.
    await r.stop();
    expect(await stored()).toEqual({ position: head, events_applied: afterWanted.events_applied });

    // A wanted event after ignored ones moves the stored checkpoint with its read-model change.
    const more = await appendEvents(3);
    const again = runner(Object.assign(new TallyProjection(), { eventTypes: new Set(['Counted']) }), ds, {
      idleCheckpointMs: 50,
    });
    again.start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(33));
    expect(new Set((await readModel(ds)).seen)).toEqual(new Set([...wanted, ...more]));
    await store.append('other-0', [{ id: randomUUID(), type: 'Ignored', data: {} }], 'any');
    const last = (await store.headPosition())!;
    // Idle: written within idleCheckpointMs.
    await eventually(async () => expect((await stored()).position).toBe(last));
  });

  it('commits what moves a checkpoint without waiting for the disk, and nothing else', async () => {
    // The test server commits lazily throughout (for speed): this database waits for the disk, as
    // a real server does, for the connections opened from now on.
    const [{ name }] = await dataSources[0].query('SELECT current_database() AS name');
    await dataSources[0].query(`ALTER DATABASE "${name}" SET synchronous_commit = on`);
    const ds = await openDataSource();
    expect(await ds.query(`SELECT current_setting('synchronous_commit') AS s`)).toEqual([{ s: 'on' }]);
    // At each commit that changed a checkpoint, a deferred trigger notes the commit's setting.
    await ds.query('CREATE TABLE commit_settings (name text NOT NULL, synchronous_commit text NOT NULL)');
    await ds.query(`CREATE FUNCTION note_commit_setting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO commit_settings VALUES (NEW.name, current_setting('synchronous_commit'));
        RETURN NULL;
      END $$`);
    await ds.query(`CREATE CONSTRAINT TRIGGER note_commit_setting AFTER UPDATE ON projections.checkpoints
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION note_commit_setting()`);
    const settings = async () =>
      (await ds.query('SELECT DISTINCT name, synchronous_commit FROM commit_settings ORDER BY 1, 2')) as Array<{
        name: string;
        synchronous_commit: string;
      }>;

    // Batches it applies, then a checkpoint moved only by an event it ignores (the shared idle write):
    // the last position stored is the ignored event's.
    const counted = Object.assign(new TallyProjection(), { eventTypes: new Set(['Counted']) });
    const r = runner(counted, ds, { idleCheckpointMs: 10 });
    await appendEvents(30);
    r.start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(30));
    await store.append('other', [{ id: randomUUID(), type: 'Ignored', data: {} }], 'any');
    const head = (await store.headPosition())!;
    await eventually(async () =>
      expect(
        (await ds.query(`SELECT position FROM projections.checkpoints WHERE name = 'test.tally'`))[0].position,
      ).toBe(head),
    );
    expect(await settings()).toEqual([{ name: 'test.tally', synchronous_commit: 'off' }]);
    // Any other transaction of the same pool still waits for the disk.
    await ds.query(`UPDATE projections.checkpoints SET updated_at = now() WHERE name = 'test.tally'`);
    await ds.transaction((m) =>
      m.query(`UPDATE projections.checkpoints SET updated_at = now() WHERE name = 'test.tally'`),
    );
    expect(await settings()).toEqual([
      { name: 'test.tally', synchronous_commit: 'off' },
      { name: 'test.tally', synchronous_commit: 'on' },
    ]);
  });

  it('applies a batch given as one statement with its checkpoint in that statement, once, committed lazily', async () => {
    const [{ name }] = await dataSources[0].query('SELECT current_database() AS name');
    await dataSources[0].query(`ALTER DATABASE "${name}" SET synchronous_commit = on`);
    const ds = await openDataSource();
    await ds.query('CREATE TABLE commit_settings (synchronous_commit text NOT NULL, seen bigint NOT NULL)');
    await ds.query(`CREATE FUNCTION note_commit_setting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO commit_settings SELECT current_setting('synchronous_commit'), count(*) FROM tally_seen;
        RETURN NULL;
      END $$`);
    await ds.query(`CREATE CONSTRAINT TRIGGER note_commit_setting AFTER UPDATE ON projections.checkpoints
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION note_commit_setting()`);
    const before = await appendEvents(60);
    const projection = new SeenInOneStatement();
    runner(projection, ds).start();
    const after = await appendEvents(20);
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(80));
    expect(new Set((await readModel(ds)).seen)).toEqual(new Set([...before, ...after]));
    const head = (await store.headPosition())!;
    await eventually(async () =>
      expect(
        (await ds.query(`SELECT position FROM projections.checkpoints WHERE name = 'test.tally'`))[0].position,
      ).toBe(head),
    );
    // Each checkpoint's move committed with its batch's rows (the trigger, at commit, sees them) and without waiting for the disk.
    const commits: Array<{ synchronous_commit: string; seen: string }> = await ds.query(
      'SELECT * FROM commit_settings',
    );
    expect(commits.length).toBe(projection.statements);
    expect(new Set(commits.map((c) => c.synchronous_commit))).toEqual(new Set(['off']));
    expect(Number(commits.at(-1)!.seen)).toBe(80);
  });

  it.each([
    ['given as one statement', () => new SeenInOneStatement()],
    ['whose writes it was handed', () => new TallyInWrites()],
  ])('writes nothing of a batch %s when another instance moved the checkpoint', async (_, projection) => {
    const ds = dataSources[0];
    const first = await appendEvents(30);
    runner(projection(), ds).start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(30));
    // Another instance moved the checkpoint back to the tenth event (as a rebuild's switch moves it).
    const tenth = (await store.readAll({ maxCount: 10 })).checkpoint;
    await ds.query(`UPDATE projections.checkpoints SET position = $1 WHERE name = 'test.tally'`, [tenth]);
    const next = await appendEvents(5);
    // The runner's next batch is refused whole; it resumes from the stored checkpoint, so events 11
    // to 30 are applied again, and each of the five new ones exactly once (twice had the refused batch written).
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(30 + 20 + 5));
    const seen = (await readModel(ds)).seen;
    const times = (id: string) => seen.filter((s) => s === id).length;
    expect(next.map(times)).toEqual([1, 1, 1, 1, 1]);
    expect(first.slice(0, 10).map(times)).toEqual(Array(10).fill(1));
    expect(first.slice(10).map(times)).toEqual(Array(20).fill(2));
  });

  it("sends a batch's writes with its checkpoint's move: every event once, one statement after the batch's reads", async () => {
    const ds = dataSources[0];
    const projection = new TallyInWrites();
    const before = await appendEvents(60);
    // The runner's statements, counted from its own context (started inside the count).
    const { statements } = await roundTrips(async () => {
      runner(projection, ds).start();
      await eventually(async () => expect(projection.reads).toBeGreaterThanOrEqual(3));
    });
    const after = await appendEvents(20);
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(80));
    const { seen, totals } = await readModel(ds);
    expect(new Set(seen)).toEqual(new Set([...before, ...after]));
    expect(totals.map((t) => t.n)).toEqual([12, 12, 12, 12, 11, 11, 10]);
    const head = (await store.headPosition())!;
    const [{ position, events_applied }] = await ds.query(
      `SELECT position, events_applied FROM projections.checkpoints WHERE name = 'test.tally'`,
    );
    expect({ position, applied: Number(events_applied) }).toEqual({ position: head, applied: 80 });
    // The first 60 events in batches of 25: each its read, then one statement with its writes and
    // the checkpoint's move, its own transaction: no begin or commit, nothing written on its own.
    const ofTheBatches = statements.filter((s) =>
      /tally_|projections\.checkpoints SET|^COMMIT|^START TRANSACTION|^BEGIN/.test(s),
    );
    const shown = (s: string) =>
      /^SELECT count/.test(s)
        ? 'read'
        : /^WITH lazy_commit AS .*write_0 AS \(INSERT INTO tally_seen .*write_1 AS \(INSERT INTO tally_totals .*moved AS \(UPDATE projections\.checkpoints/.test(
              s,
            )
          ? 'writes and checkpoint'
          : s;
    expect(ofTheBatches.slice(0, 6).map(shown)).toEqual(Array(3).fill(['read', 'writes and checkpoint']).flat());
  });

  it('rebuilds from position zero to the same read model', async () => {
    const ds = dataSources[0];
    await appendEvents(90);
    const r = runner(new TallyProjection(), ds);
    r.start();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(90));
    const before = await readModel(ds);
    await ds.query(`UPDATE tally_totals SET n = 999`); // drift that a rebuild must repair
    await r.rebuild();
    await eventually(async () => expect((await readModel(ds)).seen).toHaveLength(90));
    const after = await readModel(ds);
    expect(after.totals).toEqual(before.totals);
    expect(new Set(after.seen)).toEqual(new Set(before.seen));
  });
});
