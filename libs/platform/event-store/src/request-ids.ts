import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { stableId } from './stable-id';

/**
 * A request sent with an `Idempotency-Key` (decision 0020): whose key it is, the key, the
 * fingerprint of the request, and the seed drawn when the key was first claimed (so that the same
 * key and body sent again after the key has expired is a new request, with new ids).
 */
export interface KeyedRequest {
  scope: string;
  key: string;
  fingerprint: string;
  seed: string;
}

interface RequestIds {
  seed: string;
  /** Record ids drawn so far by `newId`. */
  drawn: number;
  /** Appends made so far to each stream through `handleCommand`. */
  appends: Map<string, number>;
}

const current = new AsyncLocalStorage<RequestIds>();

/**
 * Runs a keyed request's work so that the ids it generates are its own: a re-run of the same
 * request (after its process died between the append and storing the answer) draws the same record
 * ids and event ids in the same order, finds its first run's events in the store by their ids, and
 * appends nothing new.
 */
export function runKeyedRequest<T>(request: KeyedRequest, work: () => T): T {
  const seed = stableId('hubline-keyed-request', request.scope, request.key, request.fingerprint, request.seed);
  return current.run({ seed, drawn: 0, appends: new Map() }, work);
}

/**
 * A new record id (a UUID). Inside a keyed request it is derived from the request and the number
 * of ids it has drawn before, so a re-run of the request gets the same ids in the same order;
 * elsewhere it is random. Every id a command gives a new record comes from here.
 */
export function newId(): string {
  const ids = current.getStore();
  return ids ? stableId(ids.seed, 'record', String(ids.drawn++)) : randomUUID();
}

/**
 * The event ids of a command's append to one stream (`handleCommand`): `id(i)` is the id of its
 * i-th event. Inside a keyed request they are derived from the request, the stream and how many
 * appends to that stream the request made before; so they do not depend on the order in which
 * concurrent work on other streams draws ids. `keyed` says whether a re-run could have them
 * already in the store.
 */
export function eventIdsOfNextAppend(streamId: string): { keyed: boolean; id: (index: number) => string } {
  const ids = current.getStore();
  if (!ids) return { keyed: false, id: () => randomUUID() };
  const slot = ids.appends.get(streamId) ?? 0;
  ids.appends.set(streamId, slot + 1);
  return { keyed: true, id: (index) => stableId(ids.seed, 'event', streamId, String(slot), String(index)) };
}
