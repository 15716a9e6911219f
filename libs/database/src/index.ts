export { startEmbeddedPostgres, freePort, type EmbeddedPostgresOptions, type RunningPostgres } from './embedded-postgres';
export { openRuntimeDatabase, type RuntimeDatabase } from './runtime-database';
export { DatabaseModule, runMigrationsLocked, type DatabaseModuleOptions } from './database.module';
