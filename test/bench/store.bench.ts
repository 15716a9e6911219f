/**
 * Benchmark of the PostgreSQL event store (not a test).
 *
 * Workload:
 *   warm-up  WARMUP single-event appends (unmeasured);
 *   A        WRITERS closed-loop writers, one ~500-byte event per append with an exact expected
 *            revision, EVENTS events in streams of STREAM_LEN;
 *   B        the same with 10 events per append, streams of 20 (two appends each);
 *   C        one reader reads READ_WARMUP streams of B (unmeasured; none by default, as the peer),
 *            then READS random streams
 *            of A fully;
 *   D        one reader reads the whole global log from the start with `readAll`, CATCHUP_BATCH
 *            events per call, and checks every event written above arrived exactly once.
 *
 * Env: DATABASE_URL (absent: an embedded server is started and removed afterwards), EVENTS (20000),
 * WRITERS (16), POOL (WRITERS + 4), STREAM_LEN (10), READS (2000), CATCHUP_BATCH (1000), WARMUP (200),
 * READ_WARMUP (0).
 * Progress goes to stderr; the only stdout line is one JSON object.
 */
import { randomInt, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  PostgresEventStore,
  WrongExpectedRevisionError,
  type ExpectedRevision,
  type JsonObject,
  type NewEvent,
} from '@hubline/event-store';
import { startEmbeddedPostgres, type RunningPostgres } from '@hubline/database';

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

const EVENTS = int('EVENTS', 20_000);
const WRITERS = int('WRITERS', 16);
// The writers, plus room for the store's coalesced NOTIFY so it never queues behind an append.
const POOL = int('POOL', WRITERS + 4);
const STREAM_LEN = int('STREAM_LEN', 10);
const BATCH = 10;
const BATCH_STREAM_LEN = 2 * BATCH;
const READS = int('READS', 2000);
// One round trip per 1,000 events keeps the per-query overhead small without large result sets.
const CATCHUP_BATCH = int('CATCHUP_BATCH', 1000);
const WARMUP = process.env.WARMUP === '0' ? 0 : int('WARMUP', 200);
// Reads made before C and not timed; none by default, so that C is the peer's workload. The first
// thousand or so queries of a process run while V8 is still compiling the driver's query path on
// background threads, which on two cores compete with the reads being timed; how many of those
// compilations fall into C depends on how many queries A and B made, not on the reads themselves.
// READ_WARMUP=4000 shows the read path once compiled (after 2,000 V8 still compiled a few of the
// driver's functions during C, after 4,000 only the benchmark's own).
const READ_WARMUP = process.env.READ_WARMUP === '0' ? 0 : int('READ_WARMUP', 0);

const log = (...parts: unknown[]): void => console.error('[bench:store]', ...parts);

// ---------- figures ----------

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentiles. */
function summarize(latencies: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = Float64Array.from(latencies).sort();
  const pct = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { p50: round(pct(50), 3), p95: round(pct(95), 3), p99: round(pct(99), 3), max: round(s[s.length - 1], 3) };
}

/** Splits `total` into `parts` near-equal shares. */
const shares = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

// ---------- events: a ~500-byte case note ----------

const WORDS = (
  'client reported housing benefit appointment follow up referral support plan ' +
  'agreed visit review risk assessment contact phone letter tenancy arrears ' +
  'income advice wellbeing school attendance consent shared carer update'
).split(' ');
const TARGET_DATA_BYTES = 500;

function makeText(length: number): string {
  let text = '';
  while (text.length < length) text += WORDS[randomInt(WORDS.length)] + ' ';
  return text.slice(0, length);
}

function caseNoteEvent(caseId: string, sequence: number): NewEvent {
  const now = new Date().toISOString();
  const data: JsonObject = {
    caseId,
    noteId: randomUUID(),
    authorId: randomUUID(),
    sequence,
    category: 'follow-up',
    visibility: 'team',
    occurredAt: now,
    recordedAt: now,
    tags: ['housing', 'benefits'],
    text: '',
  };
  data.text = makeText(Math.max(16, TARGET_DATA_BYTES - JSON.stringify(data).length));
  return { id: randomUUID(), type: 'CaseNoteAdded', data };
}

// ---------- writers ----------

interface Stream {
  id: string;
  caseId: string;
  /** Revision of the stream's last event, -1 before the first append. */
  revision: number;
}

const newStream = (prefix: string): Stream => ({ id: `${prefix}-${randomUUID()}`, caseId: randomUUID(), revision: -1 });
const expectedOf = (s: Stream): ExpectedRevision => (s.revision < 0 ? 'no_stream' : s.revision);

/**
 * Each writer owns its streams and appends to them round-robin, so a stream's appends are spread
 * over the run yet always carry the revision its writer knows to be current.
 */
function plan(
  prefix: string,
  appends: number,
  writers: number,
  appendsPerStream: number,
): { ops: Stream[][]; streams: Stream[] } {
  const ops = shares(appends, writers).map((n) => {
    const streams = Array.from({ length: Math.ceil(n / appendsPerStream) }, () => newStream(prefix));
    return Array.from({ length: n }, (_, i) => streams[i % streams.length]);
  });
  return { ops, streams: [...new Set(ops.flat())] };
}

/** Closed-loop writers: build the events (untimed), then time one append. */
async function runWriters(
  store: PostgresEventStore,
  ops: Stream[][],
  eventsPerAppend: number,
  written: Set<string>,
): Promise<{ seconds: number; latencies: number[]; events: number; conflicts: number }> {
  const latencies: number[] = [];
  let events = 0;
  let conflicts = 0;
  const t0 = performance.now();
  await Promise.all(
    ops.map(async (mine) => {
      for (const stream of mine) {
        const batch = Array.from({ length: eventsPerAppend }, (_, i) =>
          caseNoteEvent(stream.caseId, stream.revision + i + 2),
        );
        const start = performance.now();
        try {
          const result = await store.append(stream.id, batch, expectedOf(stream));
          stream.revision = result.nextExpectedRevision;
          for (const e of batch) written.add(e.id);
          events += batch.length;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          conflicts++;
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, latencies, events, conflicts };
}

// ---------- run ----------

let embedded: RunningPostgres | null = null;
let stopping: Promise<void> | null = null;
let interrupted = false;

/** One stop for every caller: the data directory is removed only after the server has exited. */
function stopEmbedded(): Promise<void> {
  stopping ??= embedded ? embedded.stop() : Promise.resolve();
  return stopping;
}

async function main(): Promise<void> {
  const started = performance.now();
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(os.tmpdir(), `hubline-store-bench-pg-${process.pid}`);
    log(`no DATABASE_URL: starting an embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
    url = embedded.adminUrl;
  }

  // Once closed or interrupted, connections still open see the embedded server stop: not worth a report.
  let closed = false;
  const store = new PostgresEventStore({
    connectionString: url,
    poolSize: POOL,
    onBackgroundError: (error) => {
      if (!closed && !interrupted) log('background error', error);
    },
  });
  const pool = store.sqlPool;
  const server = (
    await pool.query<{ v: string; sc: string; fs: string; sb: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc,
              current_setting('fsync') AS fs, current_setting('shared_buffers') AS sb`,
    )
  ).rows[0];
  log(
    `server PostgreSQL ${server.v} (synchronous_commit=${server.sc}, fsync=${server.fs}, shared_buffers=${server.sb})`,
  );
  await store.migrate();

  const written = new Set<string>();
  const payloadBytes = JSON.stringify(caseNoteEvent(randomUUID(), 1).data).length;

  if (WARMUP > 0) {
    await runWriters(store, plan('warmup', WARMUP, Math.min(WRITERS, WARMUP), STREAM_LEN).ops, 1, written);
    log(`warm-up: ${WARMUP} appends`);
  }

  // A: one event per append.
  const planA = plan('caseNote', EVENTS, WRITERS, STREAM_LEN);
  const A = await runWriters(store, planA.ops, 1, written);
  const aLat = summarize(A.latencies);
  log(
    `A append: ${A.events} events in ${round(A.seconds)} s = ${round(A.events / A.seconds, 0)} ev/s; latency ms p50 ${aLat.p50} p95 ${aLat.p95} p99 ${aLat.p99} max ${aLat.max}; conflicts ${A.conflicts}; streams ${planA.streams.length}`,
  );

  // A stale expected revision must be refused, or the figures above measured the wrong thing.
  let staleRejected = false;
  const first = planA.streams[0];
  try {
    await store.append(first.id, [caseNoteEvent(first.caseId, 0)], first.revision - 1);
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    staleRejected = true;
  }
  log(`stale expected revision rejected: ${staleRejected}`);

  // B: ten events per append, two appends per stream.
  const planB = plan('caseNoteBatch', Math.ceil(EVENTS / BATCH), WRITERS, BATCH_STREAM_LEN / BATCH);
  const B = await runWriters(store, planB.ops, BATCH, written);
  const bLat = summarize(B.latencies);
  log(
    `B batch: ${B.events} events in ${B.latencies.length} appends in ${round(B.seconds)} s = ${round(B.events / B.seconds, 0)} ev/s; append latency ms p50 ${bLat.p50} p99 ${bLat.p99}; conflicts ${B.conflicts}`,
  );

  // C: read random streams of A fully, one at a time (after READ_WARMUP unmeasured reads of B's streams).
  for (let i = 0; i < READ_WARMUP; i++) await store.readStream(planB.streams[i % planB.streams.length].id);
  if (READ_WARMUP > 0) log(`read warm-up: ${READ_WARMUP} reads of B's streams`);
  const pick = [...planA.streams];
  for (let i = pick.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pick[i], pick[j]] = [pick[j], pick[i]];
  }
  const cLatencies: number[] = [];
  let cEvents = 0;
  let readMismatches = 0;
  const tC = performance.now();
  for (let i = 0; i < READS; i++) {
    const stream = pick[i % pick.length];
    const start = performance.now();
    const events = await store.readStream(stream.id);
    cLatencies.push(performance.now() - start);
    cEvents += events.length;
    if (events.length !== stream.revision + 1 || events[events.length - 1]?.revision !== stream.revision)
      readMismatches++;
  }
  const cSeconds = (performance.now() - tC) / 1000;
  const cLat = summarize(cLatencies);
  log(
    `C read stream: ${READS} streams (${cEvents} events) in ${round(cSeconds)} s; latency ms p50 ${cLat.p50} p95 ${cLat.p95} p99 ${cLat.p99} max ${cLat.max}; mismatches ${readMismatches}`,
  );

  // D: catch up on the whole global log; ids are checked after the timed loop.
  const delivered: string[] = [];
  let batches = 0;
  let checkpoint: string | null = null;
  const tD = performance.now();
  for (;;) {
    const page = await store.readAll({ after: checkpoint, maxCount: CATCHUP_BATCH });
    batches++;
    if (page.events.length === 0) break;
    for (const e of page.events) delivered.push(e.id);
    checkpoint = page.checkpoint;
  }
  const dSeconds = (performance.now() - tD) / 1000;
  const seen = new Set(delivered);
  let missing = 0;
  for (const id of written) if (!seen.has(id)) missing++;
  let unexpected = 0;
  for (const id of seen) if (!written.has(id)) unexpected++;
  const stored = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0].n);
  log(
    `D catch-up (readAll, batch ${CATCHUP_BATCH}): ${delivered.length} delivered (${seen.size} unique of ${written.size} written, ${stored} stored) in ${batches} reads, ${round(dSeconds)} s = ${round(delivered.length / dSeconds, 0)} ev/s; missing ${missing}, duplicates ${delivered.length - seen.size}, unexpected ${unexpected}`,
  );

  const tableBytes = Number(
    (await pool.query<{ b: string }>(`SELECT pg_total_relation_size('event_store.events')::text AS b`)).rows[0].b,
  );
  closed = true;
  await store.close();

  const result = {
    store: 'hubline-postgres',
    append_eps: round(A.events / A.seconds, 1),
    append_p50_ms: aLat.p50,
    append_p95_ms: aLat.p95,
    append_p99_ms: aLat.p99,
    batch_eps: round(B.events / B.seconds, 1),
    batch_call_p50_ms: bLat.p50,
    batch_call_p99_ms: bLat.p99,
    read_stream_p50_ms: cLat.p50,
    read_stream_p95_ms: cLat.p95,
    read_stream_p99_ms: cLat.p99,
    catchup_eps: round(delivered.length / dSeconds, 1),
    catchup_events: delivered.length,
    catchup_unique: seen.size,
    catchup_missing: missing,
    catchup_duplicates: delivered.length - seen.size,
    catchup_unexpected: unexpected,
    catchup_batch: CATCHUP_BATCH,
    stored_events: stored,
    written_events: written.size,
    events: EVENTS,
    writers: WRITERS,
    pool: POOL,
    stream_len: STREAM_LEN,
    reads: READS,
    read_warmup: READ_WARMUP,
    warmup: WARMUP,
    payload_bytes: payloadBytes,
    events_table_bytes: tableBytes,
    conflicts: A.conflicts + B.conflicts,
    stale_rejected: staleRejected,
    read_mismatches: readMismatches,
    pg: server.v,
    synchronous_commit: server.sc,
    fsync: server.fs,
    shared_buffers: server.sb,
    server: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
    node: process.version,
    cpus: os.cpus().length,
    total_s: round((performance.now() - started) / 1000, 1),
  };
  await stopEmbedded();
  process.stdout.write(JSON.stringify(result) + '\n');
}

// An interrupted run must not leave an embedded server (and its data directory) behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping`);
    void stopEmbedded()
      .catch(() => undefined)
      .finally(() => process.exit(130));
  });
}

main().catch(async (error) => {
  if (interrupted) return; // the signal handler stops the server and exits
  log('FAILED', error);
  await stopEmbedded().catch(() => undefined);
  process.exit(1);
});
