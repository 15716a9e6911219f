/** Small helpers shared by the timelines benchmark's phases. */

export function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles; all zero for an empty sample (so a JSON report never holds NaN). */
export function summarize(latencies: ArrayLike<number>): Summary {
  if (latencies.length === 0) return { n: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const s = Float64Array.from(latencies).sort();
  const pct = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return {
    n: s.length,
    p50: round(pct(50), 2),
    p95: round(pct(95), 2),
    p99: round(pct(99), 2),
    max: round(s[s.length - 1], 2),
  };
}

export const log = (...parts: unknown[]): void => console.error('[bench:timeline]', ...parts);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
