import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError, InvalidAppendError, InvalidPositionError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { comparePositions } from '../validation';

/**
 * The behaviour every event store adapter must show. Run by each adapter's integration spec
 * against a real server. Tests tolerate other writers' events in the same store: they use unique
 * stream ids and only look at their own events in the global log.
 */
export function eventStoreContract(adapter: string, open: () => Promise<EventStore>): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    let run: string;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(() => {
      run = randomUUID().slice(0, 8);
    });

    const stream = (name: string) => `contract-${run}-${name}`;
    const anEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
      id: randomUUID(),
      type: 'SomethingHappened',
      data: { note: 'a note', n: 1 },
      metadata: { correlationId: randomUUID(), userId: 'user-1', agencyId: 'agency-1' },
      ...overrides,
    });

    async function drainGlobalLog(
      matching: (e: RecordedEvent) => boolean,
      until: (seen: RecordedEvent[]) => boolean,
      batch = 100,
    ) {
      const seen: RecordedEvent[] = [];
      let after: string | null = null;
      const deadline = Date.now() + 20_000;
      while (!until(seen)) {
        if (Date.now() > deadline)
          throw new Error(`global log did not deliver the expected events (saw ${seen.length})`);
        const page = await store.readAll({ after, maxCount: batch });
        after = page.checkpoint;
        seen.push(...page.events.filter(matching));
        if (page.events.length < batch) await new Promise((r) => setTimeout(r, 5));
      }
      return seen;
    }

    describe('append and read a stream', () => {
      it('stores the full envelope and reads it back in order', async () => {
        const s = stream('envelope');
        const first = anEvent({
          type: 'VictimReferred',
          schemaVersion: 2,
          data: { referralId: 'r-1', nested: { a: [1, 2, 3] } },
        });
        const second = anEvent();
        const result = await store.append(s, [first, second], 'no_stream');
        expect(result).toMatchObject({ nextExpectedRevision: 1, idempotentReplay: false });

        const events = await store.readStream(s);
        expect(events).toHaveLength(2);
        expect(events[0]).toMatchObject({
          id: first.id,
          type: 'VictimReferred',
          schemaVersion: 2,
          streamId: s,
          revision: 0,
          data: { referralId: 'r-1', nested: { a: [1, 2, 3] } },
          metadata: first.metadata,
        });
        expect(events[1]).toMatchObject({ id: second.id, revision: 1, schemaVersion: 1 });
        expect(events[0].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
        expect(events[1].hash).not.toEqual(events[0].hash);
        expect(events[1].position).toEqual(result.position);
        expect(await store.streamRevision(s)).toBe(1);
      });

      it('reads from a revision and at most a count', async () => {
        const s = stream('paging');
        await store.append(
          s,
          Array.from({ length: 5 }, () => anEvent()),
          'no_stream',
        );
        const page = await store.readStream(s, { fromRevision: 2, maxCount: 2 });
        expect(page.map((e) => e.revision)).toEqual([2, 3]);
        expect(await store.readStream(stream('never-written'))).toEqual([]);
        expect(await store.streamRevision(stream('never-written'))).toBe(-1);
      });
    });

    describe('expected revision', () => {
      it('no_stream refuses an existing stream and reports its revision', async () => {
        const s = stream('no-stream');
        await store.append(s, [anEvent(), anEvent()], 'no_stream');
        const error = await store.append(s, [anEvent()], 'no_stream').catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', streamId: s, actual: 1 });
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const s = stream('exists');
        const error = await store.append(s, [anEvent()], 'stream_exists').catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error.actual).toBe(-1);
        await store.append(s, [anEvent()], 'no_stream');
        await expect(store.append(s, [anEvent()], 'stream_exists')).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('an exact revision must match the last event', async () => {
        const s = stream('exact');
        await store.append(s, [anEvent()], 'no_stream');
        await expect(store.append(s, [anEvent()], 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
        const error = await store.append(s, [anEvent()], 0).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error.actual).toBe(1);
        const missing = await store.append(stream('exact-missing'), [anEvent()], 3).catch((e) => e);
        expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
        expect(missing.actual).toBe(-1);
      });

      it('any appends whatever the revision, creating the stream if needed', async () => {
        const s = stream('any');
        await store.append(s, [anEvent()], 'any');
        await expect(store.append(s, [anEvent()], 'any')).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('32 racing writers on one stream lose no update', async () => {
        const s = stream('race');
        await store.append(s, [anEvent()], 'no_stream');
        let successes = 0;
        let conflicts = 0;
        await Promise.all(
          Array.from({ length: 32 }, async () => {
            for (let attempt = 0; attempt < 5; attempt++) {
              const revision = await store.streamRevision(s);
              try {
                await store.append(s, [anEvent()], revision);
                successes++;
              } catch (error) {
                if (!(error instanceof WrongExpectedRevisionError)) throw error;
                conflicts++;
              }
            }
          }),
        );
        const events = await store.readStream(s);
        expect(successes + conflicts).toBe(160);
        expect(conflicts).toBeGreaterThan(0);
        expect(await store.streamRevision(s)).toBe(successes);
        expect(events).toHaveLength(successes + 1);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      });
    });

    describe('idempotent appends', () => {
      it('a retry of the same events with the same expected revision does not duplicate them', async () => {
        const s = stream('retry');
        const batch = [anEvent(), anEvent()];
        const first = await store.append(s, batch, 'no_stream');
        const retry = await store.append(s, batch, 'no_stream');
        expect(retry).toEqual({ ...first, idempotentReplay: true });
        const next = await store.append(s, [anEvent()], 1);
        const retryOfNext = await store.append(s, [{ ...anEvent(), id: (await store.readStream(s))[2].id }], 1);
        expect(retryOfNext).toMatchObject({ nextExpectedRevision: next.nextExpectedRevision, idempotentReplay: true });
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('a retry with expected any is also recognised', async () => {
        const s = stream('retry-any');
        const batch = [anEvent()];
        await store.append(s, batch, 'any');
        await expect(store.append(s, batch, 'any')).resolves.toMatchObject({
          nextExpectedRevision: 0,
          idempotentReplay: true,
        });
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('a retry after other writes returns the positions its events were given, writing nothing', async () => {
        const s = stream('retry-late');
        const batch = [anEvent(), anEvent()];
        const first = await store.append(s, batch, 'no_stream');
        await store.append(s, [anEvent()], 1);
        await expect(store.append(s, batch, 'no_stream')).resolves.toEqual({ ...first, idempotentReplay: true });
        await expect(store.append(s, batch, 'any')).resolves.toEqual({ ...first, idempotentReplay: true });
        expect((await store.readStream(s)).map((e) => e.id)).toEqual([...batch.map((e) => e.id), expect.any(String)]);
      });

      it('a partial overlap with stored events, or their ids out of place or order, is refused and writes nothing', async () => {
        const s = stream('overlap');
        const [a, b] = [anEvent(), anEvent()];
        await store.append(s, [a, b], 'no_stream');
        const attempts: Array<[NewEvent[], 'no_stream' | 'any' | number]> = [
          [[a, b, anEvent()], 'no_stream'],
          [[anEvent(), a], 'any'],
          [[b, anEvent()], 0],
          [[a, b], 0],
          [[b, a], 'no_stream'],
        ];
        for (const [events, expected] of attempts)
          await expect(store.append(s, events, expected)).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect((await store.readStream(s)).map((e) => e.id)).toEqual([a.id, b.id]);
      });

      it('reusing an event id for different events is refused', async () => {
        const s = stream('dup-id');
        const e = anEvent();
        await store.append(s, [e], 'no_stream');
        await expect(store.append(stream('dup-id-other'), [e], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append(s, [e, anEvent()], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(s)).toHaveLength(1);
        expect(await store.streamRevision(stream('dup-id-other'))).toBe(-1);
      });
    });

    describe('bad input', () => {
      it.each([
        ['an empty batch', 'ok-stream', []],
        ['a stream id with spaces', 'bad stream', [{ id: randomUUID(), type: 'A', data: {} }]],
        ['a non-uuid event id', 'ok-stream', [{ id: 'not-a-uuid', type: 'A', data: {} }]],
        ['a type with spaces', 'ok-stream', [{ id: randomUUID(), type: 'Bad Type', data: {} }]],
        ['array data', 'ok-stream', [{ id: randomUUID(), type: 'A', data: [] as unknown as Record<string, never> }]],
      ])('refuses %s and writes nothing', async (_label, name, events) => {
        const s = name === 'bad stream' ? name : stream(name);
        await expect(store.append(s, events as NewEvent[], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        if (name !== 'bad stream') expect(await store.streamRevision(s)).toBe(-1);
      });

      it('refuses a position it did not produce', async () => {
        await expect(store.readAll({ after: 'garbage' })).rejects.toBeInstanceOf(InvalidPositionError);
      });
    });

    describe('global log', () => {
      it('delivers every committed event exactly once to a reader racing many writers', async () => {
        const writers = 8;
        const appendsPerWriter = 40;
        const written = new Set<string>();
        const prefix = stream('global');
        let resolveWritersDone!: () => void;
        const writersDone = new Promise<void>((r) => (resolveWritersDone = r));
        const reader = (async () => {
          const seen: string[] = [];
          let after: string | null = null;
          let doneAt = 0;
          writersDone.then(() => (doneAt = Date.now()));
          // Keep reading with a small, odd page size while writers commit; then drain.
          for (;;) {
            const page = await store.readAll({ after, maxCount: 7 });
            after = page.checkpoint;
            for (const e of page.events) if (e.streamId.startsWith(prefix)) seen.push(e.id);
            // Drain after the writers finish; give up (and fail below) if events never arrive.
            if (doneAt && (seen.length >= written.size || Date.now() - doneAt > 10_000)) break;
            if (page.events.length < 7) await new Promise((r) => setTimeout(r, 1));
          }
          return seen;
        })();
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < appendsPerWriter; i++) {
              const batch = Array.from({ length: 1 + ((i + w) % 3) }, () => anEvent());
              await store.append(`${prefix}-${w}-${i % 5}`, batch, 'any');
              for (const e of batch) written.add(e.id);
            }
          }),
        );
        resolveWritersDone();
        const seen = await reader;
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBe(written.size);
        expect(new Set(seen)).toEqual(written);
      });

      it('keeps each stream in revision order and gives stable positions', async () => {
        const s = stream('ordered');
        await store.append(s, [anEvent(), anEvent()], 'no_stream');
        await store.append(s, [anEvent()], 1);
        const seen = await drainGlobalLog(
          (e) => e.streamId === s,
          (x) => x.length >= 3,
        );
        expect(seen.map((e) => e.revision)).toEqual([0, 1, 2]);
        const again = await drainGlobalLog(
          (e) => e.streamId === s,
          (x) => x.length >= 3,
          1000,
        );
        expect(again.map((e) => e.position)).toEqual(seen.map((e) => e.position));
      });

      it('reports the head position: at or after the last event committed', async () => {
        const s = stream('head');
        await store.append(s, [anEvent()], 'no_stream');
        const head = await store.headPosition();
        expect(head).not.toBeNull();
        const seen = await drainGlobalLog(
          (e) => e.streamId === s,
          (x) => x.length >= 1,
        );
        expect(comparePositions(seen[0].position, head!)).toBeLessThanOrEqual(0);
        const after = await store.readAll({ after: head, maxCount: 10_000 });
        expect(after.events.some((e) => e.streamId === s)).toBe(false);
      });

      it('continues after a checkpoint without repeating it', async () => {
        const s = stream('checkpoint');
        await store.append(s, [anEvent(), anEvent(), anEvent()], 'no_stream');
        const seen = await drainGlobalLog(
          (e) => e.streamId === s,
          (x) => x.length >= 3,
        );
        const rest = await store.readAll({ after: seen[0].position, maxCount: 10_000 });
        expect(rest.events.filter((e) => e.streamId === s).map((e) => e.revision)).toEqual([1, 2]);
      });
    });

    describe('subscription', () => {
      it('catches up, then delivers new events live', async () => {
        const s = stream('live');
        await store.append(s, [anEvent()], 'no_stream');
        const controller = new AbortController();
        const received: RecordedEvent[] = [];
        const consumer = (async () => {
          for await (const batch of store.subscribeToAll({ signal: controller.signal, batchSize: 50 })) {
            received.push(...batch.filter((e) => e.streamId === s));
            if (received.length >= 3) controller.abort();
          }
        })();
        const deadline = Date.now() + 15_000;
        while (received.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        await store.append(s, [anEvent()], 0);
        await store.append(s, [anEvent()], 1);
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('subscription stalled')), 15_000)),
        );
        await Promise.race([consumer, stalled]).finally(() => clearTimeout(timer));
        expect(received.map((e) => e.revision)).toEqual([0, 1, 2]);
      });
    });

    describe('hash chain', () => {
      it('verifies an untouched stream', async () => {
        const s = stream('verify');
        await store.append(s, [anEvent(), anEvent()], 'no_stream');
        await store.append(s, [anEvent({ data: { text: 'line one\nline two "quoted" ünïcode' } })], 1);
        const report = await store.verify({ streamId: s });
        expect(report).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 3 });
      });
    });
  });
}
