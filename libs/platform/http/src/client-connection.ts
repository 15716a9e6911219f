import { HttpException } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface Connection {
  request: IncomingMessage;
  response: ServerResponse;
  gone: boolean;
}

const current = new AsyncLocalStorage<Connection>();

/** Status logged (never sent: nobody is listening) for work stopped because its client left. */
export const CLIENT_CLOSED_REQUEST = 499;

/** The client closed its connection before the answer was ready, so the work is stopped. */
export class ClientGoneError extends HttpException {
  constructor() {
    super('The client closed the connection before the answer was ready.', CLIENT_CLOSED_REQUEST);
  }
}

/**
 * Follows each request's connection, so that the code serving it can ask whether anyone is still
 * waiting for the answer (`clientHasGone`), and a request whose client left while it waited for a
 * turn is not started at all.
 */
export function followClientConnections(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const connection: Connection = { request: request.raw, response: reply.raw, gone: false };
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) connection.gone = true;
    });
    current.run(connection, done);
  });
  fastify.addHook('preHandler', async () => stopIfClientGone());
}

/** True when the request being served has lost its client: the answer could never be delivered. */
export function clientHasGone(): boolean {
  const connection = current.getStore();
  if (!connection) return false;
  if (connection.gone) return true;
  const socket = connection.request.socket;
  // Light-my-request's fake sockets have no `destroyed` flag; a real closed one does.
  return connection.request.aborted || (socket?.destroyed === true && !connection.response.writableFinished);
}

/** Stops the work (ClientGoneError) when its client has gone: before an expensive read, or before recording a view. */
export function stopIfClientGone(): void {
  if (clientHasGone()) throw new ClientGoneError();
}
