import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DomainError, errorForLog } from '@hubline/errors';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { DataSource } from 'typeorm';
import { LogFeed } from './log-feed';
import { ProjectionRunner, type Projection, type ProjectionStatus } from './projection-runner';
import { ReactorProjection, type Reactor } from './reactor';
import type { RebuildProgress } from './rebuild';

/** Projections contributed by the contexts an app composes (multi-provider style token). */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** Reactors contributed by the contexts an app composes. */
export const REACTORS = Symbol('REACTORS');

export interface ProjectionsModuleOptions {
  enabled: boolean;
  projections: Array<new (...args: never[]) => Projection>;
  /** Steps that append events in reaction (decision 0016), each in a runner of its own. */
  reactors?: Array<new (...args: never[]) => Reactor>;
}

/** Starts one runner per projection and per reactor after the app boots; stops them before the store closes. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly reactorNames = new Set<string>();
  private readonly projections = new Map<string, Projection>();
  /** The process's one reader of the global log, feeding every runner (decision 0031). */
  readonly feed: LogFeed;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(REACTORS) reactors: Reactor[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataSource: DataSource,
    @Inject('PROJECTIONS_ENABLED') private readonly enabled: boolean,
  ) {
    this.feed = new LogFeed(store);
    for (const r of reactors) this.reactorNames.add(r.name);
    for (const p of projections) this.projections.set(p.name, p);
    for (const p of [...projections, ...reactors.map((r) => new ReactorProjection(r, store))]) {
      // One checkpoint and one lock per name: two runners under one name would fight over them.
      if (this.runners.has(p.name)) throw new Error(`two projections or reactors are named ${p.name}`);
      this.runners.set(
        p.name,
        new ProjectionRunner(p, store, dataSource, {
          feed: this.feed,
          log: (level, message, error) =>
            this.logger[level === 'info' ? 'log' : level]({ projection: p.name, error: errorForLog(error) }, message),
        }),
      );
    }
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    for (const runner of this.runners.values()) runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  /**
   * Resolves when every running projection and reactor has applied the whole log as it stands now,
   * including what reactors append in reaction (recorded disclosures): it waits again until the
   * head stops moving.
   */
  async waitForCatchUp(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let head = await this.store.headPosition();
    while (head) {
      const left = Math.max(1, deadline - Date.now());
      await Promise.all(
        [...this.runners.values()].filter((r) => r.status().state !== 'stopped').map((r) => r.waitFor(head!, left)),
      );
      const next = await this.store.headPosition();
      if (next === head) return;
      head = next;
    }
  }

  /**
   * Resolves when every read model (reactors aside) has applied the log up to its head as it is
   * now, in this process or, for a projection another process runs, by its stored checkpoint.
   * Throws after `timeoutMs`.
   */
  async waitForReadModels(timeoutMs: number): Promise<void> {
    const head = await this.store.headPosition();
    if (!head) return;
    const readModels = [...this.runners.entries()].filter(([name]) => !this.reactorNames.has(name));
    await Promise.all(readModels.map(([, runner]) => runner.waitFor(head, timeoutMs)));
  }

  /** The read models of this process (reactors aside), as a rebuild takes them. */
  readModels(): Projection[] {
    return [...this.projections.values()];
  }

  /** Rebuilds in progress or finished (decision 0031), from any process, as `projections.rebuilds` records them. */
  async rebuilds(): Promise<RebuildProgress[]> {
    const rows: Array<{
      name: string;
      state: RebuildProgress['state'];
      done: string;
      total: string | null;
      rate: number;
      seconds_left: number | null;
      error: string | null;
      started_at: Date;
      updated_at: Date;
    }> = await this.dataSource.query('SELECT * FROM projections.rebuilds ORDER BY name');
    return rows.map((r) => ({
      name: r.name,
      state: r.state,
      done: Number(r.done),
      total: r.total === null ? null : Number(r.total),
      rate: r.rate,
      secondsLeft: r.seconds_left,
      startedAt: r.started_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  statuses(): ProjectionStatus[] {
    return [...this.runners.values()].map((r) => r.status());
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.get(name);
  }
}

/** How long a refused check waits for the read models before its refusal stands. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 3_000;

/**
 * Checks a command makes against read models (that a person, agency, user, locality or meeting
 * exists and is active), made safe to run straight after the write that created what they look
 * for. Read models trail the event store; a check that passes is trusted at once, and a check that
 * refuses is run once more after every read model has applied the log as it stands at the refusal
 * (at most `READ_YOUR_WRITES_TIMEOUT_MS`). A write a client was told about has committed before its
 * next request arrives, so its effect is in that second look. See
 * docs/decisions/0020-read-your-own-writes-and-retries.md.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Reads a record a command decides with (a partnership's settings), from its read model once
   * that has the stream's last event: when the read model's revision (`revisionOf`, -1 for none)
   * is behind the stream's, waits for the read models (bounded) and reads again.
   */
  async atRevision<T>(
    streamId: string,
    read: () => Promise<T>,
    revisionOf: (value: T) => number,
    timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS,
  ): Promise<T> {
    const [value, revision] = await Promise.all([read(), this.store.streamRevision(streamId)]);
    if (revisionOf(value) >= revision) return value;
    await this.projections.waitForReadModels(timeoutMs).catch(() => undefined);
    return read();
  }

  /**
   * Reads once more, after the read models have caught up, when the first read lacks something
   * (`complete` says no): what `check` does for a refusal, for a read that finds nothing to refuse
   * with (a record missing from a list read by ids).
   */
  async complete<T>(
    read: () => Promise<T>,
    complete: (value: T) => boolean,
    timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS,
  ): Promise<T> {
    const value = await read();
    if (complete(value)) return value;
    await this.projections.waitForReadModels(timeoutMs).catch(() => undefined);
    return read();
  }

  async check<T>(check: () => Promise<T>, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A read model that cannot catch up in time (stopped, failing) leaves the refusal as it was.
      await this.projections.waitForReadModels(timeoutMs).catch(() => undefined);
      return check();
    }
  }
}

@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        ...options.projections,
        ...(options.reactors ?? []),
        { provide: 'PROJECTIONS_ENABLED', useValue: options.enabled },
        { provide: PROJECTIONS, useFactory: (...instances: Projection[]) => instances, inject: options.projections },
        { provide: REACTORS, useFactory: (...instances: Reactor[]) => instances, inject: options.reactors ?? [] },
        ProjectionsService,
        ReadYourWrites,
      ],
      exports: [ProjectionsService, ReadYourWrites],
    };
  }
}
