import { Client } from 'pg';
import path from 'node:path';
import type { HublineConfig } from '@hubline/config';
import { StartUpRefusedError } from '@hubline/errors';
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
  if (config.database.url) {
    await checkDatabase(config.database.url);
    return { url: config.database.url, embedded: false, stop: async () => undefined };
  }
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

/** How long the first connection to DATABASE_URL may take before the start is refused. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to DATABASE_URL once before anything else uses it, so that a server that is not there,
 * refuses the credentials or lacks the database stops the start with one line saying which and
 * what to do (it used to fail deep in the services' set-up, with a stack trace). The password is
 * never repeated.
 */
export async function checkDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartUpRefusedError(databaseProblem(url, error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What is wrong with the database DATABASE_URL names, and what to do, from the error connecting gave. */
export function databaseProblem(url: string, error: unknown): string {
  let where = 'the server DATABASE_URL names';
  let user = '';
  let database = '';
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || '5432'}`;
    user = decodeURIComponent(parsed.username);
    database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  } catch {
    return 'DATABASE_URL is not a URL: write it as postgres://user:password@host:port/database.';
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${where} (DATABASE_URL): start PostgreSQL there, or correct DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the database host in DATABASE_URL (${where}) is not known: correct DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the user ${user || '(none given)'} (a wrong password, or no access from here): correct the credentials in DATABASE_URL, or let the user in (pg_hba.conf).`;
    case '3D000':
      return `PostgreSQL at ${where} has no database ${database || '(none given)'}: create it (CREATE DATABASE), or correct DATABASE_URL.`;
    default:
      if (/timeout/i.test(message))
        return `PostgreSQL at ${where} (DATABASE_URL) did not answer within ${CONNECT_TIMEOUT_MS / 1000} s: check that it runs and that this machine may reach it.`;
      return `the database at ${where} (DATABASE_URL) cannot be used: ${message.replace(url, 'DATABASE_URL')}.`;
  }
}
