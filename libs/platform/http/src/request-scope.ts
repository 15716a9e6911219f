import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/**
 * Gives each request from a client a scope of its own, shared by the calls a page makes into the
 * API in process while it is served (they run inside it): what `oncePerRequest` finds there was
 * found for the same request from the client, moments earlier.
 */
export function followRequestScopes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, _reply, done) => {
    if (scope.getStore()) return done();
    scope.run(new Map(), done);
  });
}

/**
 * `work`'s answer, found once per request from a client: a page and the API calls it makes in
 * process share it (e.g. who the signed-in user is, looked up by the page and again by each API
 * call it makes). Outside a request, and after a failure, `work` runs each time.
 */
export function oncePerRequest<T>(key: string, work: () => Promise<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return work();
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const found = work();
  memo.set(key, found);
  found.catch(() => memo.delete(key));
  return found;
}
