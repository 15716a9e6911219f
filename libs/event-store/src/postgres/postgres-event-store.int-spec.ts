import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '@hubline/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

async function openStore(url: string): Promise<PostgresEventStore> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 40 });
  await store.migrate();
  return store;
}

let url: string;
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

  const event = (data: Record<string, string> = { note: 'original text' }) => ({ id: randomUUID(), type: 'NoteRecorded', data });

  /** Writes as someone who bypasses the append-only triggers (a superuser, or a restore gone wrong). */
  async function tamper(statement: string, params: unknown[]): Promise<void> {
    await sql.query('BEGIN');
    await sql.query('SET LOCAL session_replication_role = replica');
    await sql.query(statement, params);
    await sql.query('COMMIT');
  }

  it('does not skip an event whose transaction commits after a later-started one (the sequence-gap trap)', async () => {
    let after: string | null = null;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 10_000 });
      after = page.checkpoint;
      if (page.events.length < 10_000) break;
    }
    const slowStream = `slow-${randomUUID()}`;
    const fastStream = `fast-${randomUUID()}`;
    const slowId = randomUUID();
    const slow = new Client({ connectionString: url });
    await slow.connect();
    try {
      // The slow writer takes its place in the log first but has not committed yet.
      await slow.query('BEGIN');
      await slow.query(
        `SELECT * FROM event_store.append($1, -2, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[])`,
        [slowStream, [slowId], ['SlowWrite'], [1], ['{}'], ['{}']],
      );
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

  it('refuses UPDATE, DELETE and TRUNCATE of stored events', async () => {
    const s = `integrity-${randomUUID()}`;
    await store.append(s, [event()], 'no_stream');
    await expect(sql.query(`UPDATE event_store.events SET data = '{"note":"changed"}' WHERE stream_id = $1`, [s])).rejects.toMatchObject({ code: 'HL001' });
    await expect(sql.query('DELETE FROM event_store.events WHERE stream_id = $1', [s])).rejects.toMatchObject({ code: 'HL001' });
    await expect(sql.query('TRUNCATE event_store.events')).rejects.toMatchObject({ code: 'HL001' });
    expect((await store.readStream(s))[0].data).toEqual({ note: 'original text' });
  });

  it('verify reports a byte altered directly in the table', async () => {
    const s = `tampered-${randomUUID()}`;
    await store.append(s, [event(), event({ note: 'the victim said X' }), event()], 'no_stream');
    expect((await store.verify({ streamId: s })).ok).toBe(true);
    await tamper(`UPDATE event_store.events SET data = '{"note":"the victim said Y"}' WHERE stream_id = $1 AND revision = 1`, [s]);
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
    expect((await store.verify({ streamId: middle })).firstBroken).toMatchObject({ revision: 1, reason: 'revision_gap' });

    const last = `deleted-last-${randomUUID()}`;
    await store.append(last, [event(), event()], 'no_stream');
    await tamper('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 1', [last]);
    expect((await store.verify({ streamId: last })).firstBroken).toMatchObject({ reason: 'missing_events' });

    const all = `deleted-all-${randomUUID()}`;
    await store.append(all, [event()], 'no_stream');
    await tamper('DELETE FROM event_store.events WHERE stream_id = $1', [all]);
    expect((await store.verify({ streamId: all })).firstBroken).toMatchObject({ streamId: all, reason: 'missing_events' });
  });

  it('the database computes the same chain as the verifier for every kind of JSON text', async () => {
    const s = `canonical-${randomUUID()}`;
    await store.append(
      s,
      [{ id: randomUUID(), type: 'Odd', data: { z: 1.5, a: [true, null, 'tab\there'], 'key with "quotes"': 'emoji 🚓', n: -0.000001, big: 12345678901234 } }],
      'no_stream',
    );
    expect(await store.verify({ streamId: s })).toMatchObject({ ok: true, eventsChecked: 1 });
  });
});
