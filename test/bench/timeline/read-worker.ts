/**
 * The HTTP client of the read phase, in its own thread: sending requests and parsing the answers
 * must not queue behind the hub's work on the main thread (or the hub's behind it). Closed loop:
 * `concurrency` loops each send the next request as soon as their previous one is answered.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface ReadJob {
  url: string;
  token: string;
  /** Unmeasured requests first (connections opened, code paths warm). */
  warmup: number;
  requests: number;
  concurrency: number;
  /** Entries every answer must hold (and no further page). */
  expectedEntries: number;
  /** When set, `requests` is ignored: the loops read until this many seconds have passed. */
  durationS?: number;
}

export interface ReadReport {
  latencies: number[];
  failures: number;
  /** Status and a short reason of the first failure, for the log. */
  firstFailure: string | null;
  seconds: number;
  /** Bytes of the last answer's body (UTF-8), to compare answers of different servers. */
  answerBytes: number;
}

let answerBytes = 0;

async function readOnce(job: ReadJob): Promise<{ ms: number; failure: string | null }> {
  const start = performance.now();
  try {
    const res = await fetch(job.url, { headers: { authorization: `Bearer ${job.token}` } });
    const body = await res.text();
    // The answer is complete here: checking it is the client's work, not part of the latency.
    const ms = performance.now() - start;
    if (res.status !== 200) return { ms, failure: `status ${res.status}: ${body.slice(0, 200)}` };
    answerBytes = Buffer.byteLength(body);
    const timeline = JSON.parse(body) as { entries?: unknown[]; nextBefore?: unknown };
    const n = timeline.entries?.length ?? -1;
    if (n !== job.expectedEntries || timeline.nextBefore !== null)
      return { ms, failure: `${n} entries, nextBefore ${String(timeline.nextBefore)}` };
    return { ms, failure: null };
  } catch (error) {
    return { ms: performance.now() - start, failure: error instanceof Error ? error.message : String(error) };
  }
}

async function run(job: ReadJob, count: number, record: boolean): Promise<Omit<ReadReport, 'seconds' | 'answerBytes'>> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  let issued = 0;
  const until = record && job.durationS ? performance.now() + job.durationS * 1000 : Infinity;
  const more = () => (until === Infinity ? issued < count : performance.now() < until);
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (more()) {
        issued++;
        const { ms, failure } = await readOnce(job);
        if (!record) continue;
        latencies.push(ms);
        if (failure) {
          failures++;
          firstFailure ??= failure;
        }
      }
    }),
  );
  return { latencies, failures, firstFailure };
}

/**
 * The client's own start-up, before anything is measured: a new thread's first request opens its
 * connection and compiles the HTTP client's code, 25 to 45 ms of the client's time
 * (docs/performance.md). Asked of `/health/live`, not of the timeline, so the server's read is not
 * warmed by it; its answer is not checked (the floor's servers answer it 404).
 */
async function openConnection(url: string): Promise<void> {
  const res = await fetch(new URL('/health/live', url));
  await res.arrayBuffer();
}

async function main(): Promise<void> {
  const job = workerData as ReadJob;
  await openConnection(job.url);
  await run(job, job.warmup, false);
  const start = performance.now();
  const report = await run(job, job.requests, true);
  parentPort!.postMessage({ ...report, seconds: (performance.now() - start) / 1000, answerBytes } satisfies ReadReport);
}

void main();
