import { WrongExpectedRevisionError } from './errors';
import type { EventMetadata, EventStore, JsonObject, RecordedEvent } from './event-store.port';
import { eventIdsOfNextAppend } from './request-ids';

/** A domain event as deciders produce it: an explicit type name and JSON-safe data. */
export interface DomainEvent {
  type: string;
  data: JsonObject;
  schemaVersion?: number;
}

export interface Fold<S, E extends DomainEvent> {
  initialState: S;
  evolve(state: S, event: E): S;
  /** Turns a stored event into the current shape (upcasting older schema versions). */
  fromStored?(event: RecordedEvent): E;
}

export interface CommandOutcome<S, E> {
  /** The events this command appended (empty when the decision changed nothing). */
  events: E[];
  state: S;
  /** Revision of the stream's last event after the command: the new ETag. */
  version: number;
  position?: string;
}

export interface HandleOptions<S = unknown> {
  metadata: EventMetadata;
  /** The version the client last saw (If-Match); a different current version fails with 412. */
  expectedVersion?: number | 'stream_exists';
  /** Retries after a concurrent write when the client stated no version, `stream_exists` included (default `CONCURRENT_WRITE_RETRIES`). */
  retries?: number;
  /** Event ids chosen by the caller (a seed, a reaction), in place of the request's own (`request-ids.ts`). */
  newId?: () => string;
  /**
   * Refuses, before the expected-version check, a stream the caller may not see at all (say, a
   * record of another partnership): it is not found whatever version the client names, never 412.
   */
  visible?: (state: S) => void;
}

/**
 * How often a command the client sent without a version is decided again after another write to
 * its stream landed first. Each round of writers racing on one stream lets at least one through,
 * so this covers more writers at once than the hub works on (its writes' limit is 16); with three,
 * the old default, eight officers adding agencies at once were refused with 409.
 */
export const CONCURRENT_WRITE_RETRIES = 24;

/** A pause before deciding again, random so that the writers that lost a race do not race again in step. */
const backOff = (attempt: number) =>
  attempt === 0
    ? Promise.resolve()
    : new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));

/** Folds a stream's events into state; returns it with the stream's version (-1 when empty). */
export async function loadState<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  fold: Fold<S, E>,
): Promise<{ state: S; version: number }> {
  const recorded = await store.readStream(streamId);
  return { state: foldEvents(fold, recorded), version: versionOf(recorded) };
}

function toDomain<S, E extends DomainEvent>(fold: Fold<S, E>, r: RecordedEvent): E {
  return fold.fromStored ? fold.fromStored(r) : ({ type: r.type, data: r.data, schemaVersion: r.schemaVersion } as E);
}

function foldEvents<S, E extends DomainEvent>(
  fold: Fold<S, E>,
  recorded: RecordedEvent[],
  from = fold.initialState,
): S {
  let state = from;
  for (const r of recorded) state = fold.evolve(state, toDomain(fold, r));
  return state;
}

const versionOf = (recorded: RecordedEvent[]): number =>
  recorded.length ? recorded[recorded.length - 1].revision : -1;

/**
 * The events of the stream that an earlier run of this same keyed request appended here: the
 * stored events, one after another, that carry the ids this append would give its events.
 */
function earlierRun(recorded: RecordedEvent[], id: (index: number) => string): RecordedEvent[] | null {
  const first = recorded.findIndex((r) => r.id === id(0));
  if (first < 0) return null;
  let count = 1;
  while (first + count < recorded.length && recorded[first + count].id === id(count)) count++;
  return recorded.slice(first, first + count);
}

/**
 * Loads a stream, folds it, decides, and appends with the expected revision. A concurrent write
 * makes the append fail; with no client-stated version the command is decided again on the new
 * state (decisions are pure, so this is safe); with one, the conflict goes back to the client.
 * `decide` may be async, to prepare its commands from the state it is given (e.g. sealing text
 * with a key the state names); it runs again, from the new read, on every retry.
 *
 * In a keyed request (decision 0020) the events' ids are the request's own. When the stream
 * already holds them, this is a re-run of a request whose process died after appending and before
 * its answer was stored: the command is not decided again (time has moved on and read models have
 * changed, so it might decide otherwise); the events the first run appended are its outcome, with
 * the version and position they were given, and nothing is appended.
 */
export async function handleCommand<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  fold: Fold<S, E>,
  decide: (state: S) => E[] | Promise<E[]>,
  options: HandleOptions<S>,
): Promise<CommandOutcome<S, E>> {
  // Only a version the client stated goes back to it on a conflict; `stream_exists` states none.
  const retries = typeof options.expectedVersion === 'number' ? 0 : (options.retries ?? CONCURRENT_WRITE_RETRIES);
  const callerIds = options.newId;
  const ids = callerIds ? { keyed: false, id: () => callerIds() } : eventIdsOfNextAppend(streamId);
  for (let attempt = 0; ; attempt++) {
    const recorded = await store.readStream(streamId);
    const replayed = ids.keyed ? earlierRun(recorded, ids.id) : null;
    const before = replayed ? recorded.slice(0, replayed[0].revision) : recorded;
    const state = foldEvents(fold, before);
    const version = versionOf(before);
    options.visible?.(state);
    if (typeof options.expectedVersion === 'number' && options.expectedVersion !== version) {
      throw new WrongExpectedRevisionError(streamId, options.expectedVersion, version);
    }
    if (options.expectedVersion === 'stream_exists' && version < 0) {
      throw new WrongExpectedRevisionError(streamId, 'stream_exists', version);
    }
    if (replayed) {
      const last = replayed[replayed.length - 1];
      const events = replayed.map((r) => toDomain(fold, r));
      return { events, state: events.reduce(fold.evolve, state), version: last.revision, position: last.position };
    }
    const events = await decide(state);
    if (events.length === 0) return { events, state, version };
    try {
      const result = await store.append(
        streamId,
        events.map((e, i) => ({
          id: ids.id(i),
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: options.metadata,
        })),
        version < 0 ? 'no_stream' : version,
      );
      const next = events.reduce(fold.evolve, state);
      return { events, state: next, version: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < retries) {
        await backOff(attempt);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Decides several commands in turn, each on the state the previous ones left, so that a use case
 * doing several things to one stream appends them all at once (with one expected revision).
 */
export function decideInTurn<C, S, E>(
  decide: (command: C, state: S) => E[],
  evolve: (state: S, event: E) => S,
  commands: C[],
): (state: S) => E[] {
  return (state) => {
    const events: E[] = [];
    for (const command of commands) {
      const decided = decide(command, state);
      state = decided.reduce(evolve, state);
      events.push(...decided);
    }
    return events;
  };
}
