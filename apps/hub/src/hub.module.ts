import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HublineConfigModule, type HublineConfig } from '@hubline/config';
import { DatabaseModule } from '@hubline/database';
import { EventStoreModule } from '@hubline/event-store';
import { HealthModule } from '@hubline/health';
import { LoggingModule } from '@hubline/http';
import { PROJECTIONS_MIGRATIONS, ProjectionsModule } from '@hubline/projections';

export interface HubOptions {
  config: HublineConfig;
  /** The database actually in use (external, or the embedded one main.ts started). */
  databaseUrl: string;
}

/** The all-in-one process: every context's HTTP API and every projection worker. */
@Module({})
export class HubModule {
  static register({ config, databaseUrl }: HubOptions): DynamicModule {
    return {
      module: HubModule,
      imports: [
        HublineConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.logLevel, service: 'hub' }),
        CqrsModule.forRoot(),
        DatabaseModule.forRoot({ url: databaseUrl, poolSize: config.database.poolSize, migrations: [...PROJECTIONS_MIGRATIONS] }),
        EventStoreModule.forRoot(
          config.eventStore.kind === 'eventstoredb'
            ? { kind: 'eventstoredb', url: config.eventStore.url }
            : { kind: 'postgres', url: databaseUrl, poolSize: config.database.poolSize },
        ),
        ProjectionsModule.forRoot({ enabled: config.projections.enabled, projections: [] }),
        HealthModule,
      ],
    };
  }
}
