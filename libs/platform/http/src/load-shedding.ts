import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Problem } from './problem.filter';

export interface LoadLimits {
  /** GET and HEAD requests worked on at once. */
  maxReadsInFlight: number;
  /** Every other method. */
  maxWritesInFlight: number;
}

/** What an over-limit client is told to wait before trying again, in seconds. */
export const SHED_RETRY_AFTER_SECONDS = 1;

/** Fastify's own default for idle keep-alive connections, kept for the server made here. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** Health checks answer whatever the load: an orchestrator must see a busy service as alive. */
const isHealthCheck = (url: string) => url === '/health' || url.startsWith('/health/') || url.startsWith('/health?');

type RouteClass = 'reads' | 'writes';
const classOf = (method: string | undefined): RouteClass =>
  method === 'GET' || method === 'HEAD' ? 'reads' : 'writes';

const PROBLEM: Omit<Problem, 'requestId'> = {
  type: 'urn:hubline:problem:http.overloaded',
  title: 'Service unavailable',
  status: 503,
  code: 'HTTP.OVERLOADED',
  detail: 'Hubline is busy with other requests. Try again after the time in Retry-After.',
};
/** The refusal's body up to its request id, written once. */
const PROBLEM_HEAD = JSON.stringify(PROBLEM).slice(0, -1) + ',"requestId":"';

/**
 * Sheds overload instead of queueing it, at the door: the HTTP server's request listener counts
 * the requests of each class (reads, writes) being worked on, and refuses one more at once with
 * 503 problem+json and `Retry-After`, written straight to the socket, before the web framework
 * sees it: nothing is parsed, routed, authenticated or read from the database, no hook or log
 * line runs (decision 0032). A queue would only make every caller wait longer, and its callers
 * would give up before their answers came, leaving the work done for nobody (decision 0021). A
 * place is given back when the answer has been sent or the connection has closed.
 */
export class LoadGate {
  private readonly inFlight: Record<RouteClass, number> = { reads: 0, writes: 0 };
  private readonly max: Record<RouteClass, number>;
  /** Requests refused since the process started. */
  shed = 0;

  constructor(limits: LoadLimits) {
    this.max = { reads: limits.maxReadsInFlight, writes: limits.maxWritesInFlight };
  }

  /** Passes the request on to `next`, or answers 503 and drops it. */
  admit(request: IncomingMessage, response: ServerResponse, next: RequestListener): void {
    if (isHealthCheck(request.url ?? '')) return void next(request, response);
    const kind = classOf(request.method);
    if (this.inFlight[kind] >= this.max[kind]) return this.refuse(request, response);
    this.inFlight[kind] += 1;
    response.once('close', () => (this.inFlight[kind] -= 1));
    next(request, response);
  }

  /** An HTTP server whose requests pass through the gate first (Fastify's `serverFactory`). */
  server(handler: RequestListener): http.Server {
    const server = http.createServer((request, response) => this.admit(request, response, handler));
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    return server;
  }

  private refuse(request: IncomingMessage, response: ServerResponse): void {
    this.shed += 1;
    const id = randomUUID();
    const body = `${PROBLEM_HEAD}${id}"}`;
    // A body sent with the refused request would have to be read to keep the connection; it is not.
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    response.writeHead(503, {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'retry-after': String(SHED_RETRY_AFTER_SECONDS),
      'x-correlation-id': id,
      ...(hasBody ? { connection: 'close' } : {}),
    });
    response.end(body);
  }
}
