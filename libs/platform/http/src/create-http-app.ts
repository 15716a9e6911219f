import { INestApplication, Type, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@hubline/config';
import { StartUpRefusedError } from '@hubline/errors';
import { randomUUID } from 'node:crypto';
import { withQuietStartUp } from './logging.module';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import { readJsonBodiesOnly } from './json-body';
import { ProblemFilter, sendProblem, toProblem } from './problem.filter';
import { RequestValidationPipe } from './request-validation.pipe';
import { UndeclaredInputInterceptor } from './undeclared-input.interceptor';
import { documentETags } from './versioning';
import { followClientConnections } from './client-connection';
import { followRequestScopes } from './request-scope';
import { LoadGate, type LoadLimits } from './load-shedding';
import { refuseWrongMethods } from './method-not-allowed';
import { describeEveryOperation } from './openapi-document';
import { documentIdempotencyKeys } from './idempotency/idempotency.interceptor';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Keep the Nest logger silent until the pino logger takes over (tests pass false for quiet runs). */
  bufferLogs?: boolean;
  /** Requests worked on at once, per class; more are refused with 503 (the configuration's `load`; its defaults when absent). */
  load?: LoadLimits;
}

/**
 * A caller's `x-request-id`, kept apart from Hubline's own request (correlation) id: only safe
 * characters, at most 100; undefined when nothing is left. Hubline never adopts it as its own id,
 * so a caller cannot choose the correlation id stored in events or join its requests to others'.
 */
export function clientRequestIdOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const safe = (value ?? '').replace(/[^A-Za-z0-9._:-]/g, '').slice(0, 100);
  return safe || undefined;
}

/**
 * Builds a Hubline HTTP service on Fastify with the global pipes, filter and OpenAPI document.
 * Every app's main.ts and every end-to-end test use this, so they behave the same.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const bodyLimit = 1024 * 1024;
  // Overload is refused before Fastify sees the request (decision 0032).
  const gate = new LoadGate(options.load ?? loadConfig({}).load);
  const adapter = new FastifyAdapter({
    serverFactory: (handler: RequestListener) => gate.server(handler),
    bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Refusals made before any route is found (a malformed URL, an over-long path segment) are
    // problems like every other error, and never quote the URL back.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply),
    clientErrorHandler: refuseMalformedHttp,
  });
  // Nest's own body parsers read forms and any JSON charset; ours reads UTF-8 JSON only.
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: options.bufferLogs ?? true,
    bodyParser: false,
  });
  app.useLogger(withQuietStartUp(app.get(Logger)));
  const fastify = app.getHttpAdapter().getInstance();
  readJsonBodiesOnly(fastify, bodyLimit);
  followClientConnections(fastify);
  followRequestScopes(fastify);
  refuseWrongMethods(fastify);
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalInterceptors(new UndeclaredInputInterceptor());
  app.useGlobalFilters(new ProblemFilter());
  fastify.addHook('onRequest', async (request) => {
    (request as typeof request & { clientRequestId?: string }).clientRequestId = clientRequestIdOf(
      request.headers['x-request-id'],
    );
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    // Hubline's id, in logs, problem responses and event metadata; the caller's own id echoed back apart.
    reply.header('x-correlation-id', request.id);
    const clientRequestId = (request as typeof request & { clientRequestId?: string }).clientRequestId;
    reply.header('x-request-id', clientRequestId ?? request.id);
    return asProblemIfError(request, reply, payload);
  });
  setUpOpenApi(app, options);
  return app;
}

/**
 * The last line of defence: a refusal that did not go through the problem filter (a
 * plugin's or the web server's own reply) is sent as a problem too, without its original text.
 */
function asProblemIfError(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  const status = reply.statusCode;
  const type = String(reply.getHeader('content-type') ?? '');
  // Only refusals: a 503 from the readiness check carries its own report, and a web page's
  // refusal (no access, not found, a form to correct) is a page of its own.
  if (status < 400 || status > 499 || type.startsWith('application/problem+json') || type.startsWith('text/html'))
    return payload;
  const problem = toProblem(Object.assign(new Error(), { statusCode: status }), false);
  problem.requestId = String(request.id);
  void reply.header('content-type', 'application/problem+json; charset=utf-8');
  reply.removeHeader('content-length');
  return JSON.stringify(problem);
}

/** A request too malformed for HTTP parsing: a bare problem, then the connection is closed. */
function refuseMalformedHttp(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const problem = toProblem(Object.assign(new Error(), { statusCode: status }), false);
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function setUpOpenApi(app: INestApplication, options: HttpAppOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = describeEveryOperation(
    documentIdempotencyKeys(documentETags(SwaggerModule.createDocument(app, config))),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

/**
 * Listens, and on SIGINT or SIGTERM closes the app (every module's shutdown hooks, in Nest's
 * order) and then runs `afterClose` (e.g. stopping the embedded database), before exiting.
 */
export async function serveUntilStopped(
  app: NestFastifyApplication,
  options: { host: string; port: number; afterClose?: () => Promise<void>; log: (message: string) => void },
): Promise<void> {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.log(`${signal} received: stopping`);
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      code = 1;
      process.stderr.write(`error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    try {
      await options.afterClose?.();
    } catch (error) {
      code = 1;
      process.stderr.write(`error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    options.log('stopped');
    process.exit(code);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    throw listenRefusal(error, options.host, options.port) ?? error;
  }
}

/** Why the server could not listen, and what to do, for the causes an operator can fix; null for any other. */
export function listenRefusal(error: unknown, host: string, port: number): StartUpRefusedError | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return new StartUpRefusedError(
        `port ${port} on ${host} is already in use by another process: stop that process, or set PORT to a free port.`,
      );
    case 'EACCES':
      return new StartUpRefusedError(
        `this account may not listen on port ${port} (ports below 1024 need privileges): set PORT to 1024 or above.`,
      );
    case 'EADDRNOTAVAIL':
      return new StartUpRefusedError(
        `${host} is not an address of this machine: set HOST to one of its addresses (0.0.0.0 for all of them).`,
      );
    default:
      return null;
  }
}
