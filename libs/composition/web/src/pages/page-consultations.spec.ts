import Fastify, { type FastifyInstance } from 'fastify';
import { HeldConsultations } from '@hubline/access';
import { holdConsultationsFor, NOT_RECORDED_PAGE, storeConsultationsBeforeSending } from './page-consultations';

describe("a page request's answers wait for its consultations", () => {
  let fastify: FastifyInstance;
  const appended: string[] = [];
  let append: (ids: string[]) => Promise<void>;
  const record = (id: string) => ({
    streamId: `consultation-${id}`,
    event: { id, type: 'PersonalDataConsulted', data: {} },
  });

  beforeEach(async () => {
    appended.length = 0;
    fastify = Fastify();
    storeConsultationsBeforeSending(fastify);
    fastify.get('/document', { config: { web: true } }, async (request, reply) => {
      const held = new HeldConsultations((entries) => append(entries.map((e) => e.event.id)));
      holdConsultationsFor(request, held);
      held.hold(record('a'));
      held.hold(record('b'));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="pack.pdf"')
        .send(Buffer.from('%PDF the pack'));
    });
    fastify.get('/nothing-held', { config: { web: true } }, async (_request, reply) => reply.send('plain'));
    await fastify.ready();
  });
  afterEach(() => fastify.close());

  it('sends the answer only once every consultation held is stored, in one append', async () => {
    const calls: string[][] = [];
    append = async (ids) => {
      calls.push(ids);
      await new Promise((resolve) => setTimeout(resolve, 30));
      appended.push(...ids);
    };
    const res = await fastify.inject({ url: '/document' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('%PDF the pack');
    expect(calls).toEqual([['a', 'b']]);
    expect(appended).toEqual(['a', 'b']);
  });

  it('sends a plain error instead, without the document, when they cannot be stored', async () => {
    append = async () => {
      throw new Error('the store is unreachable');
    };
    const res = await fastify.inject({ url: '/document' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe(NOT_RECORDED_PAGE);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('leaves answers of requests that hold nothing as they are', async () => {
    const res = await fastify.inject({ url: '/nothing-held' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('plain');
  });
});

describe('consultations held for a page', () => {
  it('gives a failure to those waiting at the time, then starts afresh', async () => {
    let fail = true;
    const stored: string[] = [];
    const held = new HeldConsultations(async (entries) => {
      if (fail) throw new Error('refused');
      stored.push(...entries.map((e) => e.streamId));
    });
    held.hold({ streamId: 's1', event: { id: '1', type: 'T', data: {} } });
    const first = held.store();
    const waitingToo = held.store();
    await expect(first).rejects.toThrow('refused');
    await expect(waitingToo).rejects.toThrow('refused');
    fail = false;
    await expect(held.store()).resolves.toBeUndefined();
    held.hold({ streamId: 's2', event: { id: '2', type: 'T', data: {} } });
    await held.store();
    expect(stored).toEqual(['s2']);
  });
});
