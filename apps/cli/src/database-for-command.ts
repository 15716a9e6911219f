import { Client } from 'pg';
import type { HublineConfig } from '@hubline/config';
import { EMBEDDED_PASSWORD, openRuntimeDatabase, type RuntimeDatabase } from '@hubline/database';

/**
 * The database a command works on: DATABASE_URL; else the embedded PostgreSQL of a hub that is
 * running now; else the embedded one, started for the command and stopped after it.
 */
export async function databaseForCommand(config: HublineConfig): Promise<RuntimeDatabase> {
  if (config.database.url) return openRuntimeDatabase(config, () => undefined);
  const url = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${config.embeddedPostgresPort}/hubline`;
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url, embedded: true, stop: async () => undefined };
  } catch {
    await probe.end().catch(() => undefined);
    return openRuntimeDatabase(config, (m) => process.stderr.write(`${m}\n`));
  }
}
