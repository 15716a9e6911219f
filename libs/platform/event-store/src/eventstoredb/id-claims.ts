/**
 * Event ids are unique across the whole store in the port, but EventStoreDB only recognises a
 * repeated id within one stream (and only for a retry at the same expected revision). So the
 * adapter keeps an index it can read: one small claim stream per event id, whose last event names
 * the place (stream, revision) the id was appended to.
 *
 * A claim is written before the append and is not atomic with it, so a claim is only believed
 * once that place is checked:
 * - `live`: the event stored there has this id;
 * - `void`: another event holds that place, so the append the claim announced failed for good;
 * - `pending`: the place is still empty: the append may be in flight (or its writer died, in which
 *   case the id stays reserved for that place until someone else fills it).
 */
import type { AppendResult, ExpectedRevision } from '../event-store.port';

/** Port stream ids start with a letter or digit, so this prefix cannot clash with one. */
export const CLAIM_STREAM_PREFIX = '_hubline-event-id-';
/** A `$` type keeps claims out of the global log and out of subscriptions (system events). */
export const CLAIM_EVENT_TYPE = '$hubline-event-id-claim';

export type ClaimState = 'live' | 'void' | 'pending';

export interface Claim {
  /** Revision of the claim's own event in its claim stream: the expected revision to replace it. */
  claimRevision: bigint;
  streamId: string;
  revision: number;
  state: ClaimState;
  /** Position of the stored event, when live. */
  position?: string;
}

export interface ClaimData {
  streamId: string;
  revision: number;
}

export function claimStreamOf(eventId: string): string {
  return CLAIM_STREAM_PREFIX + eventId;
}

export function parseClaimData(data: unknown): ClaimData | null {
  if (typeof data !== 'object' || data === null) return null;
  const { streamId, revision } = data as Record<string, unknown>;
  if (typeof streamId !== 'string' || !Number.isSafeInteger(revision) || (revision as number) < 0) return null;
  return { streamId, revision: revision as number };
}

/** `slot` is the first event at or after the claimed revision of the claimed stream, if any. */
export function claimState(
  eventId: string,
  claimed: ClaimData,
  slot: { revision: number; id: string } | null,
): ClaimState {
  if (!slot) return 'pending';
  return slot.revision === claimed.revision && slot.id.toLowerCase() === eventId ? 'live' : 'void';
}

/**
 * The result of an earlier identical append, when this one is its retry: every id is stored, in
 * this stream, in this order, one after another, where the expected revision puts them.
 */
export function replayOf(
  streamId: string,
  expected: ExpectedRevision,
  claims: ReadonlyArray<Claim | null>,
): AppendResult | null {
  const live = claims.filter((c): c is Claim => c !== null && c.state === 'live' && c.streamId === streamId);
  if (live.length === 0 || live.length !== claims.length) return null;
  const first = live[0].revision;
  if (!live.every((c, i) => c.revision === first + i)) return null;
  const placed =
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' && first === 0) ||
    (typeof expected === 'number' && first === expected + 1);
  if (!placed) return null;
  const last = live[live.length - 1];
  if (last.position === undefined) return null;
  return { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
}

/**
 * Whether a claim forbids appending its id at `target` of `streamId`: the id is stored already, or
 * another append of it may still land somewhere else. A pending claim for exactly this place is
 * fine: two writers of the same id there cannot both succeed.
 */
export function blocksAppend(claim: Claim, streamId: string, target: number): boolean {
  if (claim.state === 'live') return true;
  if (claim.state === 'void') return false;
  return claim.streamId !== streamId || claim.revision !== target;
}
