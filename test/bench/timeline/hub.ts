import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@hubline/access';
import { loadConfig } from '@hubline/config';
import { startEmbeddedPostgres, type RunningPostgres } from '@hubline/database';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { createHttpApp } from '@hubline/http';
import { PersonalDataVault } from '@hubline/privacy';
import { ProjectionsService } from '@hubline/projections';
import { HubModule } from '../../../apps/hub/src/hub.module';
import { log } from './figures';
import { PG_STATEMENTS, STATEMENTS_SETTINGS } from './statements';

/** The hub as the benchmark drives it: in this process, over real HTTP on a loopback port. */
export interface BenchHub {
  app: NestFastifyApplication;
  baseUrl: string;
  databaseUrl: string;
  /** Where the database came from, for the report. */
  server: 'embedded' | 'DATABASE_URL';
  commands: CommandBus;
  store: EventStore;
  db: DataSource;
  vault: PersonalDataVault;
  projections: ProjectionsService;
  token(subject: string): Promise<string>;
}

export interface BenchDatabase {
  url: string;
  server: 'embedded' | 'DATABASE_URL';
  /** Drops the benchmark's database and stops the embedded server, if any. */
  remove(): Promise<void>;
}

/**
 * A fresh database for the run: figures (and the "exactly 200 entries" check) need an empty log.
 * With DATABASE_URL it is created on that server and dropped at the end; otherwise an embedded
 * server is started in the temporary directory and removed with its data.
 */
export async function openBenchDatabase(
  name = 'timeline',
  settings: Record<string, string> = {},
): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let embedded: RunningPostgres | null = null;
  if (!serverUrl) {
    const dataDir = path.join(os.tmpdir(), `hubline-${name}-bench-pg-${process.pid}`);
    console.error(`[bench:${name}] no DATABASE_URL: starting an embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false, settings });
    serverUrl = embedded.adminUrl;
  }
  const database = `hubline_${name}_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    server: embedded ? 'embedded' : 'DATABASE_URL',
    async remove() {
      if (embedded) return embedded.stop();
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

let stopHub: (() => Promise<void>) | null = null;
let stopping: Promise<void> | null = null;

/** Closes the app (projections stop before the store closes), then removes the database and keys. */
export function stopBenchHub(): Promise<void> {
  stopping ??= stopHub ? stopHub() : Promise.resolve();
  return stopping;
}

/**
 * Starts the hub as main.ts composes it (HubModule, the same HTTP app factory, projections on),
 * with its own data directory so it has its own token-signing and master keys. Logging is
 * silent: the service logs to stdout, which carries only the benchmark's JSON line.
 */
export async function startBenchHub(): Promise<BenchHub> {
  const database = await openBenchDatabase('timeline', PG_STATEMENTS ? STATEMENTS_SETTINGS : {});
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-timeline-bench-'));
  let app: NestFastifyApplication | null = null;
  stopHub = async () => {
    try {
      await app?.close();
    } finally {
      await database.remove().catch((error) => log('could not remove the database', error));
      rmSync(dataDir, { recursive: true, force: true });
    }
  };

  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    HUBLINE_DATA_DIR: dataDir,
    PROJECTIONS_ENABLED: 'true',
  };
  if (process.env.DATABASE_POOL_SIZE) env.DATABASE_POOL_SIZE = process.env.DATABASE_POOL_SIZE;
  const config = loadConfig(env);
  app = await createHttpApp(HubModule.register({ config, databaseUrl: database.url }), {
    title: 'Hubline',
    description: 'timelines benchmark',
  });
  // Port 0: the system picks a free loopback port, read back once listening.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const signingKey = await loadOrCreateLocalSigningKey(dataDir);
  if (config.auth.mode !== 'local') throw new Error('the benchmark mints its own tokens: local auth expected');
  const { issuer, audience } = config.auth;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl: database.url,
    server: database.server,
    commands: app.get(CommandBus),
    store: app.get(EVENT_STORE),
    db: app.get(DataSource),
    vault: app.get(PersonalDataVault),
    projections: app.get(ProjectionsService),
    token: (subject) => mintLocalToken(signingKey, { subject, issuer, audience, ttlSeconds: 6 * 3600 }),
  };
}
