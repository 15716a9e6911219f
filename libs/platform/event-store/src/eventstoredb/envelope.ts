/**
 * The pure half of the EventStoreDB adapter: how the port's envelope, positions and expected
 * revisions map onto what EventStoreDB stores. Kept apart from the client calls so it can be
 * tested without a server.
 */
import {
  NO_STREAM,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Position,
  type RecordedEvent as StoredEvent,
} from '@eventstore/db-client';
import { InvalidAppendError, InvalidPositionError } from '../errors';
import type { EventMetadata, ExpectedRevision, JsonObject, JsonValue, RecordedEvent } from '../event-store.port';
import { canonicalForm, chainHash } from '../hash-chain';
import { parsePosition } from '../validation';

/** The EventStoreDB metadata key holding the envelope fields EventStoreDB has no place for. */
export const ADAPTER_METADATA_KEY = '$hubline';

export interface AdapterMetadata {
  schemaVersion: number;
  recordedAt: string;
  hash: string;
}

/**
 * JSON text with object keys sorted (recursively, by UTF-16 code units) and no whitespace.
 * EventStoreDB keeps the bytes it is given, but they come back as parsed objects, whose key order
 * JavaScript does not preserve (integer-like keys move first). Hashing this form instead of the
 * bytes lets `verify` recompute a link from the parsed event. Expects parsed JSON (see `asStoredJson`).
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The value exactly as a reader will get it back: what survives JSON text (undefined members
 * dropped, `toJSON` applied, -0 and non-finite numbers normalised). The append hashes this, so
 * the hash covers what is stored rather than what the caller happened to pass.
 */
export function asStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** One link of the stream's chain over the parsed data and the user's metadata. */
export function linkHash(
  previousHash: string,
  e: {
    streamId: string;
    revision: number;
    id: string;
    type: string;
    schemaVersion: number;
    recordedAt: string;
    data: JsonObject;
    metadata: EventMetadata;
  },
): string {
  return chainHash(
    previousHash,
    canonicalForm({
      streamId: e.streamId,
      revision: e.revision,
      id: e.id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      recordedAt: e.recordedAt,
      dataText: canonicalJson(e.data),
      metadataText: canonicalJson(e.metadata as JsonObject),
    }),
  );
}

/** The user's metadata cannot use the adapter's key: it would be lost on the way back. */
export function assertUserMetadata(user: EventMetadata): void {
  if (Object.prototype.hasOwnProperty.call(user, ADAPTER_METADATA_KEY)) {
    throw new InvalidAppendError(`metadata key ${ADAPTER_METADATA_KEY} is reserved by the event store`);
  }
}

/** The stored EventStoreDB metadata: the user's keys at the top level, the adapter's under one key. */
export function composeMetadata(user: EventMetadata, adapter: AdapterMetadata): JsonObject {
  assertUserMetadata(user);
  return { ...(user as JsonObject), [ADAPTER_METADATA_KEY]: { ...adapter } };
}

/** The inverse of `composeMetadata`; null when the metadata was not written by this adapter. */
export function splitMetadata(stored: unknown): { user: EventMetadata; adapter: AdapterMetadata } | null {
  if (!isPlainObject(stored)) return null;
  const { [ADAPTER_METADATA_KEY]: adapter, ...user } = stored;
  if (!isPlainObject(adapter)) return null;
  const { schemaVersion, recordedAt, hash } = adapter;
  if (!Number.isInteger(schemaVersion) || typeof recordedAt !== 'string' || typeof hash !== 'string') return null;
  return { user: user as EventMetadata, adapter: { schemaVersion: schemaVersion as number, recordedAt, hash } };
}

/**
 * The port's view of a stored event; null when the event is not one this adapter wrote (system
 * events, links, id claims, or anything written past the adapter).
 */
export function toRecorded(stored: StoredEvent): RecordedEvent | null {
  if (stored.type.startsWith('$') || !stored.isJson || !isPlainObject(stored.data)) return null;
  const metadata = splitMetadata(stored.metadata);
  if (!metadata) return null;
  return {
    id: stored.id.toLowerCase(),
    type: stored.type,
    schemaVersion: metadata.adapter.schemaVersion,
    streamId: stored.streamId,
    revision: Number(stored.revision),
    position: encodePosition(positionOf(stored)),
    recordedAt: metadata.adapter.recordedAt,
    data: stored.data as JsonObject,
    metadata: metadata.user,
    hash: metadata.adapter.hash,
  };
}

/** What servers before 22.6 send for events read from a single stream: no position at all. */
const NO_POSITION = 2n ** 64n - 1n;

export function positionOf(stored: StoredEvent): Position {
  const p = stored.position;
  if (!p || p.commit === NO_POSITION || p.prepare === NO_POSITION) {
    throw new Error('EventStoreDB returned an event without its log position: version 22.6 or later is required');
  }
  return p;
}

export function encodePosition(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

export function decodePosition(position: string): Position {
  const parsed = parsePosition(position);
  if (!parsed) throw new InvalidPositionError(`not a position of this store: ${position.slice(0, 60)}`);
  return { commit: parsed[0], prepare: parsed[1] };
}

/** Log order: by commit position, then prepare position (events of one append share a commit). */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Whether a stream whose last revision is `actual` (-1: missing) satisfies the port's expectation. */
export function satisfies(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}

/**
 * Every append goes to EventStoreDB with the exact revision the adapter chained its hashes from,
 * whatever the caller expected, so a concurrent writer makes it fail instead of forking the chain.
 */
export function exactExpectedRevision(actual: number): AppendExpectedRevision {
  return actual === -1 ? NO_STREAM : BigInt(actual);
}

export function revisionFromClient(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
