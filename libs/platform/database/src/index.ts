export {
  startEmbeddedPostgres,
  freePort,
  EMBEDDED_PASSWORD,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from './embedded/embedded-postgres';
export { EmbeddedPostgresError } from './embedded/startup-error';
export { openRuntimeDatabase, type RuntimeDatabase } from './runtime-database';
export { DatabaseModule, readModelPool, runMigrationsLocked, type DatabaseModuleOptions } from './database.module';
export { queryPrepared } from './prepared';
