import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';

export interface DatabaseModuleOptions {
  url: string;
  poolSize: number;
  /** Every read model's migrations, in the order they must run. Never `synchronize`. */
  migrations: MixedList<Function>;
  entities?: MixedList<Function>;
}

/**
 * The read models' pool (`pg` options): `poolSize` connections, on which a prepared statement
 * (`queryPrepared`) is planned once, generically. PostgreSQL would otherwise plan some at every
 * call: for a person's rows (`person_id = ANY($2)`) it judged a plan for an array of unknown length
 * dearer than one for the array given, and planned each read for longer than it ran. Only named
 * statements are concerned; every other statement is planned for its values, as before.
 */
export function readModelPool(poolSize: number): { max: number; options: string } {
  return { max: poolSize, options: '-c plan_cache_mode=force_generic_plan' };
}

/**
 * TypeORM on PostgreSQL for read models. Migrations run at start-up under an advisory lock, so
 * several services starting at once do not race each other.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: (): DataSourceOptions => ({
            type: 'postgres',
            url: options.url,
            synchronize: false,
            migrationsRun: false,
            migrations: options.migrations,
            entities: options.entities ?? [],
            migrationsTableName: 'typeorm_migrations',
            extra: readModelPool(options.poolSize),
            logging: ['error'],
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}

export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('hubline:read-model:migrate'))`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('hubline:read-model:migrate'))`).catch(() => undefined);
    await runner.release();
  }
}
