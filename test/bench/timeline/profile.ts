import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { log } from './figures';

/**
 * With ALLOC_PROFILE=<dir>, records instead a sampled allocation profile of the benchmark's process
 * (the hub's thread) while `work` runs, counting what was already collected as well, to
 * <dir>/<name>.heapprofile (DevTools' Memory panel opens it): what a phase allocates, and where.
 * With CPU_PROFILE=<dir>, records a V8 CPU profile of the hub's thread (the benchmark's main
 * thread: the hub runs in it) while `work` runs, and writes it to <dir>/<name>.cpuprofile (open it
 * in Chrome's DevTools, or summarise it with `node test/bench/timeline/profile-summary.mjs`).
 * Without either, only runs `work`.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const allocDir = process.env.ALLOC_PROFILE;
  if (allocDir)
    return recorded(work, allocDir, `${name}.heapprofile`, `allocation profile of the ${name} phase`, {
      async start(session) {
        await session.post('HeapProfiler.enable');
        await session.post('HeapProfiler.startSampling', {
          // A sample every 16 KiB allocated, on average.
          samplingInterval: 16384,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      },
      stop: async (session) => (await session.post('HeapProfiler.stopSampling')).profile,
    });
  const dir = process.env.CPU_PROFILE;
  if (!dir) return work();
  return recorded(work, dir, `${name}.cpuprofile`, `CPU profile of the ${name} phase`, {
    async start(session) {
      await session.post('Profiler.enable');
      // 1 ms between samples: fine enough for reads of a few milliseconds, cheap enough not to skew them.
      await session.post('Profiler.setSamplingInterval', { interval: 1000 });
      await session.post('Profiler.start');
    },
    stop: async (session) => (await session.post('Profiler.stop')).profile,
  });
}

/** Runs `work` between the recorder's start and stop on an inspector session, and writes what it recorded. */
async function recorded<T>(
  work: () => Promise<T>,
  dir: string,
  fileName: string,
  what: string,
  recorder: { start(session: Session): Promise<void>; stop(session: Session): Promise<unknown> },
): Promise<T> {
  const session = new Session();
  session.connect();
  await recorder.start(session);
  try {
    return await work();
  } finally {
    const profile = await recorder.stop(session);
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, fileName);
    writeFileSync(file, JSON.stringify(profile));
    log(`${what} written to ${file}`);
  }
}
