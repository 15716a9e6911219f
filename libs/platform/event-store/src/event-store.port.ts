/**
 * The event store port. Every context writes and reads its facts through this interface; the
 * PostgreSQL adapter is the default, the EventStoreDB adapter maps the same contract.
 *
 * Revisions count from 0 within a stream. Global positions are opaque strings: pass back what the
 * store gave you (`RecordedEvent.position`) to continue reading after that event.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who and why: kept beside the data in every stored event, never inside the payload. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** The acting user (identity-provider subject or registered user id). */
  userId?: string;
  /** The agency the user acted for. */
  agencyId?: string;
  [key: string]: JsonValue | undefined;
}

export interface NewEvent {
  /** UUID chosen by the writer; retrying an append with the same ids does not duplicate events. */
  id: string;
  /** The stored contract name, e.g. `VictimReferred`. Never derived from a class name. */
  type: string;
  /** Payload schema version (default 1); upcasters turn old versions into the current shape. */
  schemaVersion?: number;
  data: JsonObject;
  metadata?: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  /** 0-based position of the event within its stream. */
  revision: number;
  /** Opaque global position: the checkpoint to read the global log after this event. */
  position: string;
  /** ISO-8601 UTC with millisecond precision, assigned by the store at append. */
  recordedAt: string;
  data: JsonObject;
  metadata: EventMetadata;
  /** Hex SHA-256 link of the stream's hash chain (see docs/decisions/0003-hash-chain.md). */
  hash: string;
}

/**
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: it must have at least one event;
 * - `any`: no check;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream: the expected revision for the next append. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: string;
  /** True when every event id was already stored by an earlier identical append (a retry). */
  idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events after this position; `null` or absent reads from the start. */
  after?: string | null;
  maxCount?: number;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Position to pass as `after` next time (unchanged when no events were returned). */
  checkpoint: string | null;
}

export interface SubscribeOptions {
  after?: string | null;
  /** Largest batch handed out at once (default 500). */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface VerifyOptions {
  /** Verify one stream; absent verifies every stream in the store. */
  streamId?: string;
}

export type BrokenLinkReason =
  | 'hash_mismatch' // the stored hash does not match the recomputed one
  | 'revision_gap' // an event is missing: revisions are not 0, 1, 2, ...
  | 'head_mismatch' // the stream's recorded head (last revision and hash) disagrees with its events
  | 'missing_events'; // the stream head names events that are not there

export interface BrokenLink {
  streamId: string;
  revision: number;
  reason: BrokenLinkReason;
  expected?: string;
  actual?: string;
}

export interface VerifyReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first broken link in stream order; absent when ok. */
  firstBroken?: BrokenLink;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Revision of the stream's last event, or -1 when the stream does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /**
   * Reads the global log in its stable order. Every committed event is returned exactly once
   * across successive calls that pass back the returned checkpoint, whatever `maxCount` is and
   * however many writers commit concurrently.
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /**
   * Position of the last committed event in the global order (`null` when the log is empty).
   * A global read may return it only a moment later, once older transactions have finished;
   * a subscriber that has passed it has every event committed before this call.
   */
  headPosition(): Promise<string | null>;
  /**
   * Catch-up then live subscription to the global log: yields batches in global order, starting
   * after `after`. Ends when `signal` aborts.
   */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  /** Recomputes the hash chain of one stream or of every stream and reports the first broken link. */
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
