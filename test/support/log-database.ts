import { DataSource, type MixedList } from 'typeorm';
import { PostgresEventStore } from '@hubline/event-store';
import { PROJECTIONS_MIGRATIONS } from '@hubline/projections';
import { createTestDatabase } from '@hubline/testing';

/**
 * A fresh test database with the event store's log and a TypeORM data source on it, migrated:
 * what a projection's integration test starts from.
 */
export async function openLogDatabase(
  name: string,
  options: { migrations: MixedList<Function | string>; poolSize?: number; storePoolSize?: number },
): Promise<{ url: string; store: PostgresEventStore; db: DataSource }> {
  const url = await createTestDatabase(name);
  const poolSize = options.poolSize ?? 5;
  const store = new PostgresEventStore({ connectionString: url, poolSize: options.storePoolSize ?? poolSize });
  await store.migrate();
  return { url, store, db: await migrated(url, options.migrations, poolSize) };
}

/**
 * A fresh test database with the projections' tables and those of `migrations`, and a small
 * TypeORM data source on it, migrated: what a test applying one projection's events starts from.
 */
export async function openProjectionDatabase(name: string, migrations: Array<Function | string>): Promise<DataSource> {
  return migrated(await createTestDatabase(name), [...PROJECTIONS_MIGRATIONS, ...migrations], 3);
}

/** A TypeORM data source on `url` with a pool of `poolSize`, its migrations run. */
async function migrated(url: string, migrations: MixedList<Function | string>, poolSize: number): Promise<DataSource> {
  const db = await new DataSource({ type: 'postgres', url, migrations, extra: { max: poolSize } }).initialize();
  await db.runMigrations();
  return db;
}
