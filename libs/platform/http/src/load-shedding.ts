import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { AdaptiveLimit, type AdaptiveLimitStatus } from './adaptive-limit';
import type { Problem } from './problem.filter';

export interface LoadLimits {
  /** GET and HEAD requests worked on at once, at most: the adaptive limit's ceiling. */
  maxReadsInFlight: number;
  /** Every other method. */
  maxWritesInFlight: number;
  /** The fewest reads worked on at once however slow they are (the adaptive limit's floor); 4 when absent. */
  minReadsInFlight?: number;
  /**
   * The latency the served reads are held to (90th percentile, milliseconds, from admission to the
   * answer); the reads' limit shrinks when it is passed. 0 or absent: the reads' limit stays at its maximum.
   */
  readLatencyTargetMs?: number;
}

/** What the gate tells about itself (`/health/ready`). */
export interface LoadStatus {
  reads: AdaptiveLimitStatus & { inFlight: number };
  writes: { limit: number; inFlight: number };
  /** Requests refused since the process started. */
  shed: number;
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
 * The writes' limit is fixed; the reads' follows their measured latency (`AdaptiveLimit`): the
 * time of each admitted read, from here to its answer, shrinks it when the reads are slower than
 * the target and grows it back, up to its maximum, while they are fast and it is reached.
 */
export class LoadGate {
  private static readonly ofServer = new WeakMap<http.Server, LoadGate>();
  private readonly inFlight: Record<RouteClass, number> = { reads: 0, writes: 0 };
  private readonly maxWrites: number;
  /** The reads' limit, following their measured latency between its floor and ceiling. */
  readonly reads: AdaptiveLimit;
  /** Requests refused since the process started. */
  shed = 0;

  constructor(
    limits: LoadLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxWrites = limits.maxWritesInFlight;
    this.reads = new AdaptiveLimit({
      ceiling: limits.maxReadsInFlight,
      floor: limits.minReadsInFlight ?? 4,
      targetMs: limits.readLatencyTargetMs ?? 0,
      now,
    });
  }

  /** The gate of a server made by `server()`, if any. */
  static of(server: unknown): LoadGate | undefined {
    return server instanceof http.Server ? LoadGate.ofServer.get(server) : undefined;
  }

  /** Passes the request on to `next`, or answers 503 and drops it. */
  admit(request: IncomingMessage, response: ServerResponse, next: RequestListener): void {
    if (isHealthCheck(request.url ?? '')) return void next(request, response);
    if (classOf(request.method) === 'writes') {
      if (this.inFlight.writes >= this.maxWrites) return this.refuse(request, response);
      this.inFlight.writes += 1;
      response.once('close', () => (this.inFlight.writes -= 1));
      return void next(request, response);
    }
    this.reads.arrived(this.inFlight.reads);
    if (this.inFlight.reads >= this.reads.limit) return this.refuse(request, response);
    this.inFlight.reads += 1;
    const admitted = this.now();
    response.once('close', () => {
      this.inFlight.reads -= 1;
      this.reads.finished(this.now() - admitted);
    });
    next(request, response);
  }

  status(): LoadStatus {
    return {
      reads: { ...this.reads.status(), inFlight: this.inFlight.reads },
      writes: { limit: this.maxWrites, inFlight: this.inFlight.writes },
      shed: this.shed,
    };
  }

  /** An HTTP server whose requests pass through the gate first (Fastify's `serverFactory`). */
  server(handler: RequestListener): http.Server {
    const server = http.createServer((request, response) => this.admit(request, response, handler));
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    LoadGate.ofServer.set(server, this);
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
