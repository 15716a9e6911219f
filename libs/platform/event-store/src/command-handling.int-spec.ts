import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@hubline/testing';
import { WrongExpectedRevisionError } from './errors';
import { handleCommand, loadState, type DomainEvent, type Fold } from './command-handling';
import { PostgresEventStore } from './postgres/postgres-event-store';

type CounterEvent = DomainEvent & { type: 'Incremented'; data: { by: number } };
const counter: Fold<number, CounterEvent> = { initialState: 0, evolve: (n, e) => n + e.data.by };
const increment = (by: number) => (): CounterEvent[] => [{ type: 'Incremented', data: { by } }];
const meta = { userId: 'u-1', agencyId: 'a-1', correlationId: 'c-1' };

describe('handleCommand', () => {
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('cmd'), poolSize: 20 });
    await store.migrate();
  });
  afterAll(() => store.close());

  it('creates the stream, then appends at the version it read, with metadata', async () => {
    const s = `counter-${randomUUID()}`;
    expect(await handleCommand(store, s, counter, increment(2), { metadata: meta })).toMatchObject({
      state: 2,
      version: 0,
    });
    expect(await handleCommand(store, s, counter, increment(3), { metadata: meta })).toMatchObject({
      state: 5,
      version: 1,
    });
    const events = await store.readStream(s);
    expect(events.map((e) => e.metadata)).toEqual([meta, meta]);
  });

  it('appends nothing when the decision is empty', async () => {
    const s = `counter-${randomUUID()}`;
    expect(await handleCommand(store, s, counter, () => [], { metadata: meta })).toMatchObject({
      events: [],
      version: -1,
    });
    expect(await store.streamRevision(s)).toBe(-1);
  });

  it('refuses a stale client version without retrying', async () => {
    const s = `counter-${randomUUID()}`;
    await handleCommand(store, s, counter, increment(1), { metadata: meta });
    await handleCommand(store, s, counter, increment(1), { metadata: meta });
    await expect(
      handleCommand(store, s, counter, increment(1), { metadata: meta, expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await loadState(store, s, counter)).state).toBe(2);
  });

  it('re-decides on the new state after a concurrent write when no version was stated', async () => {
    const s = `counter-${randomUUID()}`;
    await Promise.all(
      Array.from({ length: 8 }, () => handleCommand(store, s, counter, increment(1), { metadata: meta, retries: 20 })),
    );
    expect(await loadState(store, s, counter)).toEqual({ state: 8, version: 7 });
  });

  it('runs an async decision again, from a new read, when a write lands while it prepares', async () => {
    const s = `counter-${randomUUID()}`;
    await handleCommand(store, s, counter, increment(1), { metadata: meta });
    const seen: number[] = [];
    const outcome = await handleCommand(
      store,
      s,
      counter,
      async (state) => {
        seen.push(state);
        if (seen.length === 1) await handleCommand(store, s, counter, increment(10), { metadata: meta });
        return [{ type: 'Incremented', data: { by: state } }];
      },
      { metadata: meta },
    );
    expect(seen).toEqual([1, 11]);
    expect(outcome).toMatchObject({ state: 22, version: 2 });
  });

  it('refuses a stream the caller may not see before judging the version it named', async () => {
    const s = `counter-${randomUUID()}`;
    await handleCommand(store, s, counter, increment(5), { metadata: meta });
    const hidden = (state: number) => {
      if (state > 3) throw new Error('not found');
    };
    await expect(
      handleCommand(store, s, counter, increment(1), { metadata: meta, expectedVersion: 7, visible: hidden }),
    ).rejects.toThrow('not found');
    await expect(
      handleCommand(store, s, counter, increment(1), { metadata: meta, expectedVersion: 7 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
