/**
 * Benchmark of catching up, one read model at a time (not a test).
 *
 * The hub runs in this process on a fresh database (as bench:timeline starts it) and is loaded
 * with at least EVENTS events about PEOPLE people (test/bench/timeline/load.ts). Once every
 * projection has caught up, the runners are stopped and, for each read model named in
 * PROJECTIONS, RUNS times: its tables are emptied and the whole log's events of its types are
 * applied again in batches of BATCH, one transaction per batch, as the runner applies them
 * (`applyBatch` when the projection has it, else `apply` event by event). Nothing else runs
 * meanwhile, so each figure is that read model's own speed. The rows left must be as many as the
 * hub's own catch-up left.
 *
 * With COMPARE=1, a set-based read model is also applied event by event (`apply`, as before it had
 * `applyBatch`), the two ways alternating run by run, so both are measured in the same sitting.
 *
 * With WHOLE=N, every read model of the hub is then also rebuilt at once from zero, N times, as
 * `npm run hubline -- rebuild all` does (decision 0031: into new tables, from one reader of the
 * log, switched when caught up), once for each batch size of REBUILD_BATCHES in turn (default
 * 2000, the rebuild's own), with the hub's resident set sampled every 100 ms during each.
 *
 * With FLOOR=N, the least work any rebuild of every read model must do is timed N times, each
 * before one of the WHOLE rebuilds when both are given: the log read once through the store, as
 * the rebuild's shared reader reads it (every event parsed on this thread), while each read model's
 * tables are copied, rows and indexes, as they stand after the catch-up into empty tables of the
 * same definition, one transaction per read model as the rebuild's sessions (`INSERT ... SELECT`,
 * no event applied, nothing worked out). Then each half alone, for where the time goes. A rebuild
 * derives those rows from the events as well, so it cannot be quicker than this.
 *
 * Env: PEOPLE (2000), EVENTS (20000), RUNS (3), BATCH (500, the log reader's batch), PROJECTIONS
 * (comma-separated; default: people.register, access.person-agencies, lag.referrals,
 * timelines.entries, sharing.read-model, case-reviews.read-model), COMPARE (0), DATABASE_URL as for bench:timeline,
 * CPU_PROFILE (a directory: a V8 CPU profile of the hub's thread for each run, as bench:timeline's). Progress goes to stderr; the last
 * stdout line is one JSON object.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { actorOf, seedPartnership, seedPeople, THURROCK } from '@hubline/demo';
import type { RecordedEvent } from '@hubline/event-store';
import { ReadModelRebuild, rebuildSchema, redirectTables, type Projection } from '@hubline/projections';
import type { Cast } from './timeline/cases';
import { int, log, round } from './timeline/figures';
import { startBenchHub, stopBenchHub, type BenchHub } from './timeline/hub';
import { loadData, type Progress } from './timeline/load';
import { profiled } from './timeline/profile';

const PEOPLE = int('PEOPLE', 2000);
const EVENTS = int('EVENTS', 20_000);
const RUNS = int('RUNS', 3);
const BATCH = int('BATCH', 500);
const PROJECTIONS = (
  process.env.PROJECTIONS ??
  'people.register,access.person-agencies,lag.referrals,timelines.entries,sharing.read-model,case-reviews.read-model'
)
  .split(',')
  .filter(Boolean);
const COMPARE = process.env.COMPARE === '1';
const WHOLE = int('WHOLE', 0);
const REBUILD_BATCHES = (process.env.REBUILD_BATCHES ?? '2000').split(',').map(Number);
const FLOOR = int('FLOOR', 0);

async function settle(hub: BenchHub): Promise<void> {
  const head = await hub.store.headPosition();
  if (!head) return;
  await Promise.all(hub.projections.statuses().map((s) => hub.projections.runner(s.name)!.waitFor(head, 1_800_000)));
}

async function rows(hub: BenchHub, projection: Projection): Promise<number> {
  let n = 0;
  for (const table of projection.tables ?? [])
    n += Number((await hub.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The whole log read through the store in batches of `batch`, as a rebuild's shared reader reads
 * it; each event kept in `into` when given. Returns how many events it read.
 */
async function readWholeLog(hub: BenchHub, batch: number, into?: RecordedEvent[]): Promise<number> {
  let after: string | null = null;
  let n = 0;
  for (;;) {
    const page = await hub.store.readAll({ after, maxCount: batch });
    if (page.events.length === 0 || !page.checkpoint) return n;
    n += page.events.length;
    into?.push(...page.events);
    after = page.checkpoint;
  }
}

/**
 * Each read model's tables copied as they stand into empty tables of the same definition (rows
 * and indexes), one transaction per read model, all at once; the copies dropped afterwards (not
 * timed apart: the caller's time includes the drops). Returns when each read model's copy had
 * committed, in seconds from the start.
 */
/** Where a rebuild builds the new copy of the table `schema.table` (`rebuild__schema.table`). */
const copyOf = (qualified: string) => redirectTables([qualified])(qualified);

async function copyReadModels(hub: BenchHub, models: Projection[]): Promise<Record<string, number>> {
  const started = performance.now();
  const seconds: Record<string, number> = {};
  await Promise.all(
    models.map(async (p) => {
      await hub.db.transaction(async (m) => {
        for (const qualified of p.tables ?? []) {
          const copy = copyOf(qualified);
          await m.query(`DROP TABLE IF EXISTS ${copy}`);
          await m.query(`CREATE TABLE ${copy} (LIKE ${qualified} INCLUDING ALL)`);
          await m.query(`INSERT INTO ${copy} OVERRIDING SYSTEM VALUE SELECT * FROM ${qualified}`);
        }
      });
      seconds[p.name] = round((performance.now() - started) / 1000, 1);
    }),
  );
  for (const p of models)
    for (const qualified of p.tables ?? []) await hub.db.query(`DROP TABLE IF EXISTS ${copyOf(qualified)}`);
  return seconds;
}

interface FloorFigures {
  together_s: number;
  log_read_alone_s: number;
  copies_alone_s: number;
  log_events: number;
  rows: number;
  /** When each read model's copy had committed, alone, in seconds from the start. */
  copies_alone_by_read_model_s: Record<string, number>;
}

/** The rebuild's floor (FLOOR): the log read and the rows written together, then each alone. */
async function rebuildFloor(hub: BenchHub, batch: number): Promise<FloorFigures> {
  const models = hub.projections.readModels();
  for (const schema of new Set(models.flatMap((p) => (p.tables ?? []).map((t) => t.split('.')[0]))))
    await hub.db.query(`CREATE SCHEMA IF NOT EXISTS ${rebuildSchema(schema)}`);
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await work();
    return [result, round((performance.now() - started) / 1000, 1)];
  };
  let rowsWritten = 0;
  for (const p of models) rowsWritten += await rows(hub, p);
  const [[events], together] = await timed(() => Promise.all([readWholeLog(hub, batch), copyReadModels(hub, models)]));
  const [, readAlone] = await timed(() => readWholeLog(hub, batch));
  const [byModel, copiesAlone] = await timed(() => copyReadModels(hub, models));
  return {
    together_s: together,
    log_read_alone_s: readAlone,
    copies_alone_s: copiesAlone,
    log_events: events,
    rows: rowsWritten,
    copies_alone_by_read_model_s: Object.fromEntries(
      Object.entries(byModel)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6),
    ),
  };
}

async function main(): Promise<void> {
  const loadavgStart = os.loadavg();
  log(
    `PEOPLE=${PEOPLE} EVENTS=${EVENTS} RUNS=${RUNS} BATCH=${BATCH}; load average ${loadavgStart.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const hub = await startBenchHub();
  try {
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await settle(hub);
    const actor = (subject: string) => actorOf(THURROCK, seeded, subject);
    const practitioners = [
      actor('pc.okafor@essex-police.demo'),
      actor('panel.housing@thurrock.demo'),
      actor('station.officer@essex-fire.demo'),
      actor('lag.chair@thurrock.demo'),
    ];
    const cast: Cast = {
      partnershipId: seeded.partnershipId,
      chair: practitioners[3],
      referrers: practitioners,
      owners: practitioners,
      localities: THURROCK.localities.map((l) => ({
        localityId: seeded.localities[l.name],
        wardIds: l.wards.map((w) => seeded.wards[w]),
      })),
    };
    const registered = (await seedPeople(hub.commands, seeded, practitioners, Math.min(50, PEOPLE))).map(
      (p) => p.personId,
    );
    const progress: Progress = { events: registered.length };
    await loadData(
      hub,
      cast,
      { registered, people: PEOPLE, events: EVENTS, chosenEntries: 200, lanes: 128, registrars: practitioners },
      progress,
    );
    log(`load: ${progress.events} events; waiting for every projection`);
    await settle(hub);
    for (const s of hub.projections.statuses()) await hub.projections.runner(s.name)!.stop();
    await hub.db.query('VACUUM (ANALYZE)');
    // The whole log in memory, only for the read models replayed alone: the whole rebuild reads it
    // as the hub does, so that its resident set is the hub's.
    const all: RecordedEvent[] = [];
    if (PROJECTIONS.length > 0) await readWholeLog(hub, 5_000, all);
    const logEvents = Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events'))[0].n);

    type Figures = { runs_eps: number[]; median_eps: number };
    const results: Record<
      string,
      { events: number; set_based: boolean; rows: number } & Figures & { event_by_event?: Figures }
    > = {};
    for (const name of PROJECTIONS) {
      const projection = hub.projections.readModels().find((p) => p.name === name);
      if (!projection) throw new Error(`no read model ${name}`);
      const types = projection.eventTypes;
      const events = types ? all.filter((e) => types.has(e.type)) : all;
      const expected = await rows(hub, projection);
      const ways =
        COMPARE && projection.applyBatch ? (['sets', 'event by event'] as const) : (['as the runner'] as const);
      const runs = new Map<string, number[]>(ways.map((way) => [way, []]));
      for (let run = 0; run < RUNS; run++)
        for (const way of ways) {
          await hub.db.transaction((m) => projection.reset(m));
          const started = performance.now();
          await profiled(`${name}-${way.replace(/ /g, '-')}-${run + 1}`, async () => {
            for (let i = 0; i < events.length; i += BATCH) {
              const batch = events.slice(i, i + BATCH);
              await hub.db.transaction(async (m) => {
                if (projection.applyBatch && way !== 'event by event') await projection.applyBatch(batch, m);
                else for (const event of batch) await projection.apply(event, m);
              });
            }
          });
          const seconds = (performance.now() - started) / 1000;
          const eps = round(events.length / seconds, 0);
          runs.get(way)!.push(eps);
          const left = await rows(hub, projection);
          if (left !== expected) throw new Error(`${name}: ${left} rows after the run, ${expected} after catch-up`);
          log(`${name} (${way}): run ${run + 1}: ${events.length} events in ${round(seconds, 2)} s = ${eps} events/s`);
        }
      const figures = (way: string): Figures => ({ runs_eps: runs.get(way)!, median_eps: median(runs.get(way)!) });
      results[name] = {
        events: events.length,
        set_based: Boolean(projection.applyBatch),
        rows: expected,
        ...figures(ways[0]),
        ...(ways.length > 1 ? { event_by_event: figures(ways[1]!) } : {}),
      };
    }
    const whole: Array<{
      batch: number;
      seconds: number;
      log_eps: number;
      peak_rss_mib: number;
      peak_heap_mib: number;
    }> = [];
    const floor: FloorFigures[] = [];
    for (let run = 0; run < Math.max(WHOLE, FLOOR); run++) {
      if (run < FLOOR) {
        floor.push(await rebuildFloor(hub, REBUILD_BATCHES[0]));
        log(`rebuild's floor: ${JSON.stringify(floor[floor.length - 1])}`);
      }
      if (run >= WHOLE) continue;
      for (const batch of REBUILD_BATCHES) {
        const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
        let peakRss = 0;
        let peakHeap = 0;
        const sample = () => {
          const m = process.memoryUsage();
          peakRss = Math.max(peakRss, m.rss);
          peakHeap = Math.max(peakHeap, m.heapUsed);
        };
        const sampler = setInterval(sample, 100);
        const started = performance.now();
        await profiled(`whole-${run + 1}-${batch}`, () =>
          new ReadModelRebuild(hub.store, hub.db, { batchSize: batch }).rebuild(hub.projections.readModels()),
        );
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        sample();
        whole.push({
          batch,
          seconds: round(seconds, 1),
          log_eps: round(logEvents / seconds, 0),
          peak_rss_mib: mib(peakRss),
          peak_heap_mib: mib(peakHeap),
        });
        log(`whole rebuild, batches of ${batch}: ${JSON.stringify(whole[whole.length - 1])}`);
      }
    }
    const out = {
      bench: 'projection-sets',
      people: PEOPLE,
      log_events: logEvents,
      batch: BATCH,
      loadavg_start: loadavgStart.map((x) => round(x, 2)),
      loadavg_end: os.loadavg().map((x) => round(x, 2)),
      cpus: os.cpus().length,
      results,
      whole_rebuild: whole,
      rebuild_floor: floor,
    };
    console.log(JSON.stringify(out));
  } finally {
    await stopBenchHub();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
