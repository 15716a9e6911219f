import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@hubline/config';
import { createHttpApp } from '@hubline/http';
import { createTestDatabase } from '@hubline/testing';
import { HubModule } from '../../apps/hub/src/hub.module';

describe('hub (all-in-one) over HTTP', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('hub');
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      HUBLINE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hubline-e2e-')),
    });
    app = await createHttpApp(HubModule.register({ config, databaseUrl }), { title: 'Hubline', description: 'test' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('is live and ready on a real database and event store', async () => {
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, eventStore: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.info.title).toBe('Hubline');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
  });

  it('answers an unknown route with a problem document and a request id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/no-such-route?name=Smith',
      headers: { 'x-request-id': 'req-123' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toBe('req-123');
    // The problem names Hubline's own id (as the logs do), not the caller's.
    expect(res.json()).toMatchObject({
      status: 404,
      title: 'Not found',
      instance: '/no-such-route',
      requestId: res.headers['x-correlation-id'],
    });
    expect(res.json().requestId).not.toBe('req-123');
    expect(JSON.stringify(res.json())).not.toContain('Smith');
  });
});
