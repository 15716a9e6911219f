import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { errorForLog } from '@hubline/errors';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

export type EventStoreModuleOptions =
  { kind: 'postgres'; url: string; poolSize: number } | { kind: 'eventstoredb'; url: string };

/** Provides the configured adapter under `EVENT_STORE`; closes it when the app stops. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: async (): Promise<EventStore> => {
            const logger = new Logger('EventStore');
            if (options.kind === 'eventstoredb') {
              logger.log('using EventStoreDB');
              return new EventStoreDbEventStore({ connectionString: options.url });
            }
            const store = new PostgresEventStore({
              connectionString: options.url,
              poolSize: options.poolSize,
              onBackgroundError: (error) =>
                logger.warn({ error: errorForLog(error) }, 'event store background error (it recovers by itself)'),
            });
            await store.migrate();
            return store;
          },
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  // After every module's onModuleDestroy, so projection runners have stopped reading.
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
