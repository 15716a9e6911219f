import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type RecordedEvent as StoredEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  BrokenLink,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  VerifyOptions,
  VerifyReport,
} from '../event-store.port';
import { GENESIS_HASH } from '../hash-chain';
import { validateAppend } from '../validation';
import {
  asStoredJson,
  assertUserMetadata,
  comparePositions,
  composeMetadata,
  decodePosition,
  encodePosition,
  exactExpectedRevision,
  linkHash,
  positionOf,
  revisionFromClient,
  satisfies,
  toRecorded,
} from './envelope';
import {
  CLAIM_EVENT_TYPE,
  blocksAppend,
  claimState,
  claimStreamOf,
  parseClaimData,
  replayOf,
  type Claim,
} from './id-claims';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false` style connection string. */
  connectionString: string;
}

/** Attempts of one append when other writers keep moving the stream or claiming the same ids. */
const MAX_APPEND_ATTEMPTS = 20;
/** Concurrent reads and claim writes for one append (a batch may hold up to 1,000 events). */
const IO_CONCURRENCY = 16;
/** Smallest page when scanning the log (it holds system events and id claims between ours). */
const MIN_PAGE = 64;
const MAX_PAGE = 4096;
/** Live events buffered per subscriber before the server is asked to wait. */
const BUFFERED_BATCHES = 4;

interface PreparedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * The event store on EventStoreDB. EventStoreDB provides streams, expected revisions and the
 * global log; the adapter adds what the port asks for beyond that:
 * - the hash chain, computed here from the stream's last event and appended with that event's
 *   exact revision, so a concurrent writer makes the append fail instead of forking the chain;
 * - `schemaVersion`, `recordedAt` and `hash`, kept in the event's metadata under `$hubline`;
 * - store-wide unique event ids, through id claim streams (see `id-claims.ts`).
 *
 * Needs EventStoreDB 22.6 or later (events read from a stream carry their log position).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly liveSubscriptions = new Set<() => void>();
  private closed = false;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ids = validateAppend(streamId, events, expected);
    const batch: PreparedEvent[] = events.map((e, i) => ({
      id: ids[i],
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      data: asStoredJson(e.data),
      metadata: asStoredJson(e.metadata ?? {}),
    }));
    batch.forEach((e) => assertUserMetadata(e.metadata));

    let actual = -1;
    let lostToClaims = false;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      if (attempt > 0) await pause(attempt);
      // Claims first, then the head: a claim's writer read the head before claiming, so a pending
      // claim for this stream names a place past the head read next unless that place has been
      // filled since the claim was read (checked below).
      const claims = await mapLimit(ids, IO_CONCURRENCY, (id) => this.readClaim(id));
      const head = await this.lastEvent(streamId);
      actual = head ? Number(head.revision) : -1;

      const replay = replayOf(streamId, expected, claims);
      if (replay) return replay;
      if (claims.some((c) => c?.state === 'live')) throw new DuplicateEventIdError(streamId, ids);
      if (!satisfies(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);
      const blocking = claims.filter((c, i): c is Claim => c !== null && blocksAppend(c, streamId, actual + 1 + i));
      if (blocking.length > 0) {
        // The place a pending claim names in this stream was filled after the claim was read: look again.
        lostToClaims = blocking.some((c) => c.streamId === streamId && c.revision <= actual);
        if (lostToClaims) continue;
        throw new DuplicateEventIdError(streamId, ids);
      }

      const claimed = await mapLimit(ids, IO_CONCURRENCY, (id, i) =>
        this.claim(id, claims[i], streamId, actual + 1 + i),
      );
      lostToClaims = claimed.includes(false);
      if (lostToClaims) continue;

      try {
        return await this.write(streamId, batch, head, actual);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        actual = revisionFromClient(error.actualVersion);
        // The caller named a revision: someone else wrote first, which is theirs to handle.
        if (typeof expected === 'number' || expected === 'no_stream')
          throw new WrongExpectedRevisionError(streamId, expected, actual);
        // 'any' / 'stream_exists': chain from the new head and try again.
      }
    }
    if (lostToClaims) throw new DuplicateEventIdError(streamId, ids);
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0) return [];
    const read = this.client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: BigInt(Math.max(0, options.fromRevision ?? 0)),
      maxCount,
    });
    const events: RecordedEvent[] = [];
    for await (const { event: stored } of iterate(read)) {
      if (stored) events.push(toRecorded(stored) ?? notOurs(stored));
    }
    return events;
  }

  async streamRevision(streamId: string): Promise<number> {
    const last = await this.lastEvent(streamId);
    return last ? Number(last.revision) : -1;
  }

  async headPosition(): Promise<string | null> {
    // Walk back from the end past system events and id claims to the last event of the port.
    for await (const { event: stored } of iterate(
      this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1000 }),
    )) {
      if (stored && toRecorded(stored)) return encodePosition(positionOf(stored));
    }
    return null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? null;
    let cursor = after === null ? null : decodePosition(after);
    const limit = options.maxCount ?? 1000;
    const pageSize = Math.min(Math.max(limit + 1, MIN_PAGE), MAX_PAGE);
    const events: RecordedEvent[] = [];
    while (events.length < limit) {
      let read = 0;
      for await (const { event: stored } of iterate(
        this.client.readAll({ fromPosition: cursor ?? START, maxCount: pageSize }),
      )) {
        read++;
        // Reading from a position includes the event at that position.
        if (!stored || (cursor && comparePositions(stored.position, cursor) <= 0)) continue;
        cursor = stored.position;
        // System events, links, id claims and events written past this adapter are not the port's.
        const recorded = toRecorded(stored);
        if (recorded) events.push(recorded);
        if (events.length === limit) break;
      }
      if (read < pageSize) break;
    }
    return { events, checkpoint: events.length > 0 ? events[events.length - 1].position : after };
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    const batchSize = Math.max(1, options.batchSize ?? 500);
    const signal = options.signal;
    const after = options.after != null ? decodePosition(options.after) : null;
    if (signal?.aborted || this.closed) return;

    // Catches up from the position, then goes live, on one server-side subscription.
    const subscription = this.client.subscribeToAll({ fromPosition: after ?? START, filter: excludeSystemEvents() });
    const queue: RecordedEvent[] = [];
    let failure: unknown = null;
    let ended = false;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const stop = () => {
      ended = true;
      notify();
    };
    subscription.on('data', ({ event: stored }: AllStreamResolvedEvent) => {
      if (!stored || (after && comparePositions(stored.position, after) <= 0)) return;
      const recorded = toRecorded(stored);
      if (!recorded) return;
      queue.push(recorded);
      if (queue.length >= batchSize * BUFFERED_BATCHES) subscription.pause();
      notify();
    });
    subscription.on('error', (error: unknown) => {
      failure = error;
      notify();
    });
    subscription.on('end', stop);
    subscription.on('close', stop);
    signal?.addEventListener('abort', notify);
    this.liveSubscriptions.add(stop);
    try {
      while (!signal?.aborted) {
        if (queue.length > 0) {
          const batch = queue.splice(0, batchSize);
          if (subscription.isPaused() && queue.length < batchSize * BUFFERED_BATCHES) subscription.resume();
          yield batch;
          continue;
        }
        if (failure) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', notify);
      this.liveSubscriptions.delete(stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /**
   * Recomputes each stream's chain from the events a reader of that stream gets.
   *
   * EventStoreDB has no way to alter a stored event in place (changing the log files on disk
   * breaks their checksums), so what can happen to a stream is what its API allows. Seen here:
   * events hidden by truncation (`$tb`, `$maxCount`, `$maxAge` in stream metadata, or a soft delete
   * followed by new writes) as a `revision_gap`; events written past this adapter, or with another
   * chain, as a `hash_mismatch`; a hard-deleted stream as `missing_events`. Not seen: a stream
   * deleted entirely once a scavenge has removed its events from the log (nothing is left to
   * name it; there is no separate stream head to compare with), and a writer with append rights
   * who recomputes the chain for what they write.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const streamIds = options.streamId !== undefined ? [options.streamId] : await this.storedStreamIds();
    let streamsChecked = 0;
    let eventsChecked = 0;
    for (const streamId of streamIds) {
      const result = await this.verifyStream(streamId);
      if (!result.exists) continue;
      streamsChecked++;
      eventsChecked += result.eventsChecked;
      if (result.broken) return { ok: false, streamsChecked, eventsChecked, firstBroken: result.broken };
    }
    return { ok: true, streamsChecked, eventsChecked };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.liveSubscriptions) stop();
    await this.client.dispose();
  }

  /** Hashes the batch on top of `head` and appends it at exactly the revision it was chained from. */
  private async write(
    streamId: string,
    batch: PreparedEvent[],
    head: StoredEvent | null,
    actual: number,
  ): Promise<AppendResult> {
    let hash = GENESIS_HASH;
    if (head) hash = (toRecorded(head) ?? notOurs(head)).hash;
    const recordedAt = new Date().toISOString();
    const proposed = batch.map((e, i) => {
      hash = linkHash(hash, { ...e, streamId, revision: actual + 1 + i, recordedAt });
      return jsonEvent({
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: composeMetadata(e.metadata, { schemaVersion: e.schemaVersion, recordedAt, hash }),
      });
    });
    const result = await this.client.appendToStream(streamId, proposed, {
      expectedRevision: exactExpectedRevision(actual),
    });
    const last = Number(result.nextExpectedRevision);
    // The position the port hands out is the one reads report, so take it from a read.
    const stored = await this.firstEventFrom(streamId, last);
    const recorded = stored && Number(stored.revision) === last ? toRecorded(stored) : null;
    if (!recorded)
      throw new Error(`stream ${streamId}: the event just appended at revision ${last} cannot be read back`);
    // EventStoreDB accepts a concurrent identical append (same ids, same expected revision)
    // without storing it twice; the stored events then carry the other writer's hashes.
    return { nextExpectedRevision: last, position: recorded.position, idempotentReplay: recorded.hash !== hash };
  }

  private async readClaim(eventId: string): Promise<Claim | null> {
    const stored = await this.lastEvent(claimStreamOf(eventId));
    if (!stored) return null;
    const claimed = parseClaimData(stored.data);
    if (!claimed) throw new Error(`unreadable id claim for event ${eventId}`);
    const slot = await this.firstEventFrom(claimed.streamId, claimed.revision);
    const state = claimState(eventId, claimed, slot && { revision: Number(slot.revision), id: slot.id });
    return {
      claimRevision: stored.revision,
      ...claimed,
      state,
      position: state === 'live' && slot ? encodePosition(positionOf(slot)) : undefined,
    };
  }

  /** Points the id's claim at `revision` of `streamId`; false when another writer changed the claim first. */
  private async claim(eventId: string, current: Claim | null, streamId: string, revision: number): Promise<boolean> {
    if (current?.state === 'pending' && current.streamId === streamId && current.revision === revision) return true;
    try {
      await this.client.appendToStream(
        claimStreamOf(eventId),
        jsonEvent({ type: CLAIM_EVENT_TYPE, data: { streamId, revision } }),
        {
          expectedRevision: current ? current.claimRevision : NO_STREAM,
        },
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
  }

  private async lastEvent(streamId: string): Promise<StoredEvent | null> {
    for await (const { event } of iterate(
      this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    )) {
      if (event) return event;
    }
    return null;
  }

  /** The event at `revision`, or the first one after it when truncation removed it, or null. */
  private async firstEventFrom(streamId: string, revision: number): Promise<StoredEvent | null> {
    for await (const { event } of iterate(
      this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 }),
    )) {
      if (event) return event;
    }
    return null;
  }

  /** Every stream holding an event this adapter wrote, in stream id order; scans the whole log. */
  private async storedStreamIds(): Promise<string[]> {
    const ids = new Set<string>();
    for await (const { event: stored } of iterate(this.client.readAll())) {
      if (stored && !ids.has(stored.streamId) && toRecorded(stored)) ids.add(stored.streamId);
    }
    return [...ids].sort();
  }

  private async verifyStream(
    streamId: string,
  ): Promise<{ exists: boolean; eventsChecked: number; broken?: BrokenLink }> {
    let exists = false;
    let next = 0;
    let hash = GENESIS_HASH;
    let eventsChecked = 0;
    try {
      for await (const { event: stored } of iterate(this.client.readStream(streamId))) {
        if (!stored) continue;
        exists = true;
        const revision = Number(stored.revision);
        if (revision !== next) {
          return {
            exists,
            eventsChecked,
            broken: {
              streamId,
              revision: next,
              reason: 'revision_gap',
              expected: String(next),
              actual: String(revision),
            },
          };
        }
        const recorded = toRecorded(stored);
        if (!recorded) {
          return {
            exists,
            eventsChecked,
            broken: {
              streamId,
              revision,
              reason: 'hash_mismatch',
              expected: 'an event written by this store',
              actual: `a ${stored.type} event without its envelope`,
            },
          };
        }
        const recomputed = linkHash(hash, recorded);
        if (recomputed !== recorded.hash) {
          return {
            exists,
            eventsChecked,
            broken: { streamId, revision, reason: 'hash_mismatch', expected: recomputed, actual: recorded.hash },
          };
        }
        hash = recorded.hash;
        next++;
        eventsChecked++;
      }
    } catch (error) {
      if (!(error instanceof StreamDeletedError)) throw error;
      return {
        exists: true,
        eventsChecked,
        broken: { streamId, revision: next, reason: 'missing_events', expected: 'events', actual: 'stream deleted' },
      };
    }
    return { exists, eventsChecked };
  }
}

/** A read's events; a missing stream reads as empty, and leaving early cancels the server call. */
async function* iterate<E>(read: StreamingRead<E>): AsyncGenerator<E> {
  try {
    for await (const item of read) yield item;
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  } finally {
    if (!read.readableEnded) await read.cancel().catch(() => undefined);
  }
}

function notOurs(stored: StoredEvent): never {
  throw new Error(`stream ${stored.streamId}: the event at revision ${stored.revision} was not written by this store`);
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Short, jittered back-off so writers racing on one stream do not retry in lockstep. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
}
