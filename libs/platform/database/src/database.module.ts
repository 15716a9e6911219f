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
            extra: { max: options.poolSize },
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
