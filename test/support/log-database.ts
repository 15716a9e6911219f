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
  const db = await new DataSource({
    type: 'postgres',
    url,
    migrations: options.migrations,
    extra: { max: poolSize },
  }).initialize();
  await db.runMigrations();
  return { url, store, db };
}

/**
 * A fresh test database with the projections' tables and those of `migrations`, and a small
 * TypeORM data source on it, migrated: what a test applying one projection's events starts from.
 */
export async function openProjectionDatabase(name: string, migrations: Array<Function | string>): Promise<DataSource> {
  const db = await new DataSource({
    type: 'postgres',
    url: await createTestDatabase(name),
    migrations: [...PROJECTIONS_MIGRATIONS, ...migrations],
    extra: { max: 3 },
  }).initialize();
  await db.runMigrations();
  return db;
}
