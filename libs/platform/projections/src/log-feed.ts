import { comparePositions, type EventStore, type RecordedEvent } from '@hubline/event-store';

/** What a runner is handed: the events it wants, and the position to store once they are applied. */
export interface FeedBatch {
  events: RecordedEvent[];
  /** The last position this batch accounts for (events between that it does not want included). */
  position: string;
}

export interface FeedSubscription {
  /** Start after this position (`null`: from the beginning of the log). */
  after: string | null;
  /** Only events of these types are handed over; absent: every event. */
  types?: ReadonlySet<string>;
  signal: AbortSignal;
  /**
   * Called when the log moved past events this subscriber does not want and nothing of its own is
   * waiting: it may move its checkpoint in memory. A plain call, not a wake-up of its loop.
   */
  onSkipped?: (position: string) => void;
  /** Called when the subscriber starts or stops reading on its own (behind the shared reader). */
  onMode?: (mode: 'shared' | 'own') => void;
}

export interface LogFeedOptions {
  batchSize?: number;
  /** Events a subscriber may have waiting before the shared reader waits for it (default 2 × batch size). */
  highWater?: number;
  /** How long the shared reader waits for a subscriber above its high-water mark before leaving it to read on its own. */
  maxWaitMs?: number;
  /**
   * `false`: the shared reader waits for its slowest subscriber however long it takes, and never
   * leaves one to read on its own (a rebuild: every subscriber must read the whole log, and one
   * let go would read and parse it a second time on the same thread). Default `true`.
   */
  letGo?: boolean;
}

interface Subscriber {
  types?: ReadonlySet<string>;
  /** Everything up to here has been handed over or skipped. */
  position: string | null;
  queue: FeedBatch[];
  queued: number;
  detached: boolean;
  /** A batch has been yielded and its subscriber has not asked for the next one yet. */
  inFlight: boolean;
  onSkipped?: (position: string) => void;
  wake: () => void;
}

const isAfter = (position: string, than: string | null) => than === null || comparePositions(position, than) > 0;

/**
 * The one reader of the global log in a process (decision 0031). Every projection and reactor
 * runner of the process subscribes to it; it reads each batch once and hands each subscriber only
 * the events of the types it handles, so an event that no runner wants wakes none of them.
 *
 * A subscriber joins the shared reader only when nothing lies between its own position and the
 * reader's: until then (a runner starting from an older checkpoint, one that is rebuilding, or one
 * that fell behind) it reads the log on its own, and joins as soon as its own reading reaches the
 * reader's position. A subscriber that keeps more than `highWater` events waiting for longer than
 * `maxWaitMs` is let go to read on its own, so one slow read model does not hold the others back
 * (unless the feed was made with `letGo: false`, as a rebuild's is).
 * Joining, handing over and leaving are synchronous steps of the one event loop, so no event is
 * handed twice or skipped: a subscriber's position only moves forward, and each batch is handed
 * to exactly the subscribers present when it was read.
 */
export class LogFeed {
  private readonly subscribers = new Set<Subscriber>();
  private position: string | null = null;
  private running: AbortController | null = null;
  private drained: (() => void) | null = null;
  private readonly batchSize: number;
  private readonly highWater: number;
  private readonly maxWaitMs: number;
  private readonly letGo: boolean;
  /** Batches the shared reader has read (for tests and readiness). */
  batchesRead = 0;

  constructor(
    private readonly store: EventStore,
    options: LogFeedOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.highWater = options.highWater ?? this.batchSize * 2;
    this.maxWaitMs = options.maxWaitMs ?? 2_000;
    this.letGo = options.letGo ?? true;
  }

  /**
   * Whether the shared reader has read past `position`: then the log holds events after it, and
   * a subscriber there need not ask the store whether it has reached the end.
   */
  hasReadPast(position: string | null): boolean {
    return this.running !== null && this.position !== null && isAfter(this.position, position);
  }

  /** How many subscribers are reading from the shared reader now. */
  get sharedSubscribers(): number {
    return [...this.subscribers].filter((s) => !s.detached).length;
  }

  /** Batches of the events the subscriber wants, in log order, each once, until its signal aborts. */
  async *subscribe(options: FeedSubscription): AsyncGenerator<FeedBatch> {
    let position = options.after;
    let mode: 'shared' | 'own' | null = null;
    const setMode = (next: 'shared' | 'own') => {
      if (mode !== next) options.onMode?.(next);
      mode = next;
    };
    while (!options.signal.aborted) {
      const joined = this.join(position, options);
      if (joined) {
        setMode('shared');
        try {
          for (;;) {
            const batch = this.takeWaiting(joined);
            if (batch) {
              this.drained?.();
              position = batch.position;
              if (batch.events.length === 0) {
                options.onSkipped?.(batch.position);
                continue;
              }
              joined.inFlight = true;
              try {
                yield batch;
              } finally {
                joined.inFlight = false;
              }
              continue;
            }
            if (joined.detached || options.signal.aborted) break;
            await new Promise<void>((resolve) => {
              const done = () => {
                options.signal.removeEventListener('abort', done);
                joined.wake = () => undefined;
                resolve();
              };
              joined.wake = done;
              options.signal.addEventListener('abort', done, { once: true });
            });
          }
          // Let go (or aborted): everything handed over was yielded; carry on from the last skip too.
          if (joined.position && isAfter(joined.position, position)) position = joined.position;
        } finally {
          this.leave(joined);
        }
        continue;
      }
      // Behind the shared reader: read on our own until we reach it.
      setMode('own');
      const { events, checkpoint } = await this.store.readAll({ after: position, maxCount: this.batchSize });
      if (events.length === 0 || !checkpoint) continue; // the shared reader stopped meanwhile; join it
      position = checkpoint;
      const types = options.types;
      const wanted = types ? events.filter((e) => types.has(e.type)) : events;
      if (wanted.length > 0) yield { events: wanted, position: checkpoint };
      else options.onSkipped?.(checkpoint);
    }
  }

  /**
   * Everything the subscriber has waiting, as one batch of at most `batchSize` events (at least
   * the first waiting batch, whatever its size): a runner that fell behind while it applied a batch
   * applies what came meanwhile in one transaction, not one per read of the shared reader. Live,
   * each read brings a few events; a runner slowed by other work (readers on the same cores) would
   * otherwise pay a whole transaction, and its commit, for each of them, and never catch up.
   */
  private takeWaiting(s: Subscriber): FeedBatch | undefined {
    const first = s.queue.shift();
    if (!first) return undefined;
    const taken = [first];
    let count = first.events.length;
    while (s.queue.length > 0 && count + s.queue[0].events.length <= this.batchSize) {
      const next = s.queue.shift()!;
      taken.push(next);
      count += next.events.length;
    }
    s.queued -= count;
    const events = taken.length === 1 ? first.events : taken.flatMap((b) => b.events);
    return { events, position: taken[taken.length - 1].position };
  }

  /** Joins the shared reader if nothing lies between `position` and it (starting it if it is idle). */
  private join(position: string | null, options: FeedSubscription): Subscriber | null {
    if (this.running && this.position !== null && isAfter(this.position, position)) return null;
    const subscriber: Subscriber = {
      types: options.types,
      position,
      queue: [],
      queued: 0,
      detached: false,
      inFlight: false,
      onSkipped: options.onSkipped,
      wake: () => undefined,
    };
    this.subscribers.add(subscriber);
    if (!this.running) this.start(position);
    return subscriber;
  }

  private leave(subscriber: Subscriber): void {
    subscriber.detached = true;
    this.subscribers.delete(subscriber);
    this.drained?.();
    if (this.subscribers.size === 0) this.stop();
  }

  private start(from: string | null): void {
    const controller = new AbortController();
    this.running = controller;
    this.position = from;
    void this.read(from, controller).catch(() => {
      // The store failed: let every subscriber go on its own; they retry and join a new reader.
      if (this.running === controller) this.stop();
    });
  }

  private stop(): void {
    this.running?.abort();
    this.running = null;
    for (const s of this.subscribers) this.detach(s);
    this.subscribers.clear();
    this.drained?.();
  }

  private detach(subscriber: Subscriber): void {
    subscriber.detached = true;
    this.subscribers.delete(subscriber);
    subscriber.wake();
  }

  private async read(from: string | null, controller: AbortController): Promise<void> {
    for await (const batch of this.store.subscribeToAll({
      after: from,
      batchSize: this.batchSize,
      signal: controller.signal,
    })) {
      if (this.running !== controller) return;
      const end = batch[batch.length - 1].position;
      this.batchesRead++;
      // Moved first, so that a subscriber told of a skip sees how far the reader has read.
      this.position = end;
      for (const s of this.subscribers) this.handOver(s, batch, end);
      await this.backPressure(controller);
      if (this.running !== controller) return;
    }
  }

  private handOver(s: Subscriber, batch: RecordedEvent[], end: string): void {
    if (s.position !== null && !isAfter(end, s.position)) return; // already past this batch on its own
    const from = s.position;
    const types = s.types;
    // Usually the whole batch lies after the subscriber's position: compare each event's position
    // only when it does not (parsing positions was 5 % of a rebuild's thread, for every subscriber).
    const whole = isAfter(batch[0].position, from);
    const wanted =
      whole && !types
        ? batch.slice()
        : batch.filter((e) => (whole || isAfter(e.position, from)) && (!types || types.has(e.type)));
    s.position = end;
    if (wanted.length > 0) {
      s.queue.push({ events: wanted, position: end });
      s.queued += wanted.length;
      s.wake();
    } else if (s.queue.length > 0) {
      // Nothing for it here: the checkpoint after its last waiting batch moves past these too.
      s.queue[s.queue.length - 1].position = end;
    } else if (s.inFlight) {
      // Its runner is applying a batch: the checkpoint may move past these only after that commits.
      s.queue.push({ events: [], position: end });
    } else {
      s.onSkipped?.(end);
    }
  }

  /**
   * Waits while a subscriber has too much waiting; lets go of those that stay behind too long
   * (with `letGo: false`, waits until they have taken their batches, or left, or the reader stops).
   */
  private async backPressure(controller: AbortController): Promise<void> {
    const started = Date.now();
    for (;;) {
      const behind = [...this.subscribers].filter((s) => s.queued > this.highWater);
      if (behind.length === 0 || controller.signal.aborted) return;
      const waited = Date.now() - started;
      if (this.letGo && waited >= this.maxWaitMs) {
        for (const s of behind) this.detach(s);
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = this.letGo ? setTimeout(resolve, this.maxWaitMs - waited) : undefined;
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.drained = null;
    }
  }
}
