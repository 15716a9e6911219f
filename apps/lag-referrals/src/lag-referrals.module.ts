import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ACCESS_MIGRATIONS, AccessModule } from '@hubline/access';
import { HublineConfigModule, type HublineConfig } from '@hubline/config';
import { DatabaseModule } from '@hubline/database';
import { EventStoreModule } from '@hubline/event-store';
import { HealthModule } from '@hubline/health';
import { LoggingModule } from '@hubline/http';
import { IDENTITY_MIGRATIONS, IdentityModule } from '@hubline/identity';
import { LAG_MIGRATIONS, LAG_PROJECTIONS, LagModule } from '@hubline/lag';
import { PARTNERSHIPS_MIGRATIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PeopleModule } from '@hubline/people';
import { PRIVACY_MIGRATIONS, PrivacyModule } from '@hubline/privacy';
import { PROJECTIONS_MIGRATIONS, ProjectionsModule } from '@hubline/projections';

export interface LagReferralsOptions {
  config: HublineConfig;
  /** The database actually in use (external, or the embedded one main.ts started). */
  databaseUrl: string;
}

/**
 * The read models this service reads: its own (lag.*) and those of the contexts it asks through
 * their facades (users, partnership reference data, people, the access tables). Running another
 * context's migrations is safe: they run once, under a lock, whichever service starts first.
 */
export const LAG_REFERRALS_MIGRATIONS = [
  ...PROJECTIONS_MIGRATIONS,
  ...PRIVACY_MIGRATIONS,
  ...ACCESS_MIGRATIONS,
  ...PARTNERSHIPS_MIGRATIONS,
  ...IDENTITY_MIGRATIONS,
  ...PEOPLE_MIGRATIONS,
  ...LAG_MIGRATIONS,
];

/**
 * The Locality Action Group service on its own. It feeds only the LAG projections: the read
 * models of users, partnerships, people and access are fed by the service that owns them (the hub,
 * or each context's own service) on the same database.
 */
@Module({})
export class LagReferralsServiceModule {
  static register({ config, databaseUrl }: LagReferralsOptions): DynamicModule {
    return {
      module: LagReferralsServiceModule,
      imports: [
        HublineConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.logLevel, service: 'lag-referrals' }),
        CqrsModule.forRoot(),
        DatabaseModule.forRoot({ url: databaseUrl, poolSize: config.database.poolSize, migrations: LAG_REFERRALS_MIGRATIONS }),
        EventStoreModule.forRoot(
          config.eventStore.kind === 'eventstoredb'
            ? { kind: 'eventstoredb', url: config.eventStore.url }
            : { kind: 'postgres', url: databaseUrl, poolSize: config.database.poolSize },
        ),
        ProjectionsModule.forRoot({ enabled: config.projections.enabled, projections: [...LAG_PROJECTIONS] }),
        PrivacyModule.forRoot(),
        AccessModule.forRoot(),
        PartnershipsModule,
        IdentityModule,
        PeopleModule,
        LagModule,
        HealthModule,
      ],
    };
  }
}
