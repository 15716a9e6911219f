import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@hubline/testing';
import { WrongExpectedRevisionError } from './errors';
import { handleCommand, loadState, type CommandOutcome, type DomainEvent, type Fold } from './command-handling';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { newId, runKeyedRequest, type KeyedRequest } from './request-ids';

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

  it('lets sixteen writers that state no version all through at once, with the default retries', async () => {
    const s = `counter-${randomUUID()}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, () => handleCommand(store, s, counter, increment(1), { metadata: meta })),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await loadState(store, s, counter)).toEqual({ state: 16, version: 15 });
  });

  it('decides again after a concurrent write when the command only needs the stream to exist', async () => {
    // `stream_exists` is the handler's own condition (a partnership, a case), not a version the client stated.
    const s = `counter-${randomUUID()}`;
    await handleCommand(store, s, counter, increment(1), { metadata: meta });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, () =>
        handleCommand(store, s, counter, increment(1), { metadata: meta, expectedVersion: 'stream_exists' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await loadState(store, s, counter)).toEqual({ state: 17, version: 16 });
    await expect(
      handleCommand(store, `counter-${randomUUID()}`, counter, increment(1), {
        metadata: meta,
        expectedVersion: 'stream_exists',
      }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
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

  describe('in a keyed request', () => {
    const aRequest = (): KeyedRequest => ({
      scope: 'user:u-1',
      key: randomUUID(),
      fingerprint: 'f-1',
      seed: randomUUID(),
    });
    /** A command that creates a record: a new id, then an append to the record's new stream. */
    /** What an answer is built from: the version, position and state, and each event's type and data. */
    const answerOf = (o: CommandOutcome<number, CounterEvent>) => ({
      version: o.version,
      position: o.position,
      state: o.state,
      events: o.events.map(({ type, data }) => ({ type, data })),
    });
    const create = (by: number) => async () => {
      const s = `counter-${newId()}`;
      const outcome = await handleCommand(store, s, counter, increment(by), { metadata: meta });
      return { s, outcome: answerOf(outcome) };
    };

    it("gives a re-run of the request the same ids, its first run's outcome, and appends nothing", async () => {
      const request = aRequest();
      const first = await runKeyedRequest(request, create(2));
      const rerun = await runKeyedRequest(request, create(2));
      expect(rerun).toEqual(first);
      expect(await store.readStream(first.s)).toHaveLength(1);
      const other = await runKeyedRequest(aRequest(), create(2));
      expect(other.s).not.toEqual(first.s);
    });

    it("does not decide again on a re-run: the first run's facts stand, whatever a new decision would be", async () => {
      const request = aRequest();
      const first = await runKeyedRequest(request, create(2));
      const decisions: number[] = [];
      const rerun = await runKeyedRequest(request, async () => {
        const s = `counter-${newId()}`;
        return handleCommand(
          store,
          s,
          counter,
          (state) => {
            decisions.push(state);
            return [{ type: 'Incremented', data: { by: 99 } }];
          },
          { metadata: meta },
        );
      });
      expect(decisions).toEqual([]);
      expect(rerun).toMatchObject({ events: [{ type: 'Incremented', data: { by: 2 } }], state: 2, version: 0 });
      expect((await store.readStream(first.s)).map((e) => e.data)).toEqual([{ by: 2 }]);
    });

    it('answers a re-run with the version it had, and accepts the If-Match it was sent with, though others wrote since', async () => {
      const s = `counter-${randomUUID()}`;
      await handleCommand(store, s, counter, increment(1), { metadata: meta });
      const request = aRequest();
      const change = async () =>
        answerOf(await handleCommand(store, s, counter, increment(5), { metadata: meta, expectedVersion: 0 }));
      const first = await runKeyedRequest(request, change);
      await handleCommand(store, s, counter, increment(100), { metadata: meta });
      const rerun = await runKeyedRequest(request, change);
      expect(rerun).toEqual(first);
      expect(first).toMatchObject({ state: 6, version: 1 });
      expect(await store.streamRevision(s)).toBe(2);
    });

    it("finishes on a re-run what its first run left undone, with the ids of each stream's own appends", async () => {
      const request = aRequest();
      const [a, b] = [`counter-${randomUUID()}`, `counter-${randomUUID()}`];
      await runKeyedRequest(request, () => handleCommand(store, a, counter, increment(1), { metadata: meta }));
      const rerun = await runKeyedRequest(request, async () => {
        // The other stream first this time: its ids do not depend on the order of the work.
        const second = await handleCommand(store, b, counter, increment(2), { metadata: meta });
        const firstAgain = await handleCommand(store, a, counter, increment(1), { metadata: meta });
        return [firstAgain, second];
      });
      expect(rerun.map((o) => o.version)).toEqual([0, 0]);
      expect(await store.readStream(a)).toHaveLength(1);
      expect(await store.readStream(b)).toHaveLength(1);
    });
  });
});
