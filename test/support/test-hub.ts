import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import type { FastifyInstance } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JWK } from 'jose';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@hubline/access';
import { loadConfig, type HublineConfig } from '@hubline/config';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { createHttpApp } from '@hubline/http';
import { ProjectionsService } from '@hubline/projections';
import { createTestDatabase } from '@hubline/testing';
import { DataSource } from 'typeorm';
import { HubModule } from '../../apps/hub/src/hub.module';

export interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The hub as a test sees it: built with the same global pipes and filters as main.ts, on its own
 * fresh database and data directory (so it has its own token-signing and master keys).
 */
export class TestHub {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: HublineConfig,
    readonly databaseUrl: string,
    private readonly signingKey: JWK,
  ) {}

  /** `prepare` may add web-server hooks before the routes are registered (to observe requests). */
  static async start(env: Record<string, string> = {}, prepare?: (fastify: FastifyInstance) => void): Promise<TestHub> {
    const databaseUrl = await createTestDatabase('hub');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-e2e-'));
    const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', HUBLINE_DATA_DIR: dataDir, ...env });
    const app = await createHttpApp(HubModule.register({ config, databaseUrl }), {
      title: 'Hubline',
      description: 'test',
      load: config.load,
    });
    prepare?.(app.getHttpAdapter().getInstance());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestHub(app, config, databaseUrl, await loadOrCreateLocalSigningKey(dataDir));
  }

  get commands(): CommandBus {
    return this.app.get(CommandBus);
  }

  get store(): EventStore {
    return this.app.get(EVENT_STORE);
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  /** A valid bearer token for a subject (registered or not: the hub decides). */
  token(
    subject: string,
    overrides: { ttlSeconds?: number; now?: Date; issuer?: string; audience?: string } = {},
  ): Promise<string> {
    return mintLocalToken(this.signingKey, {
      subject,
      issuer: this.config.auth.issuer,
      audience: this.config.auth.audience,
      ...overrides,
    });
  }

  /** Calls the API as a registered user (by subject), or anonymously with `null`. */
  async as(subject: string | null, call: Call) {
    const headers: Record<string, string> = { ...(call.headers ?? {}) };
    if (subject) headers.authorization = `Bearer ${await this.token(subject)}`;
    return this.app.inject({
      method: call.method ?? 'GET',
      url: call.url,
      headers,
      ...(call.body !== undefined ? { payload: call.body as object } : {}),
    });
  }

  /** Waits until every projection has applied everything written so far. */
  settle(timeoutMs = 10_000): Promise<void> {
    return this.app.get(ProjectionsService).waitForCatchUp(timeoutMs);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

/** The response's JSON after checking its status; on a different status the body is in the failure. */
export async function ok(
  response: Promise<LightMyRequestResponse> | LightMyRequestResponse,
  status = 200,
): Promise<any> {
  const res = await response;
  // The answer's body goes into the failure, so that an unexpected refusal says which it was.
  if (res.statusCode !== status) expect({ status: res.statusCode, body: res.body.slice(0, 2000) }).toEqual({ status });
  return res.json();
}
