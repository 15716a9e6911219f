import type { QueryRunner } from 'typeorm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedPartnership, THURROCK } from '@hubline/demo';
import { eventually } from '@hubline/testing';
import { TestHub } from '../support/test-hub';

/**
 * Overload is shed, not queued: with the reads in flight at their limit, one more read is refused
 * at once, before the web framework sees it, health still answers, and the reads in flight finish.
 * A read whose client has gone is stopped before it records a consultation. Reads are held in
 * flight by a lock on the people register's table, taken in the test's own transaction. The gate
 * is the HTTP server's own, so these requests go over a real socket.
 */
const pc = 'pc.okafor@essex-police.demo';

/** A hub listening on a loopback port (the load gate is its HTTP server's), seeded, with one victim registered. */
async function listeningHub(
  env: Record<string, string>,
  prepare?: Parameters<typeof TestHub.start>[1],
): Promise<{ hub: TestHub; port: number; personId: string }> {
  const hub = await TestHub.start(env, prepare);
  await hub.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (hub.app.getHttpServer().address() as AddressInfo).port;
  await seedPartnership(hub.commands, THURROCK);
  await hub.settle();
  const res = await hub.as(pc, {
    method: 'POST',
    url: '/people',
    body: { givenName: 'Ada', familyName: 'Stone', dateOfBirth: '1970-02-03' },
  });
  expect(res.statusCode).toBe(201);
  await hub.settle();
  return { hub, port, personId: res.json().personId };
}

/** A GET over a real connection, closed after its answer. */
async function getOver(hub: TestHub, port: number, url: string, subject: string | null, requestId = 'none') {
  const headers: Record<string, string> = { 'x-request-id': requestId, connection: 'close' };
  if (subject) headers.authorization = `Bearer ${await hub.token(subject)}`;
  return new Promise<{ statusCode: number; headers: http.IncomingHttpHeaders; json: () => any }>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: url, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ statusCode: res.statusCode!, headers: res.headers, json: () => JSON.parse(body) }));
    });
    request.on('error', reject);
  });
}

/** Holds every read of the people register until released: the reads stay in flight. */
async function holdReads(hub: TestHub): Promise<QueryRunner> {
  const blocker = hub.db.createQueryRunner();
  await blocker.connect();
  await blocker.startTransaction();
  await blocker.query('LOCK TABLE people.people IN ACCESS EXCLUSIVE MODE');
  return blocker;
}

/** Waits until `count` reads wait on the held people register. */
async function readsWaiting(hub: TestHub, count: number, timeoutMs = 10_000): Promise<void> {
  await eventually(async () => {
    const [row] = await hub.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM people.people%'`,
    );
    expect(row.n).toBe(count);
  }, timeoutMs);
}

describe('under overload', () => {
  let hub: TestHub;
  let personId: string;
  /** The status each request sent, by the caller's x-request-id. */
  const sent = new Map<string, (status: number) => void>();
  /** The x-request-id of every request the web framework handled (its first or last hook ran). */
  const received: string[] = [];
  let port: number;

  beforeAll(async () => {
    ({ hub, port, personId } = await listeningHub({ HTTP_MAX_READS_IN_FLIGHT: '2' }, (fastify) => {
      fastify.addHook('onRequest', async (request) => {
        received.push(String(request.headers['x-request-id']));
      });
      fastify.addHook('onResponse', async (request) => {
        received.push(String(request.headers['x-request-id']));
      });
      fastify.addHook('onSend', async (request, reply, payload) => {
        sent.get(String(request.headers['x-request-id']))?.(reply.statusCode);
        return payload;
      });
    }));
  });
  afterAll(() => hub.close());

  const timeline = () => `/timelines/victims/${personId}?purpose=case_management`;

  const get = (url: string, subject: string | null, requestId?: string) => getOver(hub, port, url, subject, requestId);
  const consultations = async () => {
    await hub.settle();
    const [row] = await hub.db.query('SELECT count(*)::int AS n FROM access.consultations WHERE person_id = $1', [
      personId,
    ]);
    return row.n as number;
  };

  it('refuses a read over the limit with 503 problem+json and Retry-After before the web framework sees it, keeps health answering, and serves the reads it took', async () => {
    const blocker = await holdReads(hub);
    const held: Promise<{ statusCode: number }>[] = [];
    try {
      held.push(get(timeline(), pc, 'held-1'), get(timeline(), pc, 'held-2'));
      await readsWaiting(hub, 2);

      // Answered at once, or left waiting behind the others: a queue.
      let answered = false;
      const third = get(timeline(), pc, 'over-the-limit').finally(() => (answered = true));
      const queued = eventually(async () => {
        if (!answered) await readsWaiting(hub, 3, 0);
      }, 60_000).then(() => ({ queued: true }) as const);
      const refused = await Promise.race([third, queued]);
      if ('queued' in refused) {
        held.push(third);
        throw new Error('the read over the limit waited in a queue instead of being refused');
      }
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({ status: 503, code: 'HTTP.OVERLOADED' });
      expect(refused.json().requestId).toBe(refused.headers['x-correlation-id']);
      // Never parsed, routed or authenticated: no hook of the framework ran for it, first or last.
      expect(received).toEqual(expect.arrayContaining(['held-1', 'held-2']));
      expect(received).not.toContain('over-the-limit');

      expect((await get('/health/live', null)).statusCode).toBe(200);
      expect((await get('/health/ready', null)).statusCode).toBe(200);
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([200, 200]);
    // Their places were given back.
    expect((await get(timeline(), pc)).statusCode).toBe(200);
  });

  it('records no consultation for a read whose client disconnected before the data was read', async () => {
    const server: http.Server = hub.app.getHttpServer();
    const before = await consultations();
    const token = await hub.token(pc);

    const blocker = await holdReads(hub);
    let answered!: Promise<number>;
    try {
      answered = new Promise<number>((resolve) => sent.set('abandoned-read', resolve));
      const request = http.get({
        host: '127.0.0.1',
        port,
        path: timeline(),
        headers: { authorization: `Bearer ${token}`, 'x-request-id': 'abandoned-read' },
      });
      request.on('error', () => undefined);
      await readsWaiting(hub, 1);
      request.destroy();
      await eventually(
        () =>
          new Promise<void>((resolve, reject) =>
            server.getConnections((error, open) =>
              error || open > 0 ? reject(error ?? new Error(`${open} open`)) : resolve(),
            ),
          ),
      );
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    expect(await answered).toBe(499);
    expect(await consultations()).toBe(before);

    // A read whose client stays is recorded, as before.
    expect((await hub.as(pc, { url: timeline() })).statusCode).toBe(200);
    expect(await consultations()).toBe(before + 1);
  });
});

/**
 * The reads' limit follows their latency: with a target no real read can meet (1 ms), the reads'
 * limit falls from its maximum towards its floor once a window of reads has been measured, and the
 * gate then refuses a read the maximum would have taken. Nothing here depends on how fast the
 * machine is: every read over a socket takes more than a millisecond.
 */
describe('under overload, with the reads limited by their latency', () => {
  let hub: TestHub;
  let port: number;
  let personId: string;

  const get = (url: string, subject: string | null) => getOver(hub, port, url, subject);
  const readsLimit = async () => (await get('/health/ready', null)).json().details.load.reads;
  const timeline = () => `/timelines/victims/${personId}?purpose=case_management`;

  beforeAll(async () => {
    ({ hub, port, personId } = await listeningHub({
      HTTP_MAX_READS_IN_FLIGHT: '3',
      HTTP_MIN_READS_IN_FLIGHT: '2',
      HTTP_READ_LATENCY_TARGET_MS: '1',
    }));
  });
  afterAll(() => hub.close());

  it('shrinks the reads’ limit when the served reads are slower than the target, reports it as ready, and refuses what the maximum would have taken', async () => {
    expect(await readsLimit()).toMatchObject({ limit: 3, ceiling: 3, floor: 2, targetMs: 1, recentMs: null });

    // A window is at least 250 ms and ten reads; each of these takes more than 1 ms.
    const started = Date.now();
    for (let i = 0; i < 9; i++) expect((await get(timeline(), pc)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 260 - (Date.now() - started))));
    expect((await get(timeline(), pc)).statusCode).toBe(200);

    const reads = await readsLimit();
    expect(reads).toMatchObject({ limit: 2, ceiling: 3, floor: 2, inFlight: 0 });
    expect(reads.recentMs).toBeGreaterThan(1);

    // Two reads held in flight fill the shrunk limit: a third, which the maximum of 3 would take, is refused.
    const blocker = await holdReads(hub);
    const held: Promise<{ statusCode: number }>[] = [];
    try {
      held.push(get(timeline(), pc), get(timeline(), pc));
      await readsWaiting(hub, 2);
      const third = await get(timeline(), pc);
      expect(third.statusCode).toBe(503);
      expect(third.json()).toMatchObject({ code: 'HTTP.OVERLOADED' });
      expect(await readsLimit()).toMatchObject({ limit: 2, inFlight: 2 });
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([200, 200]);
  });
});
