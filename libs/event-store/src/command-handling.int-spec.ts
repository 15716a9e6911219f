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
    expect(await handleCommand(store, s, counter, increment(2), { metadata: meta })).toMatchObject({ state: 2, version: 0 });
    expect(await handleCommand(store, s, counter, increment(3), { metadata: meta })).toMatchObject({ state: 5, version: 1 });
    const events = await store.readStream(s);
    expect(events.map((e) => e.metadata)).toEqual([meta, meta]);
  });

  it('appends nothing when the decision is empty', async () => {
    const s = `counter-${randomUUID()}`;
    expect(await handleCommand(store, s, counter, () => [], { metadata: meta })).toMatchObject({ events: [], version: -1 });
    expect(await store.streamRevision(s)).toBe(-1);
  });

  it('refuses a stale client version without retrying', async () => {
    const s = `counter-${randomUUID()}`;
    await handleCommand(store, s, counter, increment(1), { metadata: meta });
    await handleCommand(store, s, counter, increment(1), { metadata: meta });
    await expect(handleCommand(store, s, counter, increment(1), { metadata: meta, expectedVersion: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await loadState(store, s, counter)).state).toBe(2);
  });

  it('re-decides on the new state after a concurrent write when no version was stated', async () => {
    const s = `counter-${randomUUID()}`;
    await Promise.all(Array.from({ length: 8 }, () => handleCommand(store, s, counter, increment(1), { metadata: meta, retries: 20 })));
    expect(await loadState(store, s, counter)).toEqual({ state: 8, version: 7 });
  });
});
