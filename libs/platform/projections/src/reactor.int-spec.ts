import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresEventStore, stableId, type RecordedEvent } from '@hubline/event-store';
import { PROJECTIONS_MIGRATIONS } from './index';
import { ProjectionRunner } from './projection-runner';
import { ReactorProjection, type Reaction, type Reactor } from './reactor';
import { openLogDatabase } from '../../../../test/support/log-database';

/**
 * For each `Said`: an `Echoed` opening a stream of its own, and, for a duty, a `DutyOwed` then (when
 * withdrawn) a `DutyWithdrawn` added to the person's stream of duties, which others write too.
 * Counts what it reacted to in its own table, moved with its checkpoint.
 */
class EchoReactor implements Reactor {
  readonly name = 'test.echo';
  readonly eventTypes = new Set(['Said']);

  async react(event: RecordedEvent, m: EntityManager): Promise<Reaction[]> {
    await m.query('UPDATE echo_state SET reacted = reacted + 1');
    const data = event.data as { who: string; duty?: boolean; withdraw?: boolean };
    const reactions: Reaction[] = [
      { stream: `echo-${event.id}`, id: stableId(event.id, 'echo'), type: 'Echoed', data: { of: event.id } },
    ];
    if (data.duty)
      reactions.push({
        stream: `duties-${data.who}`,
        id: stableId(event.id, 'owed'),
        type: 'DutyOwed',
        data: { of: event.id },
        expected: 'any',
      });
    if (data.withdraw)
      reactions.push({
        stream: `duties-${data.who}`,
        id: stableId(event.id, 'withdrawn'),
        type: 'DutyWithdrawn',
        data: { of: event.id },
        expected: 'any',
      });
    return reactions;
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('UPDATE echo_state SET reacted = 0');
  }
}

describe('a reactor applying a batch', () => {
  let store: PostgresEventStore;
  let db: DataSource;
  const said: RecordedEvent[] = [];
  const people = ['ann', 'bo', 'cy'];
  let appendsAtOnce = 0;

  beforeAll(async () => {
    ({ store, db } = await openLogDatabase('reactor_batches', {
      migrations: PROJECTIONS_MIGRATIONS,
      poolSize: 5,
      storePoolSize: 10,
    }));
    await db.query('CREATE TABLE echo_state (reacted int NOT NULL)');
    await db.query('INSERT INTO echo_state VALUES (0)');
    for (let i = 0; i < 60; i++)
      await store.append(
        `said-${i % 5}`,
        [{ id: randomUUID(), type: 'Said', data: { who: people[i % 3], duty: i % 4 === 0, withdraw: i % 8 === 0 } }],
        'any',
      );
    for (let after: string | null = null; ;) {
      const page = await store.readAll({ after, maxCount: 100 });
      if (page.events.length === 0) break;
      said.push(...page.events.filter((e) => e.type === 'Said'));
      after = page.checkpoint;
    }
    // Counts the reactor's appends in flight at once.
    const append = store.append.bind(store);
    let inFlight = 0;
    store.append = async (...args) => {
      inFlight += 1;
      appendsAtOnce = Math.max(appendsAtOnce, inFlight);
      try {
        return await append(...args);
      } finally {
        inFlight -= 1;
      }
    };
  });
  afterAll(async () => {
    await db?.destroy();
    await store?.close();
  });

  /** Every stream the reactor writes, as its event types in order. */
  async function reactions(): Promise<Record<string, string[]>> {
    const streams: Record<string, string[]> = {};
    for (const event of said) {
      const echo = await store.readStream(`echo-${event.id}`);
      streams[`echo-${event.id}`] = echo.map((e) => e.type);
    }
    for (const who of people)
      streams[`duties-${who}`] = (await store.readStream(`duties-${who}`)).map(
        (e) => `${e.type} ${(e.data as { of: string }).of}`,
      );
    return streams;
  }

  const expected = () => {
    const streams: Record<string, string[]> = {};
    for (const event of said) streams[`echo-${event.id}`] = ['Echoed'];
    for (const who of people) streams[`duties-${who}`] = [];
    for (const event of said) {
      const data = event.data as { who: string; duty?: boolean; withdraw?: boolean };
      if (data.duty) streams[`duties-${data.who}`].push(`DutyOwed ${event.id}`);
      if (data.withdraw) streams[`duties-${data.who}`].push(`DutyWithdrawn ${event.id}`);
    }
    return streams;
  };

  it('appends the reactions of a batch at once, each stream in order, and again after a crash adds nothing', async () => {
    const projection = new ReactorProjection(new EchoReactor(), store);
    // A first run that dies before its transaction commits, after appending its reactions.
    await db
      .transaction(async (m) => {
        await projection.applyBatch(said.slice(0, 30), m);
        throw new Error('crash before the checkpoint');
      })
      .catch((error: Error) => {
        if (error.message !== 'crash before the checkpoint') throw error;
      });
    expect((await db.query('SELECT reacted FROM echo_state'))[0].reacted).toBe(0);

    // The runner takes the log from the start, in batches of 25.
    const runner = new ProjectionRunner(projection, store, db, {
      batchSize: 25,
      standbyRetryMs: 50,
      maxBackoffMs: 200,
    });
    runner.start();
    try {
      await runner.waitFor((await store.headPosition())!, 20_000);
    } finally {
      await runner.stop();
    }
    expect((await db.query('SELECT reacted FROM echo_state'))[0].reacted).toBe(60);
    expect(await reactions()).toEqual(expected());
    // Sent together, not one after the other as event by event.
    expect(appendsAtOnce).toBeGreaterThan(10);
  });
});
