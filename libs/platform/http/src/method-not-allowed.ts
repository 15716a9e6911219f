import type { FastifyInstance } from 'fastify';
import type { Problem } from './problem.filter';

/** A route's path as a pattern: `:name` stands for one segment, `*` for the rest. */
function patternOf(url: string): RegExp {
  const body = url
    .split('/')
    .map((segment) =>
      segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/**
 * A known path asked with a method it does not take (`DELETE /people`) is answered 405 with the
 * methods it does take in `Allow` (RFC 9110 15.5.6), not 404: the path exists, and a client should
 * learn what it may do with it. Learns every route as it is registered, so it holds for every path.
 */
export function refuseWrongMethods(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  const byUrl = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  fastify.addHook('onRoute', (route) => {
    let entry = byUrl.get(route.url);
    if (!entry) {
      entry = { pattern: patternOf(route.url), methods: new Set() };
      byUrl.set(route.url, entry);
      routes.push(entry);
    }
    for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allowed = new Set<string>();
    for (const route of routes) if (route.pattern.test(path)) route.methods.forEach((m) => allowed.add(m));
    if (allowed.size === 0 || allowed.has(request.method)) return done();
    const allow = [...allowed].sort().join(', ');
    const problem: Problem = {
      type: 'urn:hubline:problem:http.method_not_allowed',
      title: 'Method not allowed',
      status: 405,
      code: 'HTTP.METHOD_NOT_ALLOWED',
      detail: `This route does not accept that method; it accepts ${allow}.`,
      requestId: String(request.id),
    };
    void reply
      .code(405)
      .header('allow', allow)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem);
  });
}
