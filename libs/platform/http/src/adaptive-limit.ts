export interface AdaptiveLimitOptions {
  /** The most requests at once, whatever the latency (`HTTP_MAX_READS_IN_FLIGHT`); the limit starts here. */
  ceiling: number;
  /** The fewest requests at once, however slow they are (`HTTP_MIN_READS_IN_FLIGHT`); at most the ceiling. */
  floor: number;
  /**
   * The latency the served requests are held to, in milliseconds (`HTTP_READ_LATENCY_TARGET_MS`):
   * the 90th percentile of a window above it shrinks the limit. 0 keeps the limit at the ceiling.
   */
  targetMs: number;
  /** A window lasts at least this long before the limit is reconsidered. */
  windowMs?: number;
  /** …and holds at least this many requests' times. */
  windowSamples?: number;
  /** What the limit is multiplied by when a window is too slow (it falls by at least one). */
  backoff?: number;
  /** Milliseconds from an arbitrary origin; `performance.now` unless a test gives its own. */
  now?: () => number;
}

/** What a limit tells about itself (readiness, logs). */
export interface AdaptiveLimitStatus {
  limit: number;
  ceiling: number;
  floor: number;
  targetMs: number;
  /** The 90th percentile of the last window that was judged, in milliseconds; null before the first. */
  recentMs: number | null;
}

const DEFAULTS = { windowMs: 250, windowSamples: 10, backoff: 0.9 };
const PERCENTILE = 0.9;

/**
 * A limit on requests at once that follows the measured latency of the requests it admits
 * (additive increase, multiplicative decrease, decision 0021). The time of every admitted request,
 * from admission to its connection's answer sent or closed, is gathered in windows of at least
 * `windowMs` and `windowSamples` requests. When a window closes:
 * - its 90th percentile above the target multiplies the limit by `backoff` (at least one less),
 *   never under the floor: fewer requests at once share the cores and the database, so each is
 *   answered sooner, and the excess is refused at the door rather than served late;
 * - otherwise, if the limit was reached during the window (a request was refused, or one was
 *   admitted into the last place), the limit grows by one, never over the ceiling: it is fast and
 *   there is more to do;
 * - otherwise it stays: a limit nobody reaches says nothing about whether more would be fast.
 * It starts at the ceiling, so a hub whose requests are fast behaves as with a fixed limit.
 * Pure bookkeeping: the clock is given, nothing is scheduled.
 */
export class AdaptiveLimit {
  private current: number;
  private readonly options: Required<Omit<AdaptiveLimitOptions, 'now'>>;
  private readonly now: () => number;
  private samples: number[] = [];
  private windowStart: number;
  private reached = false;
  private recent: number | null = null;

  constructor(options: AdaptiveLimitOptions) {
    const ceiling = Math.max(1, Math.floor(options.ceiling));
    const floor = Math.min(ceiling, Math.max(1, Math.floor(options.floor)));
    this.options = { ...DEFAULTS, ...withoutUndefined(options), targetMs: options.targetMs, ceiling, floor };
    this.now = options.now ?? (() => performance.now());
    this.current = ceiling;
    this.windowStart = this.now();
  }

  /** The requests that may be worked on at once now. */
  get limit(): number {
    return this.current;
  }

  /** A request arrived with `inFlight` already being worked on (refused when at the limit). */
  arrived(inFlight: number): void {
    if (inFlight + 1 >= this.current) this.reached = true;
  }

  /** An admitted request's answer was sent, or its connection closed, `ms` after admission. */
  finished(ms: number): void {
    if (this.options.targetMs <= 0) return;
    this.samples.push(ms);
    if (this.samples.length < this.options.windowSamples) return;
    if (this.now() - this.windowStart < this.options.windowMs) return;
    this.judge();
  }

  status(): AdaptiveLimitStatus {
    const { ceiling, floor, targetMs } = this.options;
    return { limit: this.current, ceiling, floor, targetMs, recentMs: this.recent };
  }

  private judge(): void {
    const { ceiling, floor, targetMs, backoff } = this.options;
    const sorted = this.samples.sort((a, b) => a - b);
    const latency = sorted[Math.ceil(PERCENTILE * sorted.length) - 1];
    this.recent = Math.round(latency);
    if (latency > targetMs)
      this.current = Math.max(floor, Math.min(this.current - 1, Math.floor(this.current * backoff)));
    else if (this.reached) this.current = Math.min(ceiling, this.current + 1);
    this.samples = [];
    this.reached = false;
    this.windowStart = this.now();
  }
}

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
