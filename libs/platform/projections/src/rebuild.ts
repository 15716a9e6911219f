import type { EventStore, RecordedEvent } from '@hubline/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { LAZY_COMMIT } from './lazy-commit';
import { LogFeed } from './log-feed';
import type { Projection } from './projection-runner';

/** How far a rebuild has got, as the terminal and `/health/ready` show it. */
export interface RebuildProgress {
  name: string;
  state: 'building' | 'switching' | 'done' | 'failed';
  /** Events of the projection's types applied to the new tables so far. */
  done: number;
  /** Events of the projection's types in the log when the rebuild started (`null`: unknown, or not counted yet). */
  total: number | null;
  /** Events per second since the start. */
  rate: number;
  /** Seconds left at that rate (`null`: unknown). */
  secondsLeft: number | null;
  startedAt: string;
  updatedAt: string;
  error?: string;
}

export interface RebuildOptions {
  batchSize?: number;
  /** Called after every batch and at each change of state. */
  onProgress?: (progress: RebuildProgress) => void;
  signal?: AbortSignal;
}

/** Opens once every one of `count` parties has arrived (or failed on the way). */
interface StartingGate {
  arrive(): void;
  open: Promise<void>;
}

function startingGate(count: number): StartingGate {
  let left = count;
  let release: () => void = () => undefined;
  const open = new Promise<void>((resolve) => (release = resolve));
  if (left <= 0) release();
  return {
    open,
    arrive: () => {
      if (--left === 0) release();
    },
  };
}

/** The schema the new tables of `schema.table` are built in while the old ones serve. */
export const rebuildSchema = (schema: string) => `rebuild__${schema}`;

const IDENT = /^[a-z_][a-z0-9_]*$/;

function splitTable(qualified: string): { schema: string; table: string } {
  const [schema, table, ...rest] = qualified.split('.');
  if (!schema || !table || rest.length > 0 || !IDENT.test(schema) || !IDENT.test(table))
    throw new Error(`table name ${qualified} must be schema.table in lower case`);
  return { schema, table };
}

/**
 * The projection's SQL pointed at the new tables: every schema-qualified name of one of its
 * tables is replaced by the same table in the rebuild schema; other tables are left as they are.
 */
export function redirectTables(tables: readonly string[]): (sql: string) => string {
  const patterns = tables.map((qualified) => {
    const { schema, table } = splitTable(qualified);
    return {
      pattern: new RegExp(`(?<![\\w."])${schema}\\.${table}(?![\\w"])`, 'g'),
      to: `${rebuildSchema(schema)}.${table}`,
    };
  });
  return (sql) => patterns.reduce((text, { pattern, to }) => text.replace(pattern, to), sql);
}

/** The same manager, with the projection's SQL redirected to the new tables. */
function redirected(manager: EntityManager, redirect: (sql: string) => string): EntityManager {
  return new Proxy(manager, {
    get(target, property, receiver) {
      if (property === 'query') return (sql: string, parameters?: unknown[]) => target.query(redirect(sql), parameters);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/**
 * Rebuilds read models without downtime (decision 0031): each into new tables, copies of its
 * tables made empty in a schema of its own (`rebuild__<schema>`), from position zero, while the old
 * tables keep serving and the projection's runner keeps them current. When the new tables have
 * caught up with the log, one short transaction locks the old tables (writers and readers wait),
 * applies the last events, drops the old tables, moves the new ones into place under the old
 * index names and stores the new position as the projection's checkpoint. The runner's next
 * checkpoint write finds the position moved and it resumes from the new one.
 *
 * Several read models are rebuilt from one reader of the log (`LogFeed`), each with its own
 * progress, committed with its rows in `projections.rebuilds`.
 */
export class ReadModelRebuild {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: RebuildOptions = {},
  ) {}

  async rebuild(projections: Projection[]): Promise<RebuildProgress[]> {
    for (const p of projections) {
      if (p.kind === 'reactor')
        throw new Error(`${p.name} is a reactor: rebuilding it would judge the log again (decision 0016)`);
      if (!p.tables?.length) throw new Error(`${p.name} does not declare its tables`);
    }
    // The rebuild schemas first, one at a time: concurrent CREATE SCHEMA IF NOT EXISTS can collide.
    const schemas = new Set(projections.flatMap((p) => p.tables!.map((t) => splitTable(t).schema)));
    for (const schema of schemas) await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${rebuildSchema(schema)}`);
    // Every read model rebuilt reads the whole log: the shared reader waits for the slowest rather
    // than letting it read (and parse, on the same thread) the log a second time on its own.
    const feed = new LogFeed(this.store, { batchSize: this.options.batchSize ?? 2_000, letGo: false });
    const gate = startingGate(projections.length);
    const counts = this.countByType();
    // Asked once for all of them, before the gate: a read model that awaited its own answer after
    // the gate would subscribe in a later turn, after the shared reader had started without it.
    const empty = this.caughtUp(null);
    // Its failure is caught here as well, for when every read model fails before awaiting it.
    empty.catch(() => undefined);
    return Promise.all(projections.map((p) => this.one(p, feed, gate, counts, empty)));
  }

  private async one(
    projection: Projection,
    feed: LogFeed,
    gate: StartingGate,
    counts: Promise<Map<string, number> | null>,
    emptyLog: Promise<boolean>,
  ): Promise<RebuildProgress> {
    const started = Date.now();
    const progress: RebuildProgress = {
      name: projection.name,
      state: 'building',
      done: 0,
      total: null,
      rate: 0,
      secondsLeft: null,
      startedAt: new Date(started).toISOString(),
      updatedAt: new Date(started).toISOString(),
    };
    void counts.then((byType) => {
      if (byType) progress.total = eventsFor(projection, byType);
    });
    const tables = projection.tables!.map(splitTable);
    const redirect = redirectTables(projection.tables!);
    /**
     * `lazy`: for the transactions that fill the new tables. Nothing serves from them and a rebuild
     * that stops starts again from position zero, so their commit need not wait for the disk
     * (`LAZY_COMMIT`); the switch and every change of state still does.
     */
    const report = (manager?: EntityManager, lazy = false) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      progress.rate = Math.round(progress.done / seconds);
      progress.secondsLeft =
        progress.total === null || progress.rate === 0
          ? null
          : Math.max(0, Math.round((progress.total - progress.done) / progress.rate));
      progress.updatedAt = new Date().toISOString();
      this.options.onProgress?.({ ...progress });
      return (manager ?? this.dataSource).query(
        `${lazy ? `WITH ${LAZY_COMMIT} ` : ''}UPDATE projections.rebuilds SET state = $2, done = $3, total = $4, rate = $5, seconds_left = $6, error = $7, updated_at = now()
          ${lazy ? 'FROM lazy_commit ' : ''}WHERE name = $1`,
        [
          progress.name,
          progress.state,
          progress.done,
          progress.total,
          progress.rate,
          progress.secondsLeft,
          progress.error ?? null,
        ],
      );
    };
    let position: string | null = null;
    const apply = async (events: RecordedEvent[], to: string, manager: EntityManager) => {
      const m = redirected(manager, redirect);
      if (projection.applyBatch) await projection.applyBatch(events, m);
      else for (const event of events) await projection.apply(event, m);
      position = to;
      progress.done += events.length;
    };

    try {
      let empty: boolean;
      try {
        await this.prepare(projection.name, tables);
        await report();
        empty = await emptyLog;
      } finally {
        gate.arrive();
      }
      // Every read model subscribes in the same turn, so all of them start on the shared reader.
      await gate.open;
      const controller = new AbortController();
      const abort = () => controller.abort();
      this.options.signal?.addEventListener('abort', abort, { once: true });
      try {
        // Catch up from position zero: through the shared reader while it keeps up, alone otherwise.
        // An empty log gets nothing from it, neither a batch nor a skip to end on: what is appended
        // from now on is applied at the switch.
        const batches = empty
          ? []
          : feed.subscribe({
              after: null,
              types: projection.eventTypes,
              signal: controller.signal,
              // The log moved on with nothing for it: when that was the end, stop and switch.
              onSkipped: (to) => {
                position = to;
                if (feed.hasReadPast(to)) return;
                void this.caughtUp(to).then(
                  (done) => done && controller.abort(),
                  () => undefined,
                );
              },
            });
        for await (const batch of batches) {
          await this.dataSource.transaction(async (manager) => {
            await apply(batch.events, batch.position, manager);
            await report(manager, true);
          });
          // Asked only when the shared reader has read nothing past it: at a million events a
          // question after every batch of every read model was 8,000 round trips on the hub's thread.
          if (!feed.hasReadPast(position) && (await this.caughtUp(position))) break;
        }
      } finally {
        controller.abort();
        this.options.signal?.removeEventListener('abort', abort);
      }
      if (this.options.signal?.aborted) throw new Error('rebuild interrupted');
      // The totals, if the count has not ended yet (a short log): the last report shows them.
      const byType = await counts;
      if (byType) progress.total = eventsFor(projection, byType);
      progress.state = 'switching';
      await report();
      await this.dataSource.transaction(async (manager) => {
        // Old tables first, then the checkpoint row, in the order the runner takes them.
        await manager.query(
          `LOCK TABLE ${tables.map((t) => `${t.schema}.${t.table}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
        );
        await manager.query('INSERT INTO projections.checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
          projection.name,
        ]);
        await manager.query('SELECT position FROM projections.checkpoints WHERE name = $1 FOR UPDATE', [
          projection.name,
        ]);
        // The last events, applied while nothing else can write the projection.
        for (;;) {
          const { events, checkpoint } = await this.store.readAll({ after: position, maxCount: 2_000 });
          if (events.length === 0 || !checkpoint) break;
          const types = projection.eventTypes;
          const wanted = types ? events.filter((e) => types.has(e.type)) : events;
          if (wanted.length > 0) await apply(wanted, checkpoint, manager);
          else position = checkpoint;
        }
        for (const t of tables) await this.swap(manager, t.schema, t.table);
        await manager.query(
          `UPDATE projections.checkpoints SET position = $2, events_applied = $3, updated_at = now() WHERE name = $1`,
          [projection.name, position, progress.done],
        );
        progress.state = 'done';
        progress.secondsLeft = 0;
        await report(manager);
      });
      return { ...progress };
    } catch (error) {
      progress.state = 'failed';
      progress.error = error instanceof Error ? error.message : String(error);
      await report().catch(() => undefined);
      await this.dropNewTables(tables).catch(() => undefined);
      throw error;
    }
  }

  /** Empty copies of the tables (columns, defaults, checks, identities, indexes) in the rebuild schema. */
  private async prepare(name: string, tables: Array<{ schema: string; table: string }>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      for (const { schema, table } of tables) {
        const [triggers]: Array<{ n: number }> = await m.query(
          `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
          [`${schema}.${table}`],
        );
        if (triggers.n > 0) throw new Error(`${schema}.${table} has triggers; a rebuild would not copy them`);
        await m.query(`DROP TABLE IF EXISTS ${rebuildSchema(schema)}.${table}`);
        await m.query(`CREATE TABLE ${rebuildSchema(schema)}.${table} (LIKE ${schema}.${table} INCLUDING ALL)`);
      }
      await m.query(
        `INSERT INTO projections.rebuilds (name, state, done, started_at, updated_at) VALUES ($1, 'building', 0, now(), now())
         ON CONFLICT (name) DO UPDATE SET state = 'building', done = 0, total = NULL, rate = 0, seconds_left = NULL,
           error = NULL, started_at = now(), updated_at = now()`,
        [name],
      );
    });
  }

  /** Drops the old table and moves the new one into its place, keeping the old index names. */
  private async swap(m: EntityManager, schema: string, table: string): Promise<void> {
    const indexes = (relation: string): Promise<Array<{ name: string; def: string }>> =>
      m.query(
        `SELECT c.relname AS name, regexp_replace(pg_get_indexdef(i.indexrelid), ' INDEX \\S+ ON \\S+ ', ' INDEX ON ') AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass`,
        [relation],
      );
    const old = await indexes(`${schema}.${table}`);
    await m.query(`DROP TABLE ${schema}.${table}`);
    await m.query(`ALTER TABLE ${rebuildSchema(schema)}.${table} SET SCHEMA ${schema}`);
    const fresh = await indexes(`${schema}.${table}`);
    for (const index of old) {
      const match = fresh.find((f) => f.def === index.def && f.name !== index.name);
      if (!match || fresh.some((f) => f.name === index.name)) continue;
      await m.query(`ALTER INDEX ${schema}.${match.name} RENAME TO ${index.name}`);
      match.name = index.name;
    }
  }

  private async dropNewTables(tables: Array<{ schema: string; table: string }>): Promise<void> {
    for (const { schema, table } of tables)
      await this.dataSource.query(`DROP TABLE IF EXISTS ${rebuildSchema(schema)}.${table}`);
  }

  /** Whether nothing lies after `position` in the log as it can be read now. */
  private async caughtUp(position: string | null): Promise<boolean> {
    const { events } = await this.store.readAll({ after: position, maxCount: 1 });
    return events.length === 0;
  }

  /**
   * The log's events by type (PostgreSQL event store; null when it cannot tell), in one scan for
   * every read model rebuilt. A scan of a large log takes seconds (one per read model took about
   * nine at a million events), so the rebuild does not wait for it: totals appear when it ends.
   */
  private async countByType(): Promise<Map<string, number> | null> {
    try {
      const rows: Array<{ type: string; n: string }> = await this.dataSource.query(
        'SELECT type, count(*) AS n FROM event_store.events GROUP BY type',
      );
      return new Map(rows.map((r) => [r.type, Number(r.n)]));
    } catch {
      return null;
    }
  }
}

/** The events of the projection's types, from the log's counts by type. */
function eventsFor(projection: Projection, counts: Map<string, number>): number {
  let total = 0;
  for (const [type, n] of counts) if (!projection.eventTypes || projection.eventTypes.has(type)) total += n;
  return total;
}
