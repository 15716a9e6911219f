import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@hubline/event-store';
import { createTestDatabase } from '@hubline/testing';
import { PROJECTIONS_MIGRATIONS } from './index';
import type { Projection } from './projection-runner';
import { ReadModelRebuild } from './rebuild';

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

describe('ReadModelRebuild commits', () => {
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
});
