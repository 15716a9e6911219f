import { Client } from 'pg';
import path from 'node:path';
import type { HublineConfig } from '@hubline/config';
import { startEmbeddedPostgres } from './embedded/embedded-postgres';

export interface RuntimeDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'hubline';

/**
 * The database Hubline runs on: the server named by DATABASE_URL, or else a real PostgreSQL
 * started from the embedded-postgres package, keeping its data in `<dataDir>/postgres` so it
 * survives restarts.
 */
export async function openRuntimeDatabase(
  config: HublineConfig,
  log: (message: string) => void,
): Promise<RuntimeDatabase> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  const dataDir = path.resolve(config.dataDir, 'postgres');
  const server = await startEmbeddedPostgres({ dataDir, port: config.embeddedPostgresPort, persistent: true });
  const kept =
    server.dataDir === dataDir
      ? dataDir
      : `${server.dataDir}, linked from ${dataDir}, since ${server.user} cannot enter ${path.resolve(config.dataDir)}`;
  log(`no DATABASE_URL: the embedded PostgreSQL is running on port ${server.port} as ${server.user} (data in ${kept})`);
  try {
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), embedded: true, stop: () => server.stop() };
}
