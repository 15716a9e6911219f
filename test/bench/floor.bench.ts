/**
 * The floor under the timeline read's targets (not a test): how fast can anything serve it on
 * this machine?
 *
 * `bench:timeline` reads a victim's 200-entry timeline, 8 readers at a time, and asks for 600
 * reads/s with p99 at most 25 ms, and one reader's p99 at most 8 ms. This benchmark serves an
 * answer of the same size with the least work any correct implementation of that read must do,
 * and measures it with the same client (test/bench/timeline/read-worker.ts: a worker thread of
 * this process, 8 closed loops over HTTP on the loopback) against the same embedded PostgreSQL:
 *   - one HTTP request, on Node's own `http` server (no framework, no validation, no logging);
 *     the bearer token is compared as a string (no signature checked);
 *   - one statement: the caller's agency may see the person, and the page, built as the answer's
 *     JSON text by PostgreSQL (no rows parsed, nothing serialised on the server's thread);
 *   - the consultation recorded durably before the answer is sent (the law's record of who read
 *     whom: a row committed with the server's `synchronous_commit`, as the hub's log append is),
 *     in one of two ways (VARIANT):
 *       `one`       each read inserts its own row: two statements per read;
 *       `coalesced` the reads waiting at the same moment share one insert and one commit (what the
 *                   hub's event store does with concurrent appends): under two per read;
 *       `none`      no consultation at all (not allowed: it shows what the durable record costs);
 *   and with `+N` after the variant's name (`one+3`), N more statements before the page, each a
 *   one-row read by primary key (as a stream's head or a person's row is read): what each further
 *   statement of a read costs on this machine.
 * SERVERS says which servers serve it, each variant in turn: `node` (the above), `nest` (NestJS on
 * Fastify as it comes, the customer's stack) and `hub-http` (the same controller inside Hubline's
 * own HTTP service: its gate, pipe, interceptor, filter, hooks and request logger); see
 * floor/nest-servers.ts. The same read and the same statements behind each: the difference between
 * them is what the framework, then Hubline's HTTP layer, cost a read.
 * It leaves out what the hub must also do: verify a signed token, decide the access policy from
 * the people register, keep a hash-chained log, apply the consultation to the audit read model,
 * render each entry's summary from the partnership's names. So its figures are a ceiling on what
 * the hub can reach here, not a goal it could meet.
 *
 * Env: DATABASE_URL (as bench:timeline: absent, an embedded server is started and removed),
 * SERVERS (`node`), VARIANTS (`one,coalesced,none`), READS (2000 per variant, 8 at a time),
 * READ_CONCURRENCY (8), SOLO_READS (500, one at a time), PEOPLE (1000 people of 200 entries each in the table),
 * SUMMARY_CHARS (the length of each entry's summary, to match the hub's answer's size), CPU_PROFILE
 * (a folder: a CPU profile of the server's thread for each server and variant, as bench:timeline's).
 * Progress goes to stderr; the last stdout line is one JSON object.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { Pool } from 'pg';
import { startFrameworkServer, type FloorRead, type FrameworkServer } from './floor/nest-servers';
import { int, round, summarize } from './timeline/figures';
import { openBenchDatabase } from './timeline/hub';
import { MachineWatch } from './timeline/machine';
import { profiled } from './timeline/profile';
import { readTimelines } from './timeline/reads';

const VARIANTS = (process.env.VARIANTS ?? 'one,coalesced,none').split(',');
const SERVERS = (process.env.SERVERS ?? 'node').split(',');
for (const server of SERVERS)
  if (!['node', 'nest', 'hub-http'].includes(server))
    throw new Error(`unknown server '${server}': node, nest or hub-http`);
const READS = int('READS', 2000);
const READ_CONCURRENCY = int('READ_CONCURRENCY', 8);
const SOLO_READS = int('SOLO_READS', 500);
const PEOPLE = int('PEOPLE', 1000);
const SUMMARY_CHARS = int('SUMMARY_CHARS', 50);
const ENTRIES = 200;
const WARMUP = 200;
const TOKEN = randomUUID();

type Variant = 'one' | 'coalesced' | 'none';

/** `one`, `coalesced` or `none`, with `+N` for N further statements per read. */
function parseVariant(name: string): { recording: Variant; extra: number } {
  const match = /^(one|coalesced|none)(?:\+(\d+))?$/.exec(name);
  if (!match) throw new Error(`unknown variant '${name}': one, coalesced or none, with +N for N more statements`);
  return { recording: match[1] as Variant, extra: Number(match[2] ?? 0) };
}

const log = (...parts: unknown[]): void => console.error('[bench:floor]', ...parts);

/** Tables shaped as the read needs them: the access a person's agencies give, and entries as JSON. */
async function seed(pool: Pool): Promise<{ personId: string; agencyId: string }> {
  await pool.query(`
    CREATE TABLE people (person_id uuid PRIMARY KEY, answer_head json NOT NULL);
    CREATE TABLE access (person_id uuid, agency_id uuid, PRIMARY KEY (person_id, agency_id));
    CREATE TABLE entries (person_id uuid, seq bigint, body json NOT NULL, PRIMARY KEY (person_id, seq));
    CREATE TABLE streams (stream_id text PRIMARY KEY, revision bigint NOT NULL);
    CREATE TABLE consultations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, person_id uuid NOT NULL, agency_id uuid NOT NULL,
      purpose text NOT NULL, at timestamptz NOT NULL DEFAULT now());`);
  const agencyId = randomUUID();
  const summary = 'x'.repeat(SUMMARY_CHARS);
  // Entries in the shape of the hub's TimelineEntry; generated by PostgreSQL, a person per statement.
  const people: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const personId = randomUUID();
    people.push(personId);
    await pool.query(
      `WITH p AS (INSERT INTO people VALUES ($1::uuid, json_build_object(
           'person', json_build_object('personId', $1::uuid, 'name', 'Alex Example', 'dateOfBirth', '1980-01-01'),
           'header', json_build_object('categories', json_build_array('asb'), 'risk', 'high', 'openCases', 2))))
       , a AS (INSERT INTO access VALUES ($1::uuid, $2::uuid))
       , s AS (INSERT INTO streams VALUES ('person-' || $1::uuid, 3))
       INSERT INTO entries
       SELECT $1, n, json_build_object(
         'eventId', gen_random_uuid(), 'type', 'LagReferralReviewed',
         'occurredAt', to_char(now() - n * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'role', 'victim',
         'agency', json_build_object('agencyId', $2::uuid, 'name', 'Essex Police'),
         'summary', $3::text,
         'case', json_build_object('type', 'lag_referral', 'id', gen_random_uuid(),
                                   'link', '/lag/referrals/' || gen_random_uuid()))
       FROM generate_series(1, ${ENTRIES}) n`,
      [personId, agencyId, summary],
    );
  }
  await pool.query('VACUUM ANALYZE');
  return { personId: people[0], agencyId };
}

/** The page and the access check in one statement, answered as the JSON text sent as it is. */
const PAGE = `
  SELECT json_build_object('personId', p.person_id, 'kind', 'victim', 'person', p.answer_head->'person',
           'header', p.answer_head->'header',
           'entries', (SELECT coalesce(json_agg(e.body ORDER BY e.seq DESC), '[]')
                         FROM (SELECT body, seq FROM entries WHERE person_id = $1 ORDER BY seq DESC LIMIT ${ENTRIES}) e),
           'nextBefore', null)::text AS answer
    FROM people p JOIN access a ON a.person_id = p.person_id AND a.agency_id = $2
   WHERE p.person_id = $1`;

/** Records consultations: each on its own, or those waiting at the same moment in one insert. */
function recorder(pool: Pool, variant: Variant): (personId: string, agencyId: string) => Promise<void> {
  if (variant === 'none') return async () => {};
  if (variant === 'one')
    return async (personId, agencyId) => {
      await pool.query({
        name: 'consult',
        text: `INSERT INTO consultations (person_id, agency_id, purpose) VALUES ($1, $2, 'case_management')`,
        values: [personId, agencyId],
      });
    };
  let waiting: { personId: string; agencyId: string; done: (error?: unknown) => void }[] = [];
  let inFlight = false;
  const flush = (): void => {
    if (inFlight || waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    inFlight = true;
    pool
      .query({
        name: 'consult-many',
        text: `INSERT INTO consultations (person_id, agency_id, purpose)
               SELECT p, a, 'case_management' FROM unnest($1::uuid[], $2::uuid[]) AS t(p, a)`,
        values: [batch.map((b) => b.personId), batch.map((b) => b.agencyId)],
      })
      .then(
        () => batch.forEach((b) => b.done()),
        (error: unknown) => batch.forEach((b) => b.done(error)),
      )
      .finally(() => {
        inFlight = false;
        flush();
      });
  };
  return (personId, agencyId) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ personId, agencyId, done: (error) => (error ? reject(error) : resolve()) });
      flush();
    });
}

/** The read: the token compared, `extra` one-row statements, the page, the consultation recorded. */
function floorRead(
  pool: Pool,
  agencyId: string,
  record: (p: string, a: string) => Promise<void>,
  extra: number,
): FloorRead {
  return async (personId, authorization) => {
    if (authorization !== `Bearer ${TOKEN}`) return 'refused';
    for (let i = 0; i < extra; i++)
      await pool.query({
        name: 'stream-head',
        text: 'SELECT revision FROM streams WHERE stream_id = $1',
        values: [`person-${personId}`],
      });
    const { rows } = await pool.query<{ answer: string }>({ name: 'page', text: PAGE, values: [personId, agencyId] });
    if (!rows[0]) return null;
    await record(personId, agencyId);
    return rows[0].answer;
  };
}

/** The read on Node's own HTTP server: no framework at all. */
function serve(read: FloorRead): http.Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = /^\/timelines\/victims\/([0-9a-f-]{36})\?/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end();
    const body = await read(match[1], req.headers.authorization);
    if (body === 'refused') return void res.writeHead(401).end();
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log('request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
}

/** Starts one server on a free loopback port. */
async function start(server: string, read: FloorRead): Promise<{ port: number; close(): Promise<void> }> {
  if (server !== 'node') return startFrameworkServer(server as FrameworkServer, read);
  const node = serve(read);
  await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));
  return {
    port: (node.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => node.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  log(
    `VARIANTS=${VARIANTS.join(',')} READS=${READS} PEOPLE=${PEOPLE}; load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  const database = await openBenchDatabase('floor');
  // As many connections as readers: no read waits for a connection.
  const pool = new Pool({ connectionString: database.url, max: READ_CONCURRENCY + 2 });
  // The pool forgets a connection before its socket has closed: one still closing when the server
  // stops is told so, and an unheard 'error' would end the run before its figures are printed.
  let ending = false;
  pool.on('error', (error) => {
    if (!ending) log('an idle connection failed', error.message);
  });
  const results: Record<string, unknown> = {};
  try {
    const settings = (
      await pool.query<{ sc: string; fsync: string }>(
        `SELECT current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fsync`,
      )
    ).rows[0];
    log(`server: synchronous_commit ${settings.sc}, fsync ${settings.fsync}`);
    const { personId, agencyId } = await seed(pool);
    log(`seeded ${PEOPLE} people of ${ENTRIES} entries; servers ${SERVERS.join(', ')}`);
    const machine = new MachineWatch();
    for (const serverKind of SERVERS)
      for (const recordingVariant of VARIANTS) {
        const { recording, extra } = parseVariant(recordingVariant);
        // Named as before for Node's own server, so earlier figures stay comparable.
        const variant = serverKind === 'node' ? recordingVariant : `${serverKind}:${recordingVariant}`;
        const server = await start(serverKind, floorRead(pool, agencyId, recorder(pool, recording), extra));
        const { port } = server;
        const job = {
          url: `http://127.0.0.1:${port}/timelines/victims/${personId}?purpose=case_management&limit=${ENTRIES}`,
          token: TOKEN,
          expectedEntries: ENTRIES,
        };
        const consultedBefore = await consultations(pool);
        machine.mark(`${variant} warm-up`);
        const reads = await profiled(`floor-${variant.replace(/[^a-z0-9+-]/g, '-')}`, () =>
          readTimelines({ ...job, warmup: WARMUP, requests: READS, concurrency: READ_CONCURRENCY }),
        );
        const cpu = machine.mark(variant)!;
        const alone = await readTimelines({ ...job, warmup: 0, requests: SOLO_READS, concurrency: 1 });
        await server.close();
        const recorded = (await consultations(pool)) - consultedBefore;
        const expected = recording === 'none' ? 0 : WARMUP + READS + SOLO_READS;
        if (recorded !== expected)
          throw new Error(`${variant}: ${recorded} consultations recorded for ${expected} reads`);
        const lat = summarize(reads.latencies);
        const soloLat = summarize(alone.latencies);
        const perS = READS / reads.seconds;
        const cpuMs = (cores: number) => round((cores / perS) * 1000, 2);
        const figures = {
          reads_per_s: round(perS, 0),
          read_p50_ms: lat.p50,
          read_p99_ms: lat.p99,
          read_alone_p50_ms: soloLat.p50,
          read_alone_p99_ms: soloLat.p99,
          failures: reads.failures + alone.failures,
          consultations_recorded: recorded,
          answer_bytes: reads.answerBytes,
          cpu,
          cpu_ms_per_read: {
            process: cpuMs(cpu.hub_process_cores),
            server_thread: cpuMs(cpu.main_thread_cores),
            postgres: cpuMs(cpu.children_cores),
          },
        };
        results[variant] = figures;
        log(
          `${variant}: ${figures.reads_per_s} reads/s (${READ_CONCURRENCY} at a time), ms p50 ${lat.p50} p99 ${lat.p99}; one at a time p50 ${soloLat.p50} p99 ${soloLat.p99}; failures ${figures.failures}${reads.firstFailure ? ` (first: ${reads.firstFailure})` : ''}; consultations recorded ${recorded}; answers of ${reads.answerBytes} bytes; CPU cores: ${cpu.hub_process_cores} this process (${cpu.main_thread_cores} the server's thread, which waited for a core ${cpu.main_thread_waiting ?? '?'} of the time), ${cpu.children_cores} PostgreSQL, ${cpu.others_cores} other work; CPU ms per read: ${figures.cpu_ms_per_read.process} process (${figures.cpu_ms_per_read.server_thread} server thread), ${figures.cpu_ms_per_read.postgres} PostgreSQL`,
        );
      }
  } finally {
    ending = true;
    await pool.end();
    await database.remove();
  }
  console.log(
    JSON.stringify({
      reads: READS,
      read_concurrency: READ_CONCURRENCY,
      people: PEOPLE,
      load_average_end: os.loadavg(),
      ...results,
    }),
  );
}

async function consultations(pool: Pool): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM consultations')).rows[0].n);
}

main().catch((error: unknown) => {
  log('failed', error);
  process.exitCode = 1;
});
