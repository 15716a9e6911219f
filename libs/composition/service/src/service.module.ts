import { DynamicModule, Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { MixedList } from 'typeorm';
import { ACCESS_MIGRATIONS, AccessModule } from '@hubline/access';
import { HublineConfigModule, type HublineConfig } from '@hubline/config';
import { DatabaseModule } from '@hubline/database';
import { EventStoreModule } from '@hubline/event-store';
import { HealthModule } from '@hubline/health';
import { HTTP_MIGRATIONS, IdempotencyKeysModule, LoggingModule, logFormatFor } from '@hubline/http';
import { IDENTITY_MIGRATIONS, UserDirectoryModule } from '@hubline/identity';
import { PARTNERSHIPS_MIGRATIONS, PartnershipDirectoryModule } from '@hubline/partnerships';
import { PRIVACY_MIGRATIONS, PrivacyModule } from '@hubline/privacy';
import { PROJECTIONS_MIGRATIONS, ProjectionsModule, type Projection, type Reactor } from '@hubline/projections';

export interface ServiceOptions {
  /** Service name in logs, e.g. `hub`, `people`. */
  name: string;
  config: HublineConfig;
  /** The database actually in use (external, or the embedded one started by `runService`). */
  databaseUrl: string;
  /** The bounded contexts this service serves. */
  contexts: Array<Type<unknown> | DynamicModule>;
  /** Their migrations, after the platform's own (which every service runs). */
  migrations: MixedList<Function>;
  /** The projections this service runs (one active instance per projection across services). */
  projections: Array<new (...args: never[]) => Projection>;
  /** The reactors this service runs (decision 0016), likewise one active instance each. */
  reactors?: Array<new (...args: never[]) => Reactor>;
}

/** Migrations every service runs: checkpoints, idempotency keys, data keys, access, partnerships, users. */
export const PLATFORM_MIGRATIONS = [
  ...PROJECTIONS_MIGRATIONS,
  ...HTTP_MIGRATIONS,
  ...PRIVACY_MIGRATIONS,
  ...ACCESS_MIGRATIONS,
  ...PARTNERSHIPS_MIGRATIONS,
  ...IDENTITY_MIGRATIONS,
];

/**
 * One Hubline process: configuration, logs, commands, the read database, the event store,
 * projections, crypto-shredding, authentication and access, the partnership and user directories
 * (every service needs them to check who is calling; only the services that own them serve their
 * APIs), health, and the contexts it serves. The hub is this with every context.
 */
@Module({})
export class ServiceModule {
  static register(options: ServiceOptions): DynamicModule {
    const { config, databaseUrl } = options;
    return {
      module: ServiceModule,
      imports: [
        HublineConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.logLevel, service: options.name, format: logFormatFor(config) }),
        CqrsModule.forRoot(),
        IdempotencyKeysModule,
        DatabaseModule.forRoot({
          url: databaseUrl,
          poolSize: config.database.poolSize,
          migrations: [...PLATFORM_MIGRATIONS, ...(options.migrations as Function[])],
        }),
        EventStoreModule.forRoot(
          config.eventStore.kind === 'eventstoredb'
            ? { kind: 'eventstoredb', url: config.eventStore.url }
            : { kind: 'postgres', url: databaseUrl, poolSize: config.database.poolSize },
        ),
        ProjectionsModule.forRoot({
          enabled: config.projections.enabled,
          projections: options.projections,
          reactors: options.reactors,
        }),
        PrivacyModule.forRoot(),
        AccessModule.forRoot(),
        PartnershipDirectoryModule,
        UserDirectoryModule,
        HealthModule,
        ...options.contexts,
      ],
    };
  }
}
