/**
 * Benchmark of victim timelines on the whole hub (not a test).
 *
 * The hub runs in this process as main.ts composes it (every context, every projection), on a
 * fresh database, serving HTTP on a loopback port. Phases:
 *   seed     the Thurrock partnership and its users, through the commands;
 *   load     at least EVENTS events about PEOPLE people, as fast as the hub takes them: people
 *            (the first few through the RegisterPerson command, the rest by the handler's own
 *            steps), then LAG referral cases with their whole history; one chosen victim has
 *            exactly 200 timeline entries (see test/bench/timeline/load.ts);
 *   catch-up until every projection has applied the whole log; then VACUUM (ANALYZE);
 *   reads    READS GET /timelines/victims/<chosen>?purpose=case_management&limit=200 as a police
 *            practitioner (an involved agency), READ_CONCURRENCY at a time, from a worker thread;
 *            each answer must be 200 with 200 entries and no further page; then up to 500 more,
 *            one at a time; and the work per read (statements, transactions, WAL flushes, the
 *            projections' share included) and what the database's sessions were doing while the
 *            READ_CONCURRENCY readers read;
 *   lag      for DURATION s, RATE review commands a second (open loop); for each, the time from
 *            its acknowledgement until the timelines projection has applied it;
 *   mixed    the lag phase again while READ_CONCURRENCY readers read the chosen victim's timeline
 *            for the whole DURATION: append-to-visible and read latency with reads and commands
 *            at the same time, the events the timelines projection applied each second, what
 *            the database's sessions were waiting for, and the longest-running transactions that
 *            held a transaction id (the log hands over nothing committed after one starts);
 *   rebuild  every read model rebuilt from position zero into new tables while the hub runs, and
 *            switched (decision 0031), timed per read model (REBUILD=0 leaves it out); then the
 *            hub's resident memory (RSS) now and at its peak, after a full garbage collection,
 *            and again after IDLE_S seconds idle.
 * Each phase also reports how much CPU other work on the machine used meanwhile.
 *
 * Env: DATABASE_URL (a fresh database is created on that server and dropped afterwards; absent:
 * an embedded server is started and removed), PEOPLE (100000), EVENTS (1000000), RATE (200),
 * DURATION (30), READS (2000), READ_CONCURRENCY (8), LOAD_CONCURRENCY (128), DATABASE_POOL_SIZE
 * (the hub's default), IDLE_S (10), CPU_PROFILE (a directory: V8 CPU profiles of the hub's thread
 * during the reads (eight at a time, then one at a time: `alone`), mixed and rebuild phases, see
 * test/bench/timeline/profile.ts), ALLOC_PROFILE (a directory: the same phases' allocations,
 * sampled, those already collected included, instead of the CPU profile), HEAP_SNAPSHOT (a file:
 * the heap of the benchmark's process, the hub's, at the end), PG_STATEMENTS (1: the reads phase's
 * statements by the database's time, see test/bench/timeline/statements.ts). The memory is reported before each phase
 * from the catch-up on. Progress goes to stderr, with each
 * target (TARGETS) met or not; the last stdout line is one JSON object.
 */
import os from 'node:os';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { londonDay } from '@hubline/calendar';
import { actorOf, seedPartnership, seedPeople, THURROCK } from '@hubline/demo';
import { comparePositions } from '@hubline/event-store';
import type { ProjectionsService } from '@hubline/projections';
import type { Cast } from './timeline/cases';
import { countWork, perUnit } from './timeline/counters';
import { explainTimelineRead } from './timeline/explain';
import { residentBreakdown } from './timeline/resident';
import { int, log, round, sleep, summarize } from './timeline/figures';
import { startBenchHub, stopBenchHub, type BenchHub } from './timeline/hub';
import { measureLag } from './timeline/lag';
import { loadData, type Progress } from './timeline/load';
import { MachineWatch } from './timeline/machine';
import { profiled } from './timeline/profile';
import { readTimelines } from './timeline/reads';
import { rebuildEveryReadModel, type RebuildFigures } from './timeline/rebuild';
import { PG_STATEMENTS, resetStatements, topStatements } from './timeline/statements';
import { describeWaits, describeWriters, watchWaits } from './timeline/waits';

const PEOPLE = int('PEOPLE', 100_000);
const EVENTS = int('EVENTS', 1_000_000);
const RATE = int('RATE', 200);
const DURATION = int('DURATION', 30);
const READS = int('READS', 2000);
const READ_CONCURRENCY = int('READ_CONCURRENCY', 8);
// 2 batches of up to 64 appends are in flight in the store: twice that keeps both full.
const LOAD_CONCURRENCY = int('LOAD_CONCURRENCY', 128);
/** Entries on the chosen victim's timeline, and the page size read. */
const CHOSEN_ENTRIES = 200;
/** People registered through the RegisterPerson command itself (the chosen victim is the first). */
const COMMAND_PEOPLE = 50;
const READ_WARMUP = 50;
const SOLO_READS = 500;
const TIMELINES = 'timelines.entries';
/**
 * The read side's targets (docs/performance.md): the read phase with READ_CONCURRENCY readers (8),
 * one reader at a time, append-to-visible at RATE commands/s (200) without readers and while the
 * readers read (the mixed phase), the slowest read model's rebuild, and the hub's memory: at its
 * peak, and after the run (idle for IDLE_S seconds, then a full collection).
 */
const TARGETS = {
  reads_per_s: 600,
  read_p99_ms: 25,
  read_alone_p99_ms: 8,
  lag_p99_ms: 100,
  mixed_lag_p99_ms: 100,
  rebuild_eps_per_read_model: 20_000,
  peak_rss_mib: 512,
  rss_after_run_mib: 512,
};
/** REBUILD=0 leaves out the timed rebuild of every read model. */
const REBUILD = process.env.REBUILD !== '0';
/** Seconds the hub is left idle at the end before its memory is measured once more. */
const IDLE_S = int('IDLE_S', 10);

/** Every projection has applied every event committed so far (read back from the stored checkpoints). */
async function settle(hub: BenchHub, timeoutMs = 600_000): Promise<void> {
  const head = await hub.store.headPosition();
  if (!head) return;
  await Promise.all(hub.projections.statuses().map((s) => hub.projections.runner(s.name)!.waitFor(head, timeoutMs)));
}

/**
 * Waits until every projection's checkpoint has reached `head`, noting when each got there and
 * logging progress. Reads the runners' own in-memory status: no query competes with them.
 */
async function catchUp(
  projections: ProjectionsService,
  head: string,
  started: number,
): Promise<Record<string, number>> {
  const reachedAt: Record<string, number> = {};
  let lastLog = performance.now();
  for (;;) {
    const statuses = projections.statuses();
    for (const s of statuses) {
      if (!(s.name in reachedAt) && s.checkpoint && comparePositions(s.checkpoint, head) >= 0)
        reachedAt[s.name] = round((performance.now() - started) / 1000, 1);
      if (s.state === 'failing') log(`projection ${s.name} is failing: ${s.lastError}`);
    }
    if (statuses.every((s) => s.name in reachedAt)) return reachedAt;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const behind = statuses.filter((s) => !(s.name in reachedAt)).map((s) => `${s.name} ${s.eventsApplied}`);
      log(
        `catch-up ${round((performance.now() - started) / 1000, 0)} s; still applying (events applied so far): ${behind.join(', ')}`,
      );
    }
    await sleep(100);
  }
}

/** Logs events acknowledged so far every 10 s while the load runs. */
function progressLog(progress: Progress, started: number): () => void {
  const timer = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    log(`load ${round(s, 0)} s: ${progress.events} events (${round(progress.events / s, 0)} ev/s)`);
  }, 10_000);
  return () => clearInterval(timer);
}

async function count(hub: BenchHub, sql: string, params: unknown[] = []): Promise<number> {
  const [row]: Array<{ n: string }> = await hub.db.query(sql, params);
  return Number(row.n);
}

/**
 * The bulk PersonRegistered events must look exactly like the command's: same fields in the data
 * and in the metadata. Compares one of each.
 */
async function sameShapeAsCommand(hub: BenchHub, viaCommand: string, viaLoad: string): Promise<boolean> {
  const keys = async (personId: string) => {
    const [e]: Array<{ data: Record<string, unknown>; metadata: Record<string, unknown> }> = await hub.db.query(
      `SELECT data, metadata FROM event_store.events WHERE stream_id = $1 AND type = 'PersonRegistered'`,
      [`person-${personId}`],
    );
    return JSON.stringify([
      Object.keys(e.data).sort(),
      Object.keys(e.data.personal as object).sort(),
      Object.keys(e.metadata).sort(),
    ]);
  };
  return (await keys(viaCommand)) === (await keys(viaLoad));
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadavgStart = os.loadavg();
  const machine = new MachineWatch();
  /** Ends a phase: how much CPU this benchmark and everything else used meanwhile, for its log line. */
  const busy = (phase: string) => {
    const cpu = machine.mark(phase);
    return cpu
      ? `; CPU cores used: ${cpu.ours_cores} by the benchmark (${cpu.hub_process_cores} its own process, of which ${cpu.main_thread_cores} the hub's thread, which waited for a core ${cpu.main_thread_waiting ?? '?'} of the time; ${cpu.children_cores} its PostgreSQL), ${cpu.others_cores} by other work`
      : '';
  };
  log(
    `PEOPLE=${PEOPLE} EVENTS=${EVENTS} RATE=${RATE} DURATION=${DURATION} READS=${READS}; load average at start ${loadavgStart.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`,
  );
  const hub = await startBenchHub();
  const server = (
    await hub.db.query(
      `SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fs, current_setting('shared_buffers') AS sb`,
    )
  )[0] as { v: string; sc: string; fs: string; sb: string };
  log(
    `hub on ${hub.baseUrl}; PostgreSQL ${server.v} (synchronous_commit=${server.sc}, fsync=${server.fs}, shared_buffers=${server.sb})`,
  );

  // ---- seed ----
  const seeded = await seedPartnership(hub.commands, THURROCK);
  await settle(hub);
  const actor = (subject: string) => actorOf(THURROCK, seeded, subject);
  const police = actor('pc.okafor@essex-police.demo');
  const chair = actor('lag.chair@thurrock.demo');
  const practitioners = [police, actor('panel.housing@thurrock.demo'), actor('station.officer@essex-fire.demo'), chair];
  const cast: Cast = {
    partnershipId: seeded.partnershipId,
    chair,
    referrers: practitioners,
    owners: practitioners,
    localities: THURROCK.localities.map((l) => ({
      localityId: seeded.localities[l.name],
      wardIds: l.wards.map((w) => seeded.wards[w]),
    })),
  };

  machine.mark('seed');

  // ---- load ----
  const loadStart = performance.now();
  const registered = (await seedPeople(hub.commands, seeded, practitioners, Math.min(COMMAND_PEOPLE, PEOPLE))).map(
    (p) => p.personId,
  );
  const progress: Progress = { events: registered.length };
  const stopProgress = progressLog(progress, loadStart);
  const loaded = await loadData(
    hub,
    cast,
    {
      registered,
      people: PEOPLE,
      events: EVENTS,
      chosenEntries: CHOSEN_ENTRIES,
      lanes: LOAD_CONCURRENCY,
      registrars: practitioners,
    },
    progress,
  ).finally(stopProgress);
  const loadS = (performance.now() - loadStart) / 1000;
  log(
    `load: ${loaded.events} events (${loaded.people.length} people, ${loaded.referralIds.length + 1} cases) in ${round(loadS, 1)} s = ${round(loaded.events / loadS, 0)} ev/s${busy('load')}`,
  );

  // ---- catch-up ----
  logMemory('before catch-up');
  const head = await hub.store.headPosition();
  const catchupStart = performance.now();
  const reachedAt = await catchUp(hub.projections, head!, catchupStart);
  await settle(hub);
  const catchupS = (performance.now() - catchupStart) / 1000;
  log(
    `catch-up: every projection at the head ${round(catchupS, 1)} s after the load ended (each: ${JSON.stringify(reachedAt)})${busy('catchup')}`,
  );

  // A bulk import is followed by autovacuum's first pass over the new tables; running it now, as an
  // operator would, means the reads and the lag phase measure the steady state, not that pass.
  const vacuumStart = performance.now();
  await hub.db.query('VACUUM (ANALYZE)');
  const vacuumS = (performance.now() - vacuumStart) / 1000;
  log(`VACUUM (ANALYZE) ${round(vacuumS, 1)} s${busy('vacuum')}`);

  const chosen = loaded.chosen.personId;
  const chosenEntries = await count(
    hub,
    `SELECT count(*) AS n FROM timelines.entries WHERE person_id = $1 AND role IN ('victim', 'subject')`,
    [chosen],
  );
  if (chosenEntries !== CHOSEN_ENTRIES)
    throw new Error(`the chosen victim has ${chosenEntries} timeline entries, not ${CHOSEN_ENTRIES}`);
  const shapeOk = await sameShapeAsCommand(
    hub,
    registered[1] ?? registered[0],
    loaded.people[loaded.people.length - 1],
  );
  log(`chosen victim ${chosen}: ${chosenEntries} entries; bulk PersonRegistered shaped like the command's: ${shapeOk}`);

  // ---- reads ----
  logMemory('before reads');
  const url = `${hub.baseUrl}/timelines/victims/${chosen}?purpose=case_management&limit=${CHOSEN_ENTRIES}`;
  const token = await hub.token(police.subject);
  if (PG_STATEMENTS) await resetStatements(hub.db);
  const workBefore = await countWork(hub.db);
  const readWaits = watchWaits(hub.db, hub.projections.runner(TIMELINES)!);
  const reads = await profiled('reads', () =>
    readTimelines({
      url,
      token,
      warmup: READ_WARMUP,
      requests: READS,
      concurrency: READ_CONCURRENCY,
      expectedEntries: CHOSEN_ENTRIES,
    }),
  );
  const readSessions = await readWaits.stop();
  // The projections' share of the reads' work comes after the last answer: let them finish.
  await settle(hub);
  const readWork = perUnit(workBefore, await countWork(hub.db), READ_WARMUP + READS);
  if (PG_STATEMENTS)
    log(`reads: the database's time by statement:\n${await topStatements(hub.db, READ_WARMUP + READS)}`);
  const readLat = summarize(reads.latencies);
  // One at a time as well: the latency of a read on its own, without queueing behind the others.
  const alone = await profiled('alone', () =>
    readTimelines({
      url,
      token,
      warmup: 0,
      requests: Math.min(READS, SOLO_READS),
      concurrency: 1,
      expectedEntries: CHOSEN_ENTRIES,
    }),
  );
  const aloneLat = summarize(alone.latencies);
  log(
    `reads: ${READS} in ${round(reads.seconds, 1)} s (${round(READS / reads.seconds, 0)}/s, ${READ_CONCURRENCY} at a time); ms p50 ${readLat.p50} p95 ${readLat.p95} p99 ${readLat.p99} max ${readLat.max}; failures ${reads.failures}${reads.firstFailure ? ` (first: ${reads.firstFailure})` : ''}; one at a time: p50 ${aloneLat.p50} p99 ${aloneLat.p99}, failures ${alone.failures}; answers of ${reads.answerBytes} bytes${busy('reads')}`,
  );
  log(
    `reads: per read, with the projections' work it caused: ${readWork.statements} statements sent, ${readWork.commits} transactions committed, ${readWork.walFlushes} WAL flushes; database sessions while ${READ_CONCURRENCY} read (average per sample, state/wait): ${describeWaits(readSessions)}`,
  );
  const explained = await explainTimelineRead(
    hub.db,
    seeded.partnershipId,
    chosen,
    CHOSEN_ENTRIES,
    londonDay(new Date()),
  );
  for (const [name, plan] of Object.entries(explained.plans)) log(`EXPLAIN ${name}:\n${plan}`);

  // ---- lag ----
  logMemory('before lag');
  await settle(hub); // the reads' consultation events: the lag phase starts from idle projections
  const lag = await measureLag(hub.store, hub.projections.runner(TIMELINES)!, {
    rate: RATE,
    durationS: DURATION,
    referralIds: loaded.referralIds,
    chair,
    partnershipId: seeded.partnershipId,
    maxInFlight: RATE * 5,
  });
  const lagLat = summarize(lag.lags);
  const cmdLat = summarize(lag.commandLatencies);
  const slip = summarize(lag.slips);
  const inTable = await count(
    hub,
    'SELECT count(DISTINCT event_id) AS n FROM timelines.entries WHERE event_id = ANY($1::uuid[])',
    [lag.eventIds],
  );
  log(
    `lag: ${lag.issued} of ${lag.intended} commands sent (${lag.skipped} skipped), ${lag.acknowledged} acknowledged, ${lag.failed} failed${lag.firstFailure ? ` (first: ${lag.firstFailure})` : ''}; command ms p50 ${cmdLat.p50} p99 ${cmdLat.p99}; send slip ms p99 ${slip.p99}`,
  );
  log(
    `lag: append acknowledged → applied by ${TIMELINES}: ms p50 ${lagLat.p50} p95 ${lagLat.p95} p99 ${lagLat.p99} max ${lagLat.max}; never visible ${lag.neverVisible}; found in timelines.entries ${inTable}${busy('lag')}`,
  );

  const mixed = await profiled('mixed', () =>
    readsDuringCommands(hub, {
      url,
      token,
      referralIds: loaded.referralIds,
      chair,
      partnershipId: seeded.partnershipId,
    }),
  );
  log(
    `mixed: ${mixed.reads} reads (${mixed.readsPerS}/s, ${READ_CONCURRENCY} at a time) while ${mixed.acknowledged} of ${mixed.issued} commands were acknowledged (${mixed.failed} failed); read ms p50 ${mixed.read.p50} p99 ${mixed.read.p99}, read failures ${mixed.readFailures}${mixed.firstReadFailure ? ` (first: ${mixed.firstReadFailure})` : ''}; append → visible ms p50 ${mixed.lag.p50} p99 ${mixed.lag.p99} max ${mixed.lag.max}, never visible ${mixed.neverVisible}${busy('mixed')}`,
  );

  const logEvents = await count(hub, 'SELECT count(*) AS n FROM event_store.events');
  const entryRows = await count(hub, 'SELECT count(*) AS n FROM timelines.entries');
  const dbBytes = await count(hub, 'SELECT pg_database_size(current_database()) AS n');

  // ---- rebuild ----
  logMemory('before rebuild');
  const rebuild = REBUILD ? await rebuildPhase(hub, logEvents, busy) : null;
  const memory = hubMemory();
  log(
    `hub RSS at the end ${memory.rss_mib} MiB (peak ${memory.peak_rss_mib} MiB, heap used ${memory.heap_used_mib} MiB)`,
  );
  // What the hub keeps, apart from what the run churned and the collector has not yet taken back.
  collectGarbage();
  const collected = hubMemory();
  log(
    `after a full garbage collection: RSS ${collected.rss_mib} MiB, heap used ${collected.heap_used_mib} MiB of ${collected.heap_total_mib} MiB held, outside the heap ${collected.external_mib} MiB`,
  );
  const resident = residentBreakdown();
  if (resident)
    log(
      `resident set by mapping: malloc's main arena ${resident.heap_mib} MiB, anonymous (V8's heap, other arenas, stacks) ${resident.anonymous_mib} MiB, files ${resident.files_mib} MiB`,
    );
  // Idle, as a hub is after a rebuild: V8 hands pages it no longer uses back to the system over time.
  await sleep(IDLE_S * 1000);
  collectGarbage();
  const idle = hubMemory();
  const residentIdle = residentBreakdown();
  log(
    `after ${IDLE_S} s idle and another collection: RSS ${idle.rss_mib} MiB, heap used ${idle.heap_used_mib} MiB of ${idle.heap_total_mib} MiB held${residentIdle ? `; malloc's main arena ${residentIdle.heap_mib} MiB, anonymous ${residentIdle.anonymous_mib} MiB, files ${residentIdle.files_mib} MiB` : ''}`,
  );
  if (process.env.HEAP_SNAPSHOT) log(`heap snapshot written to ${writeHeapSnapshot(process.env.HEAP_SNAPSHOT)}`);
  const loadavgEnd = os.loadavg();
  await stopBenchHub();

  const readsPerS = round(READS / reads.seconds, 0);
  const met: Record<keyof typeof TARGETS, boolean | null> = {
    reads_per_s: readsPerS >= TARGETS.reads_per_s && reads.failures === 0,
    read_p99_ms: readLat.p99 <= TARGETS.read_p99_ms && reads.failures === 0,
    read_alone_p99_ms: aloneLat.p99 <= TARGETS.read_alone_p99_ms && alone.failures === 0,
    lag_p99_ms: lagLat.p99 <= TARGETS.lag_p99_ms && lag.neverVisible === 0 && lag.failed === 0,
    mixed_lag_p99_ms: mixed.lag.p99 <= TARGETS.mixed_lag_p99_ms && mixed.neverVisible === 0 && mixed.failed === 0,
    rebuild_eps_per_read_model: rebuild
      ? (slowestRebuild(rebuild)?.[1].logEventsPerSecond ?? 0) >= TARGETS.rebuild_eps_per_read_model
      : null,
    peak_rss_mib: memory.peak_rss_mib < TARGETS.peak_rss_mib,
    rss_after_run_mib: idle.rss_mib < TARGETS.rss_after_run_mib,
  };
  const figures: Record<keyof typeof TARGETS, number | null> = {
    reads_per_s: readsPerS,
    read_p99_ms: readLat.p99,
    read_alone_p99_ms: aloneLat.p99,
    lag_p99_ms: lagLat.p99,
    mixed_lag_p99_ms: mixed.lag.p99,
    rebuild_eps_per_read_model: rebuild ? (slowestRebuild(rebuild)?.[1].logEventsPerSecond ?? null) : null,
    peak_rss_mib: memory.peak_rss_mib,
    rss_after_run_mib: idle.rss_mib,
  };
  for (const key of Object.keys(TARGETS) as Array<keyof typeof TARGETS>) {
    const bound =
      key === 'reads_per_s' || key === 'rebuild_eps_per_read_model'
        ? '≥'
        : key === 'peak_rss_mib' || key === 'rss_after_run_mib'
          ? '<'
          : '≤';
    const verdict = met[key] === null ? 'not measured' : met[key] ? 'met' : 'NOT MET';
    log(`target ${key} ${bound} ${TARGETS[key]}: ${figures[key] ?? '-'} — ${verdict}`);
  }

  const result = {
    bench: 'timelines',
    events: loaded.events,
    people: loaded.people.length,
    cases: loaded.referralIds.length + 1,
    log_events: logEvents,
    timeline_entry_rows: entryRows,
    database_bytes: dbBytes,
    load_s: round(loadS, 1),
    load_eps: round(loaded.events / loadS, 0),
    catchup_s: round(catchupS, 1),
    catchup_by_projection_s: reachedAt,
    vacuum_s: round(vacuumS, 1),
    shape_check: shapeOk,
    timeline_entries: chosenEntries,
    reads: READS,
    read_concurrency: READ_CONCURRENCY,
    reads_per_s: readsPerS,
    timeline_read_p50_ms: readLat.p50,
    timeline_read_p95_ms: readLat.p95,
    timeline_read_p99_ms: readLat.p99,
    timeline_read_max_ms: readLat.max,
    timeline_read_failures: reads.failures,
    timeline_answer_bytes: reads.answerBytes,
    timeline_read_alone_p50_ms: aloneLat.p50,
    timeline_read_alone_p99_ms: aloneLat.p99,
    timeline_read_alone_failures: alone.failures,
    statements_per_read: readWork.statements,
    commits_per_read: readWork.commits,
    wal_flushes_per_read: readWork.walFlushes,
    explain_ms: explained.executionMs,
    rate: RATE,
    duration_s: DURATION,
    commands_intended: lag.intended,
    commands_issued: lag.issued,
    commands_skipped: lag.skipped,
    commands_acknowledged: lag.acknowledged,
    commands_failed: lag.failed,
    command_p50_ms: cmdLat.p50,
    command_p99_ms: cmdLat.p99,
    send_slip_p99_ms: slip.p99,
    lag_p50_ms: lagLat.p50,
    lag_p95_ms: lagLat.p95,
    lag_p99_ms: lagLat.p99,
    lag_max_ms: lagLat.max,
    lag_never_visible: lag.neverVisible,
    mixed_reads: mixed.reads,
    mixed_reads_per_s: mixed.readsPerS,
    mixed_read_p50_ms: mixed.read.p50,
    mixed_read_p99_ms: mixed.read.p99,
    mixed_read_failures: mixed.readFailures,
    mixed_commands_acknowledged: mixed.acknowledged,
    mixed_commands_failed: mixed.failed,
    mixed_lag_p50_ms: mixed.lag.p50,
    mixed_lag_p99_ms: mixed.lag.p99,
    mixed_lag_max_ms: mixed.lag.max,
    mixed_lag_never_visible: mixed.neverVisible,
    lag_found_in_table: inTable,
    rebuild_s: rebuild?.seconds ?? null,
    rebuild_log_eps: rebuild?.logEventsPerSecond ?? null,
    rebuild_by_read_model: rebuild?.byReadModel ?? null,
    rebuild_slowest_eps: rebuild ? (slowestRebuild(rebuild)?.[1].logEventsPerSecond ?? null) : null,
    ...memory,
    rss_after_gc_mib: collected.rss_mib,
    resident_after_gc: resident,
    rss_idle_mib: idle.rss_mib,
    resident_idle: residentIdle,
    heap_used_after_gc_mib: collected.heap_used_mib,
    targets: TARGETS,
    met,
    pg: server.v,
    synchronous_commit: server.sc,
    fsync: server.fs,
    shared_buffers: server.sb,
    server: hub.server,
    node: process.version,
    cpus: os.cpus().length,
    loadavg_start: loadavgStart.map((x) => round(x, 2)),
    loadavg_end: loadavgEnd.map((x) => round(x, 2)),
    cpu_cores_by_phase: machine.phases,
    total_s: round((performance.now() - started) / 1000, 1),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * Rebuilds every read model from position zero into new tables while the hub runs, timed
 * (decision 0031), and checks the timeline still has its entries after the switch.
 */
async function rebuildPhase(
  hub: BenchHub,
  logEvents: number,
  busy: (phase: string) => string,
): Promise<RebuildFigures> {
  await settle(hub);
  const entriesBefore = await count(hub, 'SELECT count(*) AS n FROM timelines.entries');
  const figures = await profiled('rebuild', () => rebuildEveryReadModel(hub.projections, hub.store, hub.db, logEvents));
  await settle(hub);
  const entriesAfter = await count(hub, 'SELECT count(*) AS n FROM timelines.entries');
  const slowest = slowestRebuild(figures);
  log(
    `rebuild: every read model from zero in ${figures.seconds} s (${figures.logEventsPerSecond} log events/s); slowest ${slowest?.[0]} ${slowest?.[1].logEventsPerSecond} log events/s (${slowest?.[1].events} of its own); timelines.entries ${entriesBefore} before, ${entriesAfter} after; each: ${JSON.stringify(figures.byReadModel)}${busy('rebuild')}`,
  );
  if (entriesAfter !== entriesBefore) throw new Error('the rebuilt timelines do not have the entries the old ones had');
  return figures;
}

/**
 * The read model whose rebuild went through the log slowest (the last to finish): each goes
 * through every event of the log, whether of its types or not, so a read model with few events of
 * its own is measured by the log it went through, not by its own events over the same time.
 */
function slowestRebuild(figures: RebuildFigures) {
  return Object.entries(figures.byReadModel).sort((a, b) => a[1].logEventsPerSecond - b[1].logEventsPerSecond)[0];
}

/** A full garbage collection now (the benchmark's own process: Node's `gc`, enabled for it here). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The memory so far, so that the run shows when the peak came. */
function logMemory(when: string): void {
  const m = hubMemory();
  log(
    `memory ${when}: RSS ${m.rss_mib} MiB (peak so far ${m.peak_rss_mib} MiB), heap used ${m.heap_used_mib} MiB of ${m.heap_total_mib} MiB held, outside the heap ${m.external_mib} MiB`,
  );
}

/**
 * The hub's memory (it runs in this process): resident set now and at its peak, the main thread's
 * heap (used, and held from the system), and what its objects hold outside it (buffers), in MiB.
 */
function hubMemory(): {
  rss_mib: number;
  peak_rss_mib: number;
  heap_used_mib: number;
  heap_total_mib: number;
  external_mib: number;
} {
  const mib = (bytes: number) => round(bytes / 1024 / 1024, 0);
  const usage = process.memoryUsage();
  return {
    rss_mib: mib(usage.rss),
    peak_rss_mib: mib(process.resourceUsage().maxRSS * 1024),
    heap_used_mib: mib(usage.heapUsed),
    heap_total_mib: mib(usage.heapTotal),
    external_mib: mib(usage.external),
  };
}

/**
 * Reads and commands at the same time: READ_CONCURRENCY readers read the chosen victim's timeline
 * (closed loop, in the read worker) for the whole of a lag phase of RATE commands a second; the
 * figures are the append-to-visible lag and the read latency under both loads.
 */
async function readsDuringCommands(
  hub: BenchHub,
  job: { url: string; token: string; referralIds: string[]; chair: Cast['chair']; partnershipId: string },
) {
  await settle(hub);
  const readsDone = readTimelines({
    url: job.url,
    token: job.token,
    warmup: READ_CONCURRENCY,
    requests: 0,
    durationS: DURATION,
    concurrency: READ_CONCURRENCY,
    expectedEntries: CHOSEN_ENTRIES,
  });
  const watching = watchWaits(hub.db, hub.projections.runner(TIMELINES)!);
  const lag = await measureLag(hub.store, hub.projections.runner(TIMELINES)!, {
    rate: RATE,
    durationS: DURATION,
    referralIds: job.referralIds,
    chair: job.chair,
    partnershipId: job.partnershipId,
    maxInFlight: RATE * 5,
  });
  const reads = await readsDone;
  const waits = await watching.stop();
  log(
    `mixed: ${TIMELINES} applied per second ${JSON.stringify(waits.appliedPerSecond)}; database sessions (average per sample, state/wait): ${describeWaits(waits)}; longest writing transactions seen: ${describeWriters(waits)}`,
  );
  return {
    reads: reads.latencies.length,
    readsPerS: round(reads.latencies.length / reads.seconds, 0),
    read: summarize(reads.latencies),
    readFailures: reads.failures,
    firstReadFailure: reads.firstFailure,
    issued: lag.issued,
    acknowledged: lag.acknowledged,
    failed: lag.failed,
    lag: summarize(lag.lags),
    neverVisible: lag.neverVisible,
  };
}

let interrupted = false;
// An interrupted run must not leave the embedded server (and its data directory) behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping`);
    void stopBenchHub()
      .catch(() => undefined)
      .finally(() => process.exit(130));
  });
}

main().catch(async (error) => {
  if (interrupted) return; // the signal handler stops the hub and exits
  log('FAILED', error);
  await stopBenchHub().catch(() => undefined);
  process.exit(1);
});
