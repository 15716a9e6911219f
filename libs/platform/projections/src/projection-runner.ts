import { comparePositions, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { IdleCheckpoints, type IdleCheckpointOwner } from './idle-checkpoints';
import type { DataSource, EntityManager } from 'typeorm';
import { InstanceLocks } from './instance-locks';
import { LAZY_COMMIT } from './lazy-commit';
import { LogFeed } from './log-feed';

/**
 * A read model fed from the global log. It owns its tables (created by its own migrations);
 * `apply` and `reset` write only to them, through the manager of the runner's transaction.
 */
export interface Projection {
  /** Stable name; the checkpoint and the single-instance lock are keyed by it. */
  readonly name: string;
  /** Events of other types are skipped without a call (the checkpoint still moves past them). */
  readonly eventTypes?: ReadonlySet<string>;
  /** A reactor (appends events in reaction) runs as a projection too; readiness tells them apart. */
  readonly kind?: 'projection' | 'reactor';
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
  /**
   * Applies a batch of events (in log order, only the types it handles) with a few set-based
   * statements instead of statements per event. Must leave the same rows as `apply` called on each
   * event in turn, and applying the same batch again must change nothing. When present the runner
   * uses it in place of `apply`.
   */
  applyBatch?(events: RecordedEvent[], manager: EntityManager): Promise<void>;
  /**
   * `applyBatch` with its writes handed back instead of sent: it reads what it needs through
   * `manager`, and returns the batch's data-modifying statements (`Writes`), or null when the
   * batch changes nothing. The runner sends them with the checkpoint's move as one statement, its
   * own transaction (`applyWithWrites`): a batch costs its reads and that one statement. What they
   * leave must be what `applyBatch` leaves (the rebuild and the projection's tests use that one).
   */
  writesOfBatch?(events: RecordedEvent[], manager: EntityManager): Promise<Writes | null>;
  /**
   * For a projection whose batch is one data-modifying statement (`INSERT`, `UPDATE` or `DELETE`,
   * parameters `$1` on, no `RETURNING`): that statement, which must change nothing unless `when`
   * (an SQL boolean expression, to be put in its `WHERE`) is true, or null when the batch changes
   * nothing. The runner sends it with the checkpoint's move as one statement, so one round trip
   * instead of four (begin, rows, checkpoint, commit); `when` holds only if the checkpoint moved.
   * `applyBatch` must stay equivalent (the rebuild uses it): it can run this statement with `true`.
   */
  batchStatement?(events: RecordedEvent[], when: string): BatchStatement | null;
  /**
   * The tables the projection writes, schema-qualified (`timelines.entries`). A rebuild
   * (decision 0031) builds copies of them while these serve, and switches when caught up; the
   * projection must name them in full in its SQL. Absent: the projection has no tables.
   */
  readonly tables?: readonly string[];
  /** Empties the projection's tables before a rebuild from position zero. */
  reset(manager: EntityManager): Promise<void>;
}

/** One SQL statement and its parameters. */
export interface BatchStatement {
  text: string;
  values: unknown[];
}

/**
 * Data-modifying statements (`INSERT`, `UPDATE` or `DELETE`, no `RETURNING`) to be sent as one
 * statement, each its own part of a `WITH`: their parameters are numbered over `values`, from
 * `$1`. Each statement sees the tables as they were before any of them, so no two may touch the
 * same rows (a projection's writes of a batch, one statement per table, never do).
 */
export interface Writes {
  statements: string[];
  values: unknown[];
}

/**
 * A statement's parameters, numbered as they are added: `add(value)` gives `$n` for it, `n`
 * counting from 1, and `list` holds the values in that order, to send with the statement (as
 * `Writes.values`). `add` may be passed on as it is.
 */
export class Parameters {
  readonly list: unknown[] = [];
  readonly add = (value: unknown): string => `$${this.list.push(value)}`;
}

/** The parts of a `WITH` that send `writes`: `write_0 AS (...)`, one for each statement. */
function writesAsCtes(writes: Writes | null | undefined): string[] {
  return (writes?.statements ?? []).map((statement, i) => `write_${i} AS (${statement})`);
}

/** Sends `writes` as one statement (one round trip), in `manager`'s transaction. */
export async function sendWrites(manager: EntityManager, writes: Writes | null): Promise<void> {
  if (!writes || writes.statements.length === 0) return;
  if (writes.statements.length === 1) await manager.query(writes.statements[0], writes.values);
  else await manager.query(`WITH ${writesAsCtes(writes).join(',\n     ')}\n     SELECT 1`, writes.values);
}

export type RunnerState = 'stopped' | 'standby' | 'active' | 'failing';

export interface ProjectionStatus {
  name: string;
  kind: 'projection' | 'reactor';
  state: RunnerState;
  checkpoint: string | null;
  eventsApplied: number;
  /** `shared`: fed by the process's one reader of the log; `own`: reading on its own to catch up. */
  reading?: 'shared' | 'own';
  lastError?: string;
  lastErrorAt?: string;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** How often a standby instance tries to take over (default 2 s). */
  standbyRetryMs?: number;
  /** Longest wait between retries after a failure (default 30 s). */
  maxBackoffMs?: number;
  /**
   * How long the checkpoint may stay unwritten after batches with no event for this projection
   * (default 100 ms: another process waiting for this read model reads the stored checkpoint). Skipping those writes spares a transaction per batch for every projection an
   * event does not concern; after a crash the runner re-reads at most that much of the log and
   * ignores it again.
   */
  idleCheckpointMs?: number;
  /** The process's one reader of the global log (decision 0031); absent: a reader of its own. */
  feed?: LogFeed;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

/** The SQLSTATE `projections.checkpoint_moved` raises (a migration of this library). */
const CHECKPOINT_MOVED_STATE = 'HL409';

/** Another instance moved the checkpoint: this instance must not apply the batch. */
export class CheckpointMovedError extends Error {
  constructor(readonly projection: string) {
    super(`checkpoint of projection ${projection} was moved by another instance`);
  }
}

const lockKey = (name: string) => `hubline:projection:${name}`;

/**
 * Applies events from the global log to one projection. Each batch of events and the checkpoint
 * after it are committed in one database transaction, so a crash at any point neither loses nor
 * double-applies an event. A session-level advisory lock keeps at most one active instance per
 * projection across processes (all of a process's locks on one session: `InstanceLocks`); the checkpoint update is also a compare-and-set, as a second guard.
 */
export class ProjectionRunner implements IdleCheckpointOwner {
  private state: RunnerState = 'stopped';
  private checkpoint: string | null = null;
  private eventsApplied = 0;
  private lastError?: { message: string; at: string };
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** The checkpoint as stored; `checkpoint` may be ahead of it by batches this projection ignored. */
  private persisted: string | null = null;
  /** Checkpoint writes, one at a time (the batch loop and the idle writes share it). */
  private writes: Promise<unknown> = Promise.resolve();
  /** Checkpoint writes queued or in progress. */
  private writing = 0;
  private reading?: 'shared' | 'own';
  private readonly feed: LogFeed;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.feed = options.feed ?? new LogFeed(store, { batchSize: options.batchSize });
  }

  get name(): string {
    return this.projection.name;
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      kind: this.projection.kind ?? 'projection',
      state: this.state,
      checkpoint: this.checkpoint,
      eventsApplied: this.eventsApplied,
      ...(this.reading && this.state === 'active' ? { reading: this.reading } : {}),
      ...(this.lastError ? { lastError: this.lastError.message, lastErrorAt: this.lastError.at } : {}),
    };
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal).finally(() => {
      this.loop = null;
      this.state = 'stopped';
    });
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  /**
   * Empties the read model and replays the whole log into it. Runs in this instance, which
   * must be (or become) the active one.
   */
  async rebuild(): Promise<void> {
    await this.stop();
    const lock = await this.acquireLock(true);
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.projection.reset(manager);
        await manager.query(
          'UPDATE projections.checkpoints SET position = NULL, events_applied = 0, updated_at = now() WHERE name = $1',
          [this.projection.name],
        );
      });
      this.checkpoint = null;
      this.eventsApplied = 0;
    } finally {
      await this.releaseLock(lock);
    }
    this.start();
  }

  /**
   * Resolves once the projection has applied everything up to `position` (or throws after the
   * timeout). This instance, when active, knows how far it has consumed; otherwise the stored
   * checkpoint of the active instance tells (at most `idleCheckpointMs` behind).
   */
  async waitFor(position: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.state === 'active' && this.checkpoint && comparePositions(this.checkpoint, position) >= 0) return;
      const { rows } = await this.query<{ position: string | null }>(
        'SELECT position FROM projections.checkpoints WHERE name = $1',
        [this.projection.name],
      );
      if (rows[0]?.position && comparePositions(rows[0].position, position) >= 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`projection ${this.projection.name} did not reach ${position} within ${timeoutMs} ms`);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let backoff = 0;
    while (!signal.aborted) {
      let lock: string | null = null;
      try {
        lock = await this.acquireLock(false);
        if (!lock) {
          this.state = 'standby';
          await sleep(this.options.standbyRetryMs ?? 2000, signal);
          continue;
        }
        this.state = 'active';
        await this.consume(signal);
        await this.flushIdleCheckpoint();
        backoff = 0;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof CheckpointMovedError) {
          // A rebuild switched its new tables in (decision 0031), or another instance moved on:
          // nothing of the batch was committed; start again from the stored checkpoint.
          this.options.log?.('info', `projection ${this.projection.name}: ${error.message}; resuming from it`);
          await this.releaseLock(lock);
          lock = null;
          await sleep(50, signal);
          continue;
        }
        this.state = 'failing';
        this.lastError = {
          message: error instanceof Error ? error.message : String(error),
          at: new Date().toISOString(),
        };
        this.options.log?.(
          'error',
          `projection ${this.projection.name} failed; it will retry from its last checkpoint`,
          error,
        );
        backoff = Math.min(Math.max(250, backoff * 2), this.options.maxBackoffMs ?? 30_000);
        await this.releaseLock(lock);
        lock = null;
        await sleep(backoff, signal);
      } finally {
        this.cancelIdleFlush();
        await this.writes.catch(() => undefined);
        await this.releaseLock(lock);
      }
    }
  }

  /** Reads the stored checkpoint, then applies batches until aborted or a failure. */
  private async consume(signal: AbortSignal): Promise<void> {
    await this.query('INSERT INTO projections.checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
      this.projection.name,
    ]);
    const { rows } = await this.query<{ position: string | null; events_applied: string }>(
      'SELECT position, events_applied FROM projections.checkpoints WHERE name = $1',
      [this.projection.name],
    );
    this.checkpoint = rows[0].position;
    this.persisted = rows[0].position;
    this.eventsApplied = Number(rows[0].events_applied);
    for await (const batch of this.feed.subscribe({
      after: this.checkpoint,
      types: this.projection.eventTypes,
      signal,
      // Nothing for this projection: move on in memory and write the checkpoint a little later, once.
      onSkipped: (position) => {
        this.checkpoint = position;
        this.scheduleIdleFlush();
      },
      onMode: (mode) => (this.reading = mode),
    })) {
      const { events, position: next } = batch;
      this.cancelIdleFlush();
      await this.serialized(() =>
        this.projection.batchStatement
          ? this.applyInOneStatement(events, next)
          : this.projection.writesOfBatch
            ? this.applyWithWrites(events, next)
            : this.dataSource.transaction(async (manager) => {
                if (this.projection.applyBatch) await this.projection.applyBatch(events, manager);
                else for (const event of events) await this.projection.apply(event, manager);
                await this.moveCheckpoint(manager, next, events.length);
              }),
      );
      this.checkpoint = next;
      this.persisted = next;
      this.eventsApplied += events.length;
      if (this.state === 'failing') this.state = 'active';
    }
  }

  /**
   * Compare-and-set from the stored checkpoint: another instance that moved it makes this one stop,
   * and its error rolls the batch's transaction back. The same statement lets the transaction
   * commit without waiting for the disk (`LAZY_COMMIT`), and sends the batch's `writes` if any
   * (`Projection.writesOfBatch`): one round trip for both.
   */
  private async moveCheckpoint(
    manager: EntityManager,
    next: string,
    applied: number,
    writes?: Writes | null,
  ): Promise<void> {
    const n = writes?.values.length ?? 0;
    try {
      await manager.query(
        `WITH ${[LAZY_COMMIT, ...writesAsCtes(writes)].join(',\n       ')},
         moved AS (UPDATE projections.checkpoints SET position = $${n + 2}, events_applied = events_applied + $${n + 4}, updated_at = now()
                     FROM lazy_commit WHERE name = $${n + 1} AND position IS NOT DISTINCT FROM $${n + 3} RETURNING 1)
         SELECT CASE WHEN count(*) = 1 THEN 1 ELSE projections.checkpoint_moved($${n + 1}) END AS moved FROM moved`,
        [...(writes?.values ?? []), this.projection.name, next, this.persisted, applied],
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === CHECKPOINT_MOVED_STATE)
        throw new CheckpointMovedError(this.projection.name);
      throw error;
    }
  }

  /**
   * A batch whose writes the projection hands back (`Projection.writesOfBatch`): its reads, then
   * its writes and the checkpoint's compare-and-set as one statement, which is its own transaction
   * (both or neither): two round trips, no `BEGIN` or `COMMIT`. If another instance moved the
   * checkpoint, the statement raises (`projections.checkpoint_moved`) and writes nothing.
   * Reading before that statement rather than in a transaction with it loses nothing: in a
   * transaction at PostgreSQL's default isolation each statement reads what is committed when it
   * starts all the same, and only the instance that moves the checkpoint writes the read model's
   * tables, so any batch committed between the reads and the write moved it, and the write is
   * refused.
   */
  private async applyWithWrites(events: RecordedEvent[], next: string): Promise<void> {
    const manager = this.dataSource.manager;
    await this.moveCheckpoint(manager, next, events.length, await this.projection.writesOfBatch!(events, manager));
  }

  /**
   * The projection's statement and the checkpoint's compare-and-set in one statement, which is its
   * own transaction: both or neither. Its rows are written only if the checkpoint moved (`moved`,
   * read by the projection's statement through `when`), so another instance having moved it
   * changes nothing here and is reported as for `moveCheckpoint`.
   */
  private async applyInOneStatement(events: RecordedEvent[], next: string): Promise<void> {
    const statement = this.projection.batchStatement!(events, 'EXISTS (SELECT 1 FROM moved)');
    const values = statement?.values ?? [];
    const n = values.length;
    const rows: Array<{ moved: number }> = await this.dataSource.query(
      `WITH ${LAZY_COMMIT},
       moved AS (UPDATE projections.checkpoints SET position = $${n + 2}, events_applied = events_applied + $${n + 4}, updated_at = now()
                   FROM lazy_commit WHERE name = $${n + 1} AND position IS NOT DISTINCT FROM $${n + 3} RETURNING 1)
       ${statement ? `, applied AS (${statement.text})` : ''}
       SELECT count(*)::int AS moved FROM moved`,
      [...values, this.projection.name, next, this.persisted, events.length],
    );
    if (rows[0]?.moved !== 1) throw new CheckpointMovedError(this.projection.name);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    this.writing += 1;
    const run = this.writes.then(work, work).finally(() => (this.writing -= 1));
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Only ignored events moved the checkpoint: the process's shared writer stores it with the others' (`IdleCheckpoints`). */
  private scheduleIdleFlush(): void {
    IdleCheckpoints.of(this.dataSource).schedule(this, this.options.idleCheckpointMs ?? 100);
  }

  private cancelIdleFlush(): void {
    IdleCheckpoints.of(this.dataSource).cancel(this);
  }

  /** @internal For `IdleCheckpoints`. */
  idleCheckpoint(): { target: string; persisted: string | null } | 'busy' | null {
    if (this.state !== 'active') return null;
    const target = this.checkpoint;
    if (!target || target === this.persisted) return null;
    return this.writing > 0 ? 'busy' : { target, persisted: this.persisted };
  }

  /** @internal For `IdleCheckpoints`. */
  holdWritesUntil(released: Promise<void>): void {
    void this.serialized(() => released);
  }

  /** @internal For `IdleCheckpoints`. */
  idleCheckpointWritten(target: string, stored: boolean): void {
    if (stored) this.persisted = target;
    else
      this.options.log?.(
        'warn',
        `projection ${this.projection.name} could not store its checkpoint: another instance moved it; it will resume from there`,
      );
  }

  /** @internal For `IdleCheckpoints`. */
  idleCheckpointFailed(error: unknown): void {
    this.options.log?.(
      'warn',
      `projection ${this.projection.name} could not store its checkpoint; it will retry`,
      error,
    );
    if (this.state === 'active') this.scheduleIdleFlush();
  }

  /** Stores a checkpoint that only ignored events moved (on stopping). */
  private flushIdleCheckpoint(): Promise<void> {
    return this.serialized(async () => {
      const target = this.checkpoint;
      if (!target || target === this.persisted || this.state !== 'active') return;
      await this.dataSource.transaction((manager) => this.moveCheckpoint(manager, target, 0));
      this.persisted = target;
    });
  }

  /** Takes this projection's single-instance lock (on the process's lock session); its key, or null when another instance has it. */
  private async acquireLock(wait: boolean): Promise<string | null> {
    const key = lockKey(this.projection.name);
    const locks = InstanceLocks.of(this.dataSource);
    if (wait) await locks.lock(key);
    else if (!(await locks.tryLock(key))) return null;
    return key;
  }

  private async releaseLock(key: string | null): Promise<void> {
    if (key) await InstanceLocks.of(this.dataSource).unlock(key);
  }

  private query<T>(sql: string, params: unknown[]): Promise<{ rows: T[] }> {
    return this.dataSource.query(sql, params).then((rows: T[]) => ({ rows }));
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
