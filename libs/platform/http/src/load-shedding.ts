import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Problem } from './problem.filter';

export interface LoadLimits {
  /** GET and HEAD requests worked on at once. */
  maxReadsInFlight: number;
  /** Every other method. */
  maxWritesInFlight: number;
}

/** What an over-limit client is told to wait before trying again, in seconds. */
export const SHED_RETRY_AFTER_SECONDS = 1;

/** Health checks answer whatever the load: an orchestrator must see a busy service as alive. */
const isHealthCheck = (url: string) => url === '/health' || url.startsWith('/health/') || url.startsWith('/health?');

type RouteClass = 'reads' | 'writes';
const classOf = (request: FastifyRequest): RouteClass =>
  request.method === 'GET' || request.method === 'HEAD' ? 'reads' : 'writes';

/**
 * Sheds overload instead of queueing it. Each class of request (reads, writes) has a number of
 * requests that may be worked on at once; one more is refused at once with 503 problem+json and
 * `Retry-After`, before authentication, body parsing or any database work. A queue would only make
 * every caller wait longer, and its callers would give up before their answers came, leaving the
 * work done for nobody. A place is given back when the answer has been sent or the client has gone.
 */
export function shedExcessLoad(fastify: FastifyInstance, limits: LoadLimits): void {
  const inFlight: Record<RouteClass, number> = { reads: 0, writes: 0 };
  const max: Record<RouteClass, number> = { reads: limits.maxReadsInFlight, writes: limits.maxWritesInFlight };
  const held = new WeakSet<FastifyRequest>();

  const release = (request: FastifyRequest) => {
    if (!held.delete(request)) return;
    inFlight[classOf(request)] -= 1;
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    if (isHealthCheck(request.url)) return done();
    const kind = classOf(request);
    if (inFlight[kind] >= max[kind]) {
      const problem: Problem = {
        type: 'urn:hubline:problem:http.overloaded',
        title: 'Service unavailable',
        status: 503,
        code: 'HTTP.OVERLOADED',
        detail: 'Hubline is busy with other requests. Try again after the time in Retry-After.',
        requestId: String(request.id),
      };
      void reply
        .code(503)
        .header('retry-after', String(SHED_RETRY_AFTER_SECONDS))
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(problem);
      return;
    }
    inFlight[kind] += 1;
    held.add(request);
    reply.raw.once('close', () => release(request));
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    release(request);
    done();
  });
}
