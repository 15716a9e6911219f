import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { errorForLog } from '@hubline/errors';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { DataSource } from 'typeorm';
import { ProjectionRunner, type Projection, type ProjectionStatus } from './projection-runner';

/** Projections contributed by the contexts an app composes (multi-provider style token). */
export const PROJECTIONS = Symbol('PROJECTIONS');

export interface ProjectionsModuleOptions {
  enabled: boolean;
  projections: Array<new (...args: never[]) => Projection>;
}

/** Starts one runner per projection after the app boots; stops them before the store closes. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners = new Map<string, ProjectionRunner>();

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    dataSource: DataSource,
    @Inject('PROJECTIONS_ENABLED') private readonly enabled: boolean,
  ) {
    for (const p of projections) {
      this.runners.set(
        p.name,
        new ProjectionRunner(p, store, dataSource, {
          log: (level, message, error) => this.logger[level === 'info' ? 'log' : level]({ projection: p.name, error: errorForLog(error) }, message),
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
   * Resolves when every running projection has applied the whole log as it stands now, including
   * what projections themselves append in reaction (recorded disclosures): it waits again until
   * the head stops moving.
   */
  async waitForCatchUp(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let head = await this.store.headPosition();
    while (head) {
      const left = Math.max(1, deadline - Date.now());
      await Promise.all([...this.runners.values()].filter((r) => r.status().state !== 'stopped').map((r) => r.waitFor(head!, left)));
      const next = await this.store.headPosition();
      if (next === head) return;
      head = next;
    }
  }

  statuses(): ProjectionStatus[] {
    return [...this.runners.values()].map((r) => r.status());
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.get(name);
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
        { provide: 'PROJECTIONS_ENABLED', useValue: options.enabled },
        { provide: PROJECTIONS, useFactory: (...instances: Projection[]) => instances, inject: options.projections },
        ProjectionsService,
      ],
      exports: [ProjectionsService],
    };
  }
}
