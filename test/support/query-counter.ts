import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Client, Pool } from 'pg';
import type { FastifyInstance } from 'fastify';

/**
 * Counts the database round trips a piece of work makes: every statement node-postgres sends (it
 * sends one at a time and waits for each answer, so one statement is one round trip), counted
 * only when sent from the work's own asynchronous context, so the projections and reactors running
 * meanwhile in the same process are not counted. Every pool in the process (TypeORM's, the event
 * store's) sends through `Client.prototype.query`. A pool hands a waiting caller the connection
 * another caller gave back, in that caller's context: the callback is bound to the asker's.
 */
const counting = new AsyncLocalStorage<string[]>();
let installed = false;
/** Every statement the process sent since counting was installed, whatever context sent it. */
let sentByProcess = 0;

function install(): void {
  if (installed) return;
  installed = true;
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: Client,
    ...args: unknown[]
  ) {
    sentByProcess++;
    const sent = counting.getStore();
    if (sent) {
      const first = args[0] as string | { text?: string } | undefined;
      sent.push((typeof first === 'string' ? first : (first?.text ?? '(prepared)')).replace(/\s+/g, ' ').trim());
    }
    return original.apply(this, args);
  };
  const connect = Pool.prototype.connect as (...args: unknown[]) => unknown;
  (Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown }).connect = function (
    this: Pool,
    ...args: unknown[]
  ) {
    // Only for a caller whose statements are counted: binding costs every connection taken (a
    // benchmark counting the whole process's statements would measure it as the hub's work).
    if (typeof args[0] === 'function' && counting.getStore())
      args[0] = AsyncResource.bind(args[0] as (...a: unknown[]) => unknown);
    return connect.apply(this, args);
  };
}

/** Every statement this process has sent since the first call (projections and reactors included). */
export function statementsSentByProcess(): number {
  install();
  return sentByProcess;
}

/** Runs `work` and returns what it returned with the statements it sent, in order. */
export async function roundTrips<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  install();
  const statements: string[] = [];
  const result = await counting.run(statements, work);
  return { result, statements };
}

/** The header that marks a request whose round trips are counted (see `countRequestRoundTrips`). */
export const COUNT_HEADER = 'x-test-count-round-trips';
const byRequest = new Map<string, string[]>();

/**
 * Counts the statements of each request that carries `COUNT_HEADER` (its value names the count),
 * from its first request hook on: give it to `TestHub.start` as its `prepare`.
 */
export function countRequestRoundTrips(fastify: FastifyInstance): void {
  install();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const name = request.headers[COUNT_HEADER];
    if (typeof name !== 'string') return done();
    const statements: string[] = [];
    byRequest.set(name, statements);
    counting.run(statements, done);
  });
}

/** The statements sent for the request marked `name`, and forgets them. */
export function statementsOf(name: string): string[] {
  const statements = byRequest.get(name) ?? [];
  byRequest.delete(name);
  return statements;
}
