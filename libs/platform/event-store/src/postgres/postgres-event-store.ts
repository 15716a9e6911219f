import { randomUUID } from 'node:crypto';
import { Client, Pool, type PoolConfig } from 'pg';
import { DuplicateEventIdError, InvalidPositionError, WrongExpectedRevisionError } from '../errors';
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
import { GENESIS_HASH, canonicalForm, chainHash } from '../hash-chain';
import { parsePosition, validateAppend } from '../validation';
import { WakeupHub } from '../wakeup';
import { int4Array, int8Array, jsonArray, textArray, uuidArray } from './binary-arrays';
import { migrateEventStore } from './migrate';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections for appends and reads (default 20). */
  poolSize?: number;
  /** Channel for cross-process wake-ups (default `hubline_events`). */
  channel?: string;
  /** Largest page when verifying (default 5,000). */
  verifyBatchSize?: number;
  /** Receives errors of the background listener (it reconnects by itself). */
  onBackgroundError?: (error: unknown) => void;
}

const EXPECTED_CODES: Record<Exclude<ExpectedRevision, number>, number> = { no_stream: -1, any: -2, stream_exists: -3 };
/** Safety net for a missed notification (e.g. the writer process died between commit and notify). */
const IDLE_POLL_MS = 1000;
/** Longest back-off while committed events wait behind an older transaction still running. */
const MAX_PENDING_BACKOFF_MS = 50;

/** Batches in flight at once: two keep the server busy while the next batch forms. */
const MAX_BATCHES_IN_FLIGHT = 2;
/**
 * Pending appends are shared between free connections only if every share keeps at least this
 * many events. Each batch is a transaction of its own, with its own commit and fixed cost (about
 * as much as 20 events); below this, one batch costs less than two running side by side.
 */
const MIN_EVENTS_PER_SHARED_BATCH = 32;
const MAX_APPENDS_PER_BATCH = 64;
/** Keeps one transaction small even when single appends are large (up to 1,000 events each). */
const MAX_EVENTS_PER_BATCH = 2000;
/** Least time between NOTIFYs: under load one per round trip cost ~8% of append throughput. */
const NOTIFY_INTERVAL_MS = 5;

interface AppendRow {
  o_status: number;
  o_revision: string;
  o_tx: string | null;
  o_seq: string | null;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  expectedCode: number;
  ids: string[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  seq: string;
  tx_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  /** ISO 8601 in UTC to the millisecond, as `Date.prototype.toISOString` writes it. */
  recorded_at: string;
  /** Lower-case hex. */
  hash: string;
}

/**
 * An event's columns as `toRecorded` takes them. The time and the hash are written as text by
 * PostgreSQL, in the form the event carries them: parsing a `Date` and a `bytea` for every event
 * only to write them back as text was a third of the processor time of reading the log.
 * `to_char`'s `MS` truncates the microseconds, as parsing them into a `Date` did.
 */
const EVENT_COLUMNS = `seq, tx_id, stream_id, revision, event_id, type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, encode(hash, 'hex') AS hash`;

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: `${row.tx_id}/${row.seq}`,
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
  };
}

/**
 * The default event store, on PostgreSQL. One round trip per append (the `event_store.append`
 * function checks the expected revision, chains the hashes and inserts, atomically).
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly channel: string;
  /**
   * Sent as the payload of this store's NOTIFYs: its own subscribers were woken at the commit, so
   * the notification coming back to its listener is not a reason to read the log again.
   */
  private readonly notifier = randomUUID();
  private readonly hub = new WakeupHub();
  private listener: Client | null = null;
  private listenerStarting: Promise<void> | null = null;
  private notifyInFlight = false;
  private notifyAgain = false;
  private closed = false;
  private pending: PendingAppend[] = [];
  private batchesInFlight = 0;
  private sendScheduled = false;
  /** Pool clients connected and not yet fully closed (the pool forgets them before their socket closes). */
  private openClients = 0;

  constructor(private readonly options: PostgresEventStoreOptions) {
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 20,
      // Named statements (every one of this store's) planned once, generically, as on the read
      // models' pool: PostgreSQL kept planning the log's read at every call, longer than it ran.
      options: '-c plan_cache_mode=force_generic_plan',
    };
    this.pool = new Pool(config);
    this.pool.on('error', (error) => options.onBackgroundError?.(error));
    this.pool.on('connect', () => this.openClients++);
    this.pool.on('remove', () => this.openClients--);
    this.channel = options.channel ?? 'hubline_events';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error('invalid notification channel name');
  }

  /** Creates or upgrades the schema; call once at start-up. */
  async migrate(): Promise<void> {
    await migrateEventStore(this.pool);
  }

  /**
   * Appends that arrive while others are in flight wait and go together: one round trip and one
   * commit for many appends (each still all-or-nothing, with its own expectation and result).
   */
  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ids = validateAppend(streamId, events, expected);
    const expectedCode = typeof expected === 'number' ? expected : EXPECTED_CODES[expected];
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamId, events, expected, expectedCode, ids, resolve, reject });
      this.scheduleSend();
    });
  }

  /**
   * Sends once the current turn of the event loop has run its callbacks and promise reactions,
   * not at once: appends made in the same turn go together. Above all the next appends of the
   * callers that one batch's results woke up: sent at once, the first of them would take the
   * free connection alone, and the others would wait for the next one.
   */
  private scheduleSend(): void {
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    process.nextTick(() => {
      this.sendScheduled = false;
      this.sendPending();
    });
  }

  private sendPending(): void {
    while (this.batchesInFlight < MAX_BATCHES_IN_FLIGHT && this.pending.length > 0) {
      const batch = this.takeBatch(this.nextBatchSize());
      this.batchesInFlight++;
      void (batch.length === 1 ? this.appendOne(batch[0]) : this.appendBatch(batch)).finally(() => {
        this.batchesInFlight--;
        this.scheduleSend();
      });
    }
  }

  /**
   * How many pending appends the next batch may take: all of them, or an equal share for each
   * free connection when every share keeps MIN_EVENTS_PER_SHARED_BATCH events, so that two large
   * batches run side by side on the server rather than one after the other.
   */
  private nextBatchSize(): number {
    const free = MAX_BATCHES_IN_FLIGHT - this.batchesInFlight;
    let events = 0;
    for (const p of this.pending) events += p.events.length;
    const shares = Math.max(1, Math.min(free, Math.floor(events / MIN_EVENTS_PER_SHARED_BATCH)));
    return Math.ceil(this.pending.length / shares);
  }

  /**
   * The next appends to send together: exact expectations only, each stream once (a later append
   * to the same stream waits for the next batch). Any other append goes alone, in its turn.
   */
  private takeBatch(limit: number): PendingAppend[] {
    if (this.pending[0].expectedCode < -1) return this.pending.splice(0, 1);
    const streams = new Set<string>();
    const batch: PendingAppend[] = [];
    const rest: PendingAppend[] = [];
    const most = Math.min(limit, MAX_APPENDS_PER_BATCH);
    let events = 0;
    for (const p of this.pending) {
      const fits = batch.length === 0 || (batch.length < most && events + p.events.length <= MAX_EVENTS_PER_BATCH);
      if (fits && p.expectedCode >= -1 && !streams.has(p.streamId)) {
        streams.add(p.streamId);
        batch.push(p);
        events += p.events.length;
      } else rest.push(p);
    }
    this.pending = rest;
    return batch;
  }

  private async appendOne(p: PendingAppend): Promise<void> {
    try {
      const { rows } = await this.pool.query<AppendRow>({
        name: 'event_store_append',
        text: 'SELECT o_status, o_revision, o_tx, o_seq FROM event_store.append($1, $2, $3::uuid[], $4::text[], $5::int[], $6::json[], $7::json[])',
        values: [
          p.streamId,
          p.expectedCode,
          uuidArray(p.ids),
          textArray(p.events.map((e) => e.type)),
          int4Array(p.events.map((e) => e.schemaVersion ?? 1)),
          jsonArray(p.events.map((e) => JSON.stringify(e.data))),
          jsonArray(p.events.map((e) => JSON.stringify(e.metadata ?? {}))),
        ],
      });
      if (this.settle(p, rows[0])) this.announce();
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'events_event_id_key') {
        p.reject(new DuplicateEventIdError(p.streamId, p.ids));
      } else {
        p.reject(error);
      }
    }
  }

  private async appendBatch(batch: PendingAppend[]): Promise<void> {
    // Sorted by stream id: every batch locks streams in the same order.
    const sorted = [...batch].sort((x, y) => (x.streamId < y.streamId ? -1 : 1));
    const events = sorted.flatMap((p) => p.events);
    let rows: (AppendRow & { o_index: number })[];
    try {
      ({ rows } = await this.pool.query<AppendRow & { o_index: number }>({
        name: 'event_store_append_batch',
        text: 'SELECT o_index, o_status, o_revision, o_tx, o_seq FROM event_store.append_batch($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::json[], $8::json[])',
        values: [
          textArray(sorted.map((p) => p.streamId)),
          int8Array(sorted.map((p) => p.expectedCode)),
          int4Array(sorted.map((p) => p.events.length)),
          uuidArray(sorted.flatMap((p) => p.ids)),
          textArray(events.map((e) => e.type)),
          int4Array(events.map((e) => e.schemaVersion ?? 1)),
          jsonArray(events.map((e) => JSON.stringify(e.data))),
          jsonArray(events.map((e) => JSON.stringify(e.metadata ?? {}))),
        ],
      }));
    } catch {
      // Nothing of the batch was written (an id used by another event, a stream created
      // concurrently, ...): append one by one, so each caller gets its own answer.
      await Promise.all(sorted.map((p) => this.appendOne(p)));
      return;
    }
    // One announcement for the batch's commit, however many of its appends wrote events.
    let wrote = false;
    for (const row of rows) wrote = this.settle(sorted[row.o_index - 1], row) || wrote;
    if (wrote) this.announce();
  }

  /** Answers the append's caller; true if it wrote events (the caller announces them). */
  private settle(p: PendingAppend, row: AppendRow): boolean {
    const revision = Number(row.o_revision);
    switch (row.o_status) {
      case 0:
        p.resolve({ nextExpectedRevision: revision, position: `${row.o_tx}/${row.o_seq}`, idempotentReplay: false });
        return true;
      case 1:
        p.resolve({ nextExpectedRevision: revision, position: `${row.o_tx}/${row.o_seq}`, idempotentReplay: true });
        return false;
      case 2:
        p.reject(new WrongExpectedRevisionError(p.streamId, p.expected, revision));
        return false;
      case 3:
        p.reject(new DuplicateEventIdError(p.streamId, p.ids));
        return false;
      default:
        p.reject(new Error(`event_store.append returned unknown status ${row.o_status}`));
        return false;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const limit = options.maxCount ?? 2_147_483_647;
    const { rows } = await this.pool.query<EventRow>({
      name: 'event_store_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      values: [streamId, from, limit],
    });
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ revision: string }>({
      name: 'event_store_stream_revision',
      text: 'SELECT revision FROM event_store.streams WHERE stream_id = $1',
      values: [streamId],
    });
    return rows.length ? Number(rows[0].revision) : -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const [tx, seq] = this.decodePosition(options.after ?? null);
    const limit = options.maxCount ?? 1000;
    // Only rows written by transactions older than every transaction still running are returned:
    // nothing that sorts before them can still commit, so a checkpoint never skips an event.
    const { rows } = await this.pool.query<EventRow>({
      name: 'event_store_read_all',
      text: `SELECT ${EVENT_COLUMNS} FROM event_store.events
              WHERE (tx_id, seq) > ($1::xid8, $2::bigint) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY tx_id, seq LIMIT $3`,
      values: [tx.toString(), seq.toString(), limit],
    });
    const events = rows.map(toRecorded);
    return { events, checkpoint: events.length ? events[events.length - 1].position : (options.after ?? null) };
  }

  async headPosition(): Promise<string | null> {
    const { rows } = await this.pool.query<{ tx_id: string; seq: string }>({
      name: 'event_store_head',
      // Every committed event, including those a global read still holds back behind an older
      // transaction that is running: waiting for this position waits for all of them.
      text: 'SELECT tx_id, seq FROM event_store.events ORDER BY tx_id DESC, seq DESC LIMIT 1',
    });
    return rows.length ? `${rows[0].tx_id}/${rows[0].seq}` : null;
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    const batchSize = options.batchSize ?? 500;
    const signal = options.signal;
    const { wakeup, dispose } = this.hub.register();
    try {
      await this.ensureListening();
      let checkpoint = options.after ?? null;
      let backoff = 0;
      while (!signal?.aborted && !this.closed) {
        wakeup.clear();
        const { events, checkpoint: next, pending } = await this.readAllAndPending(checkpoint, batchSize);
        if (events.length > 0) {
          checkpoint = next;
          backoff = 0;
          yield events;
          if (events.length === batchSize) continue;
        }
        if (pending) {
          backoff = Math.min(Math.max(1, backoff * 2), MAX_PENDING_BACKOFF_MS);
          await wakeup.wait(backoff, signal);
        } else {
          backoff = 0;
          await wakeup.wait(IDLE_POLL_MS, signal);
        }
      }
    } finally {
      dispose();
    }
  }

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const batch = this.options.verifyBatchSize ?? 5000;
    let streamsChecked = 0;
    let eventsChecked = 0;
    let broken: BrokenLink | undefined;
    let current: { streamId: string; nextRevision: number; hash: string } | null = null;
    const heads = new Map<string, { revision: number; hash: string }>();

    const finishStream = (s: { streamId: string; nextRevision: number; hash: string }): BrokenLink | undefined => {
      const head = heads.get(s.streamId);
      if (!head)
        return {
          streamId: s.streamId,
          revision: s.nextRevision - 1,
          reason: 'head_mismatch',
          expected: 'a stream head',
          actual: 'none',
        };
      if (head.revision > s.nextRevision - 1)
        return {
          streamId: s.streamId,
          revision: s.nextRevision,
          reason: 'missing_events',
          expected: String(head.revision),
          actual: String(s.nextRevision - 1),
        };
      if (head.revision !== s.nextRevision - 1 || head.hash !== s.hash) {
        return {
          streamId: s.streamId,
          revision: s.nextRevision - 1,
          reason: 'head_mismatch',
          expected: head.hash,
          actual: s.hash,
        };
      }
      return undefined;
    };

    let after: [string, number] = ['', -1];
    scan: for (;;) {
      const { rows } = await this.pool.query<
        Omit<EventRow, 'data' | 'metadata' | 'recorded_at' | 'hash'> & {
          data_text: string;
          metadata_text: string;
          recorded_at: Date;
          hash: Buffer;
        }
      >(
        `SELECT stream_id, revision, event_id, type, schema_version, recorded_at, data::text AS data_text, metadata::text AS metadata_text, hash
           FROM event_store.events
          WHERE (stream_id, revision) > ($1, $2) ${options.streamId !== undefined ? 'AND stream_id = $4' : ''}
          ORDER BY stream_id, revision LIMIT $3`,
        options.streamId !== undefined ? [after[0], after[1], batch, options.streamId] : [after[0], after[1], batch],
      );
      if (rows.length === 0) break;
      const newStreams = [...new Set(rows.map((r) => r.stream_id))].filter((id) => !heads.has(id));
      if (newStreams.length) {
        const h = await this.pool.query<{ stream_id: string; revision: string; last_hash: Buffer }>(
          'SELECT stream_id, revision, last_hash FROM event_store.streams WHERE stream_id = ANY($1)',
          [newStreams],
        );
        for (const r of h.rows)
          heads.set(r.stream_id, { revision: Number(r.revision), hash: r.last_hash.toString('hex') });
      }
      for (const row of rows) {
        const revision = Number(row.revision);
        if (!current || current.streamId !== row.stream_id) {
          if (current) {
            broken = finishStream(current);
            if (broken) break scan;
          }
          current = { streamId: row.stream_id, nextRevision: 0, hash: GENESIS_HASH };
          streamsChecked++;
        }
        if (revision !== current.nextRevision) {
          broken = {
            streamId: row.stream_id,
            revision: current.nextRevision,
            reason: 'revision_gap',
            expected: String(current.nextRevision),
            actual: String(revision),
          };
          break scan;
        }
        const recomputed = chainHash(
          current.hash,
          canonicalForm({
            streamId: row.stream_id,
            revision,
            id: row.event_id,
            type: row.type,
            schemaVersion: row.schema_version,
            recordedAt: row.recorded_at.toISOString(),
            dataText: row.data_text,
            metadataText: row.metadata_text,
          }),
        );
        const stored = row.hash.toString('hex');
        if (recomputed !== stored) {
          broken = { streamId: row.stream_id, revision, reason: 'hash_mismatch', expected: recomputed, actual: stored };
          break scan;
        }
        current.hash = stored;
        current.nextRevision++;
        eventsChecked++;
      }
      const last = rows[rows.length - 1];
      after = [last.stream_id, Number(last.revision)];
    }
    if (!broken && current) broken = finishStream(current);

    // A stream head with no events left at all (every event deleted).
    const orphan = await this.pool.query<{ stream_id: string; revision: string }>(
      `SELECT s.stream_id, s.revision FROM event_store.streams s
        WHERE NOT EXISTS (SELECT 1 FROM event_store.events e WHERE e.stream_id = s.stream_id)
          ${options.streamId !== undefined ? 'AND s.stream_id = $1' : ''}
        ORDER BY s.stream_id LIMIT 1`,
      options.streamId !== undefined ? [options.streamId] : [],
    );
    if (orphan.rows.length) {
      const o = orphan.rows[0];
      if (!broken || o.stream_id < broken.streamId) {
        broken = { streamId: o.stream_id, revision: 0, reason: 'missing_events', expected: o.revision, actual: '-1' };
      }
    }
    return broken
      ? { ok: false, streamsChecked, eventsChecked, firstBroken: broken }
      : { ok: true, streamsChecked, eventsChecked };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.notifyAll();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
    // pool.end() resolves once it has asked each client to close, not once they have: a server
    // stopped right after (the embedded one at shutdown) would otherwise terminate connections
    // still closing, and each would report 57P01.
    await this.untilClientsClosed(2_000);
  }

  private untilClientsClosed(timeoutMs: number): Promise<void> {
    if (this.openClients <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pool.off('remove', check);
        resolve();
      };
      const check = () => {
        if (this.openClients <= 0) done();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref?.();
      this.pool.on('remove', check);
    });
  }

  /** Raw pool, for the store's own tests and tools (integrity checks, migrations). */
  get sqlPool(): Pool {
    return this.pool;
  }

  private decodePosition(position: string | null): [bigint, bigint] {
    if (position === null) return [0n, 0n];
    const parsed = parsePosition(position);
    if (!parsed) throw new InvalidPositionError(`not a position of this store: ${position.slice(0, 60)}`);
    return parsed;
  }

  /**
   * `readAll`, and in the same statement (so the same snapshot) whether committed events wait
   * behind a transaction still running (`pending`: they are held back, so poll again soon). One
   * round trip per wake of a subscription instead of two. The statement always returns a row: the
   * flag with no event when nothing is to be read.
   */
  private async readAllAndPending(after: string | null, limit: number): Promise<ReadAllResult & { pending: boolean }> {
    const [tx, seq] = this.decodePosition(after);
    const { rows } = await this.pool.query<Partial<EventRow> & { pending: boolean }>({
      name: 'event_store_read_all_and_pending',
      // max() over the index is a one-row backward scan whatever the table's statistics say; an
      // EXISTS with a range condition is planned as a full scan on a table not yet analysed.
      text: `SELECT p.pending, e.* FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
              CROSS JOIN LATERAL (SELECT coalesce(max(tx_id) >= s.xmin, false) AS pending FROM event_store.events) p
              LEFT JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM event_store.events
                                  WHERE (tx_id, seq) > ($1::xid8, $2::bigint) AND tx_id < s.xmin
                                  ORDER BY tx_id, seq LIMIT $3) e ON true
             ORDER BY e.tx_id, e.seq`,
      values: [tx.toString(), seq.toString(), limit],
    });
    const events = rows.filter((r) => r.event_id != null).map((r) => toRecorded(r as EventRow));
    return {
      events,
      checkpoint: events.length ? events[events.length - 1].position : after,
      pending: rows[0]?.pending ?? false,
    };
  }

  /**
   * After a commit: wake this process's subscribers at once, and other processes through
   * NOTIFY. Notifications are coalesced (one in flight, at most one more queued), so a burst of
   * appends costs a few NOTIFYs, not one each.
   */
  private announce(): void {
    this.hub.notifyAll();
    if (this.notifyInFlight) {
      this.notifyAgain = true;
      return;
    }
    this.notifyInFlight = true;
    const send = (): void => {
      this.notifyAgain = false;
      this.pool
        .query({ text: 'SELECT pg_notify($1, $2)', values: [this.channel, this.notifier] })
        .catch((error) => this.options.onBackgroundError?.(error))
        .finally(() => {
          if (this.notifyAgain && !this.closed) setTimeout(send, NOTIFY_INTERVAL_MS);
          else this.notifyInFlight = false;
        });
    };
    send();
  }

  private async ensureListening(): Promise<void> {
    if (this.listener || this.closed) return;
    if (!this.listenerStarting) {
      this.listenerStarting = this.startListener().finally(() => (this.listenerStarting = null));
    }
    await this.listenerStarting;
  }

  private async startListener(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString });
    // Another process's append (or another store's in this one); this store's own were announced at their commit.
    client.on('notification', (message) => {
      if (message.payload !== this.notifier) this.hub.notifyAll();
    });
    client.on('error', (error) => {
      this.options.onBackgroundError?.(error);
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
      // Subscribers keep polling at the idle interval meanwhile; reconnect while any are live.
      setTimeout(() => {
        if (!this.closed && this.hub.size > 0) this.ensureListening().catch((e) => this.options.onBackgroundError?.(e));
      }, 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
  }
}
