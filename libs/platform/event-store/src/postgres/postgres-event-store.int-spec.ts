import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { RecordedEvent } from '../event-store.port';
import { createTestDatabase, eventually } from '@hubline/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { int4Array, int8Array, jsonArray, textArray, uuidArray } from './binary-arrays';
import { PostgresEventStore } from './postgres-event-store';

async function openStore(url: string): Promise<PostgresEventStore> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 40 });
  await store.migrate();
  return store;
}

let url: string;

/** The position after every event in the log now: reading after it reads only what comes next. */
async function positionAfterAll(store: PostgresEventStore): Promise<string | null> {
  let after: string | null = null;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    after = page.checkpoint;
    if (page.events.length < 10_000) return after;
  }
}

/** An append in a transaction left open on a connection of its own: its place in the log is taken, not committed. */
async function beginSlowAppend(streamId: string, eventId: string): Promise<Client> {
  const slow = new Client({ connectionString: url });
  await slow.connect();
  await slow.query('BEGIN');
  await slow.query(
    `SELECT * FROM event_store.append($1, -2, $2::uuid[], $3::text[], $4::int[], $5::json[], $6::json[])`,
    [streamId, [eventId], ['SlowWrite'], [1], ['{}'], ['{}']],
  );
  return slow;
}

beforeAll(async () => {
  url = await createTestDatabase('es');
});

eventStoreContract('PostgreSQL', () => openStore(url));

describe('PostgreSQL event store: integrity in the database itself', () => {
  let store: PostgresEventStore;
  let sql: Client;
  beforeAll(async () => {
    store = await openStore(url);
    sql = new Client({ connectionString: url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await store.close();
  });

  const event = (data: Record<string, string> = { note: 'original text' }) => ({
    id: randomUUID(),
    type: 'NoteRecorded',
    data,
  });

  /** Writes as someone who bypasses the append-only triggers (a superuser, or a restore gone wrong). */
  async function tamper(statement: string, params: unknown[]): Promise<void> {
    await sql.query('BEGIN');
    await sql.query('SET LOCAL session_replication_role = replica');
    await sql.query(statement, params);
    await sql.query('COMMIT');
  }

  it('does not skip an event whose transaction commits after a later-started one (the sequence-gap trap)', async () => {
    const after = await positionAfterAll(store);
    const slowStream = `slow-${randomUUID()}`;
    const fastStream = `fast-${randomUUID()}`;
    const slowId = randomUUID();
    // The slow writer takes its place in the log first but has not committed yet.
    const slow = await beginSlowAppend(slowStream, slowId);
    try {
      const fast = event();
      await store.append(fastStream, [fast], 'no_stream');
      const first = await store.readAll({ after, maxCount: 10_000 });
      await slow.query('COMMIT');
      const second = await store.readAll({ after: first.checkpoint, maxCount: 10_000 });
      const delivered = [...first.events, ...second.events].map((e) => e.id);
      expect(delivered.filter((id) => id === slowId)).toHaveLength(1);
      expect(delivered.filter((id) => id === fast.id)).toHaveLength(1);
    } finally {
      await slow.end();
    }
  });

  it('appends sent together give each caller its own answer: success, conflict, replay, reused id', async () => {
    const run = randomUUID().slice(0, 8);
    const existing = `batch-${run}-existing`;
    const replayed = [event()];
    await store.append(existing, [event()], 'no_stream');
    await store.append(`batch-${run}-replayed`, replayed, 'no_stream');
    const taken = event();
    await store.append(`batch-${run}-taken`, [taken], 'no_stream');

    // Fired without awaiting, so the store groups them into shared round trips.
    const fresh = Array.from({ length: 60 }, (_, i) =>
      store.append(`batch-${run}-fresh-${i}`, [event(), event()], 'no_stream'),
    );
    const conflict = store.append(existing, [event()], 'no_stream').catch((e) => e);
    const replay = store.append(`batch-${run}-replayed`, replayed, 'no_stream');
    const reused = store.append(`batch-${run}-reuser`, [{ ...event(), id: taken.id }], 'no_stream').catch((e) => e);
    const more = Array.from({ length: 20 }, (_, i) => store.append(`batch-${run}-more-${i}`, [event()], 'no_stream'));

    expect((await Promise.all(fresh)).every((r) => r.nextExpectedRevision === 1 && !r.idempotentReplay)).toBe(true);
    expect(await conflict).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', actual: 0 });
    expect(await replay).toMatchObject({ nextExpectedRevision: 0, idempotentReplay: true });
    expect(await reused).toMatchObject({ code: 'EVENT_STORE.DUPLICATE_EVENT_ID' });
    expect((await Promise.all(more)).every((r) => r.nextExpectedRevision === 0)).toBe(true);
    expect(await store.streamRevision(`batch-${run}-reuser`)).toBe(-1);
    expect(await store.readStream(`batch-${run}-replayed`)).toHaveLength(1);
    for (let i = 0; i < 60; i++) expect((await store.verify({ streamId: `batch-${run}-fresh-${i}` })).ok).toBe(true);
  });

  it('a batch writes nothing when one of its new streams is created meanwhile by another transaction', async () => {
    const run = randomUUID().slice(0, 8);
    const [raced, other] = [`race-${run}-a`, `race-${run}-b`];
    const existing = `race-${run}-c`;
    await store.append(existing, [event()], 'no_stream');
    const rival = new Client({ connectionString: url });
    await rival.connect();
    const batch = new Client({ connectionString: url });
    await batch.connect();
    const watcher = new Client({ connectionString: url });
    await watcher.connect();
    try {
      const pidOf = async (client: Client): Promise<number> =>
        (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const [rivalPid, batchPid] = [await pidOf(rival), await pidOf(batch)];
      // The rival creates the stream but has not committed: the batch does not see it yet.
      await rival.query('BEGIN');
      await rival.query(
        `SELECT * FROM event_store.append($1, -1, $2::uuid[], $3::text[], $4::int[], $5::json[], $6::json[])`,
        [raced, [randomUUID()], ['Rival'], [1], ['{}'], ['{}']],
      );
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const pending = batch
        .query(
          `SELECT * FROM event_store.append_batch($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::json[], $8::json[])`,
          [
            [raced, other, existing],
            [-1, -1, 0],
            [1, 1, 1],
            ids,
            ['Mine', 'Mine', 'Mine'],
            [1, 1, 1],
            ['{}', '{}', '{}'],
            ['{}', '{}', '{}'],
          ],
        )
        .catch((e) => e);
      // The rival commits only once the batch is waiting on the rival's uncommitted stream.
      await eventually(async () => {
        const { rows } = await watcher.query<{ blocked: boolean }>(
          'SELECT $2::int = ANY(pg_blocking_pids($1)) AS blocked',
          [batchPid, rivalPid],
        );
        if (!rows[0].blocked) throw new Error('The batch is not waiting on the rival yet.');
      });
      await rival.query('COMMIT');
      expect(await pending).toMatchObject({ code: 'HL002' });
    } finally {
      await rival.end();
      await batch.end();
      await watcher.end();
    }
    expect((await store.readStream(raced)).map((e) => e.type)).toEqual(['Rival']);
    expect(await store.streamRevision(other)).toBe(-1);
    expect(await store.streamRevision(existing)).toBe(0);
    expect((await store.verify({ streamId: existing })).ok).toBe(true);
  });

  it('two stores racing on the same streams in batches lose no update and keep every chain whole', async () => {
    const run = randomUUID().slice(0, 8);
    const other = await openStore(url);
    try {
      const streams = Array.from({ length: 12 }, (_, i) => `duel-${run}-${i}`);
      let written = 0;
      await Promise.all(
        [store, other].flatMap((s) =>
          Array.from({ length: 8 }, async (_, w) => {
            for (let round = 0; round < 6; round++) {
              const target = streams[(w * 5 + round * 7) % streams.length];
              const revision = await s.streamRevision(target);
              try {
                await s.append(target, [event(), event()], revision < 0 ? 'no_stream' : revision);
                written += 2;
              } catch (error) {
                if ((error as { code?: string }).code !== 'EVENT_STORE.WRONG_EXPECTED_REVISION') throw error;
              }
            }
          }),
        ),
      );
      let stored = 0;
      for (const id of streams) {
        const events = await store.readStream(id);
        stored += events.length;
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
        if (events.length) expect(await store.streamRevision(id)).toBe(events.length - 1);
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      }
      expect(stored).toBe(written);
      expect(written).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('binary array parameters arrive exactly as sent', async () => {
    const texts = ['plain', '', 'quote " backslash \\ brace {} comma ,', 'NULL', 'emoji 🚓 and é'];
    const json = ['{}', '{"a":[1,2.5,null,true],"s":"tab\\t 🚓"}', '[]', '"x"'];
    const id = randomUUID();
    const { rows } = await sql.query(
      'SELECT $1::text[] AS t, $2::json[]::text[] AS j, $3::int[] AS i, $4::bigint[]::text[] AS l, $5::uuid[]::text[] AS u',
      [
        textArray(texts),
        jsonArray(json),
        int4Array([0, -7, 32767]),
        int8Array([-1, 9007199254740991]),
        uuidArray([id]),
      ],
    );
    expect(rows[0]).toEqual({ t: texts, j: json, i: [0, -7, 32767], l: ['-1', '9007199254740991'], u: [id] });
    await expect(sql.query('SELECT $1::json[]', [jsonArray(['{"unterminated":'])])).rejects.toThrow(/json/i);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of stored events', async () => {
    const s = `integrity-${randomUUID()}`;
    await store.append(s, [event()], 'no_stream');
    await expect(
      sql.query(`UPDATE event_store.events SET data = '{"note":"changed"}' WHERE stream_id = $1`, [s]),
    ).rejects.toMatchObject({ code: 'HL001' });
    await expect(sql.query('DELETE FROM event_store.events WHERE stream_id = $1', [s])).rejects.toMatchObject({
      code: 'HL001',
    });
    await expect(sql.query('TRUNCATE event_store.events')).rejects.toMatchObject({ code: 'HL001' });
    expect((await store.readStream(s))[0].data).toEqual({ note: 'original text' });
  });

  it("gives each event's time and hash as the stored values, whatever the session's time zone", async () => {
    const s = `times-${randomUUID()}`;
    await store.append(s, [event(), event(), event(), event(), event()], 'no_stream');
    // Times the append would not write: microseconds to truncate, an offset, a leap day, a year's end.
    const times = [
      '2026-12-05 23:59:59.999999+00',
      '2026-06-30 00:30:00.0005+01',
      '2028-02-29 12:00:00+00',
      '1999-12-31 23:59:59.9995-05',
      '2026-12-06 00:00:00.001+00',
    ];
    for (const [revision, time] of times.entries())
      await tamper('UPDATE event_store.events SET recorded_at = $2 WHERE stream_id = $1 AND revision = $3', [
        s,
        time,
        revision,
      ]);
    const [{ name }] = (await sql.query<{ name: string }>('SELECT current_database() AS name')).rows;
    await sql.query(`ALTER DATABASE "${name}" SET timezone = 'Asia/Kolkata'`);
    const elsewhere = await openStore(url);
    try {
      // As parsed into a Date by the driver and written back as ISO text.
      const stored = (
        await sql.query<{ event_id: string; recorded_at: Date; hash: Buffer }>(
          'SELECT event_id, recorded_at, hash FROM event_store.events WHERE stream_id = $1 ORDER BY revision',
          [s],
        )
      ).rows.map((r) => ({ id: r.event_id, recordedAt: r.recorded_at.toISOString(), hash: r.hash.toString('hex') }));
      expect(stored.map((r) => r.recordedAt)).toEqual([
        '2026-12-05T23:59:59.999Z',
        '2026-06-29T23:30:00.000Z',
        '2028-02-29T12:00:00.000Z',
        '2000-01-01T04:59:59.999Z',
        '2026-12-06T00:00:00.001Z',
      ]);
      const fields = (events: RecordedEvent[]) =>
        events.filter((e) => e.streamId === s).map((e) => ({ id: e.id, recordedAt: e.recordedAt, hash: e.hash }));
      expect(fields(await elsewhere.readStream(s))).toEqual(stored);
      expect(fields(await store.readStream(s))).toEqual(stored);
      const all: RecordedEvent[] = [];
      for (let after: string | null = null; ;) {
        const page = await elsewhere.readAll({ after, maxCount: 10_000 });
        all.push(...page.events);
        if (page.events.length < 10_000) break;
        after = page.checkpoint;
      }
      expect(fields(all)).toEqual(stored);
    } finally {
      await sql.query(`ALTER DATABASE "${name}" RESET timezone`);
      await elsewhere.close();
    }
  });

  it('verify reports a byte altered directly in the table', async () => {
    const s = `tampered-${randomUUID()}`;
    await store.append(s, [event(), event({ note: 'the victim said X' }), event()], 'no_stream');
    expect((await store.verify({ streamId: s })).ok).toBe(true);
    await tamper(
      `UPDATE event_store.events SET data = '{"note":"the victim said Y"}' WHERE stream_id = $1 AND revision = 1`,
      [s],
    );
    const report = await store.verify({ streamId: s });
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ streamId: s, revision: 1, reason: 'hash_mismatch' });
    const whole = await store.verify();
    expect(whole.ok).toBe(false);
    expect(whole.firstBroken?.streamId).toBeDefined();
  });

  it('verify reports a deleted event as a gap, and a deleted last event as a head mismatch', async () => {
    const middle = `deleted-middle-${randomUUID()}`;
    await store.append(middle, [event(), event(), event()], 'no_stream');
    await tamper('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 1', [middle]);
    expect((await store.verify({ streamId: middle })).firstBroken).toMatchObject({
      revision: 1,
      reason: 'revision_gap',
    });

    const last = `deleted-last-${randomUUID()}`;
    await store.append(last, [event(), event()], 'no_stream');
    await tamper('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 1', [last]);
    expect((await store.verify({ streamId: last })).firstBroken).toMatchObject({ reason: 'missing_events' });

    const all = `deleted-all-${randomUUID()}`;
    await store.append(all, [event()], 'no_stream');
    await tamper('DELETE FROM event_store.events WHERE stream_id = $1', [all]);
    expect((await store.verify({ streamId: all })).firstBroken).toMatchObject({
      streamId: all,
      reason: 'missing_events',
    });
  });

  it('the database computes the same chain as the verifier for every kind of JSON text', async () => {
    const s = `canonical-${randomUUID()}`;
    await store.append(
      s,
      [
        {
          id: randomUUID(),
          type: 'Odd',
          data: {
            z: 1.5,
            a: [true, null, 'tab\there'],
            'key with "quotes"': 'emoji 🚓',
            n: -0.000001,
            big: 12345678901234,
          },
        },
      ],
      'no_stream',
    );
    expect(await store.verify({ streamId: s })).toMatchObject({ ok: true, eventsChecked: 1 });
  });
});

describe('PostgreSQL event store: planning', () => {
  it('plans its statements once, generically, the log read of a subscription too', async () => {
    // One connection, so the plans counted are those of every statement it sent.
    const store = new PostgresEventStore({ connectionString: url, poolSize: 1 });
    try {
      await store.migrate();
      await store.append(`planned-${randomUUID()}`, [{ id: randomUUID(), type: 'Planned', data: {} }], 'any');
      const after = await positionAfterAll(store);
      for (let i = 0; i < 8; i++) await store.readAll({ after, maxCount: 100 });
      const controller = new AbortController();
      const reads = store.subscribeToAll({ after, signal: controller.signal })[Symbol.asyncIterator]();
      const next = reads.next();
      for (let i = 0; i < 3; i++)
        await store.append(`planned-${randomUUID()}`, [{ id: randomUUID(), type: 'Planned', data: {} }], 'any');
      await next;
      controller.abort();
      await reads.return?.(undefined);
      const { rows } = await store.sqlPool.query<{ name: string; generic_plans: string; custom_plans: string }>(
        `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
          WHERE name IN ('event_store_read_all', 'event_store_read_all_and_pending') ORDER BY name`,
      );
      expect(
        rows.map((r) => ({ name: r.name, custom: Number(r.custom_plans), generic: Number(r.generic_plans) > 0 })),
      ).toEqual([
        { name: 'event_store_read_all', custom: 0, generic: true },
        { name: 'event_store_read_all_and_pending', custom: 0, generic: true },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('PostgreSQL event store: how a subscription is woken', () => {
  const note = () => ({ id: randomUUID(), type: 'NoteRecorded', data: { note: 'x' } });

  /** Reads of the log by a store's subscriptions, counted from its pool. */
  function countLogReads(store: PostgresEventStore): { count: () => number; restore: () => void } {
    const pool = store.sqlPool;
    const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    let reads = 0;
    const spy = jest.spyOn(pool, 'query').mockImplementation(((...args: unknown[]) => {
      const config = args[0] as { name?: string } | undefined;
      if (typeof config === 'object' && config?.name?.startsWith('event_store_read_all')) reads += 1;
      return original(...args);
    }) as never);
    return { count: () => reads, restore: () => spy.mockRestore() };
  }

  /** A subscription from the log's head that keeps the events of streams starting with `prefix`. */
  async function follow(store: PostgresEventStore, prefix: string) {
    const after = await positionAfterAll(store);
    const controller = new AbortController();
    const received: RecordedEvent[] = [];
    const done = (async () => {
      for await (const batch of store.subscribeToAll({ after, signal: controller.signal }))
        received.push(...batch.filter((e) => e.streamId.startsWith(prefix)));
    })();
    return { received, stop: () => (controller.abort(), done) };
  }

  it("wakes on another store's append at once, and reads once for its own (not again on its own notification)", async () => {
    const mine = await openStore(url);
    const other = await openStore(url);
    const prefix = `wake-${randomUUID()}`;
    const sub = await follow(mine, prefix);
    try {
      // Another process's append reaches this subscription through NOTIFY, well before the idle poll (1 s).
      const started = Date.now();
      await other.append(`${prefix}-a`, [note()], 'no_stream');
      await eventually(() => expect(sub.received).toHaveLength(1), 900, 5);
      expect(Date.now() - started).toBeLessThan(900);

      // Its own append: woken at the commit, and its NOTIFY's echo is not another read.
      await new Promise((r) => setTimeout(r, 50));
      const reads = countLogReads(mine);
      try {
        await mine.append(`${prefix}-b`, [note()], 'no_stream');
        await eventually(() => expect(sub.received).toHaveLength(2), 900, 5);
        await new Promise((r) => setTimeout(r, 300));
        expect(reads.count()).toBe(1);
      } finally {
        reads.restore();
      }
    } finally {
      await sub.stop();
      await mine.close();
      await other.close();
    }
  });

  it('sends one NOTIFY for a batch of appends committed together', async () => {
    const store = await openStore(url);
    const listener = new Client({ connectionString: url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('LISTEN hubline_events');
    try {
      const prefix = `notify-${randomUUID()}`;
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => store.append(`${prefix}-${i}`, [note()], 'no_stream')),
      );
      // Sent together, they were one transaction (the position's first part).
      expect(new Set(results.map((r) => r.position.split('/')[0])).size).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toHaveLength(1);
    } finally {
      await listener.end();
      await store.close();
    }
  });

  it('holds back a committed event behind a running transaction, then hands both over in log order', async () => {
    const store = await openStore(url);
    const prefix = `held-${randomUUID()}`;
    const sub = await follow(store, prefix);
    const slow = await beginSlowAppend(`${prefix}-slow`, randomUUID());
    try {
      await store.append(`${prefix}-fast`, [note()], 'no_stream');
      // Committed, but behind a transaction that may still commit before it in the log.
      await new Promise((r) => setTimeout(r, 200));
      expect(sub.received).toHaveLength(0);
      // Committed without any NOTIFY: the subscription finds it by polling while events are held back.
      await slow.query('COMMIT');
      await eventually(
        () => expect(sub.received.map((e) => e.streamId)).toEqual([`${prefix}-slow`, `${prefix}-fast`]),
        900,
        5,
      );
    } finally {
      await slow.end();
      await sub.stop();
      await store.close();
    }
  });
});
