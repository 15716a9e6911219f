import Fastify from 'fastify';
import { followRequestScopes, oncePerRequest } from './request-scope';

describe('oncePerRequest', () => {
  it('finds an answer once for a request and the calls it makes in process, afresh for the next request', async () => {
    const fastify = Fastify();
    followRequestScopes(fastify);
    let lookUps = 0;
    const whoIsIt = () => oncePerRequest('user:someone', async () => ({ lookUp: ++lookUps }));
    fastify.get('/inner', async () => whoIsIt());
    fastify.get('/outer', async () => {
      const mine = await whoIsIt();
      const inner = await Promise.all([fastify.inject({ url: '/inner' }), fastify.inject({ url: '/inner' })]);
      return { mine, inner: inner.map((r) => r.json()) };
    });
    const first = (await fastify.inject({ url: '/outer' })).json();
    expect(first).toEqual({ mine: { lookUp: 1 }, inner: [{ lookUp: 1 }, { lookUp: 1 }] });
    const second = (await fastify.inject({ url: '/outer' })).json();
    expect(second).toEqual({ mine: { lookUp: 2 }, inner: [{ lookUp: 2 }, { lookUp: 2 }] });
    // Requests of their own: each looks it up.
    expect((await fastify.inject({ url: '/inner' })).json()).toEqual({ lookUp: 3 });
    expect((await fastify.inject({ url: '/inner' })).json()).toEqual({ lookUp: 4 });
    await fastify.close();
  });

  it('runs the work each time outside a request, and never keeps a failure', async () => {
    let calls = 0;
    await oncePerRequest('k', async () => ++calls);
    await oncePerRequest('k', async () => ++calls);
    expect(calls).toBe(2);

    const fastify = Fastify();
    followRequestScopes(fastify);
    fastify.get('/', async () => {
      let attempts = 0;
      const flaky = () =>
        oncePerRequest('flaky', async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('database gone');
          return attempts;
        });
      await expect(flaky()).rejects.toThrow('database gone');
      await new Promise((r) => setImmediate(r));
      return { second: await flaky(), third: await flaky() };
    });
    expect((await fastify.inject({ url: '/' })).json()).toEqual({ second: 2, third: 2 });
    await fastify.close();
  });
});
