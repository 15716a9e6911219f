import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ACCESS_MIGRATIONS, ACCESS_PROJECTIONS, AccessModule } from '@hubline/access';
import { HublineConfigModule, type HublineConfig } from '@hubline/config';
import { DatabaseModule } from '@hubline/database';
import { EventStoreModule } from '@hubline/event-store';
import { HealthModule } from '@hubline/health';
import { LoggingModule } from '@hubline/http';
import { IDENTITY_MIGRATIONS, IDENTITY_PROJECTIONS, IdentityModule } from '@hubline/identity';
import { LAG_MIGRATIONS, LAG_PROJECTIONS, LagModule } from '@hubline/lag';
import { PARTNERSHIPS_MIGRATIONS, PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule } from '@hubline/people';
import { PRIVACY_MIGRATIONS, PrivacyModule } from '@hubline/privacy';
import { PROJECTIONS_MIGRATIONS, ProjectionsModule } from '@hubline/projections';
import { TIMELINES_MIGRATIONS, TIMELINES_PROJECTIONS, TimelinesModule } from '@hubline/timelines';

export interface HubOptions {
  config: HublineConfig;
  /** The database actually in use (external, or the embedded one main.ts started). */
  databaseUrl: string;
}

/** Every migration of every module the hub runs, in order. */
export const HUB_MIGRATIONS = [...PROJECTIONS_MIGRATIONS, ...PRIVACY_MIGRATIONS, ...ACCESS_MIGRATIONS, ...PARTNERSHIPS_MIGRATIONS, ...IDENTITY_MIGRATIONS, ...PEOPLE_MIGRATIONS, ...LAG_MIGRATIONS, ...TIMELINES_MIGRATIONS];

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
        DatabaseModule.forRoot({ url: databaseUrl, poolSize: config.database.poolSize, migrations: HUB_MIGRATIONS }),
        EventStoreModule.forRoot(
          config.eventStore.kind === 'eventstoredb'
            ? { kind: 'eventstoredb', url: config.eventStore.url }
            : { kind: 'postgres', url: databaseUrl, poolSize: config.database.poolSize },
        ),
        ProjectionsModule.forRoot({
          enabled: config.projections.enabled,
          projections: [...ACCESS_PROJECTIONS, ...PARTNERSHIPS_PROJECTIONS, ...IDENTITY_PROJECTIONS, ...PEOPLE_PROJECTIONS, ...LAG_PROJECTIONS, ...TIMELINES_PROJECTIONS],
        }),
        PrivacyModule.forRoot(),
        AccessModule.forRoot(),
        PartnershipsModule,
        IdentityModule,
        PeopleModule,
        LagModule,
        TimelinesModule,
        HealthModule,
      ],
    };
  }
}
