import { InvalidAppendError } from './errors';
import type { ExpectedRevision, NewEvent } from './event-store.port';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const MAX_EVENTS_PER_APPEND = 1000;

/** Rejects malformed appends before they reach an adapter; returns the ids lower-cased. */
export function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): string[] {
  if (!STREAM_ID.test(streamId))
    throw new InvalidAppendError(`invalid stream id: ${JSON.stringify(streamId).slice(0, 80)}`);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new InvalidAppendError(`at most ${MAX_EVENTS_PER_APPEND} events per append`);
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(
      `expected revision must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'`,
    );
  }
  if (typeof expected !== 'number' && !['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new InvalidAppendError(`unknown expected revision ${String(expected)}`);
  }
  const ids = events.map((e) => String(e.id).toLowerCase());
  for (const [i, e] of events.entries()) {
    if (!UUID.test(ids[i])) throw new InvalidAppendError(`event ${i}: id must be a UUID`);
    if (!EVENT_TYPE.test(e.type)) throw new InvalidAppendError(`event ${i}: invalid type name`);
    const v = e.schemaVersion ?? 1;
    if (!Number.isInteger(v) || v < 1 || v > 32767)
      throw new InvalidAppendError(`event ${i}: schema version must be a positive integer`);
    if (e.data === null || typeof e.data !== 'object' || Array.isArray(e.data))
      throw new InvalidAppendError(`event ${i}: data must be a JSON object`);
  }
  if (new Set(ids).size !== ids.length) throw new InvalidAppendError('the same event id appears twice in one append');
  return ids;
}

const POSITION = /^(\d{1,20})\/(\d{1,20})$/;

/** Positions of both adapters are two unsigned 64-bit numbers, `commit/prepare` (EventStoreDB) or `transaction/sequence` (PostgreSQL). */
export function parsePosition(position: string): [bigint, bigint] | null {
  const m = POSITION.exec(position);
  return m ? [BigInt(m[1]), BigInt(m[2])] : null;
}

/** Orders two positions of the same store (both adapters use two unsigned 64-bit parts). */
export function comparePositions(a: string, b: string): number {
  const pa = parsePosition(a);
  const pb = parsePosition(b);
  if (!pa || !pb) throw new Error('not a store position');
  if (pa[0] !== pb[0]) return pa[0] < pb[0] ? -1 : 1;
  return pa[1] === pb[1] ? 0 : pa[1] < pb[1] ? -1 : 1;
}
