import { INestApplication, Type, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { withQuietStartUp } from './logging.module';
import { ProblemFilter } from './problem.filter';
import { documentETags } from './versioning';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Keep the Nest logger silent until the pino logger takes over (tests pass false for quiet runs). */
  bufferLogs?: boolean;
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
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: options.bufferLogs ?? true });
  app.useLogger(withQuietStartUp(app.get(Logger)));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new ProblemFilter());
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request) => {
    (request as typeof request & { clientRequestId?: string }).clientRequestId = clientRequestIdOf(request.headers['x-request-id']);
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    // Hubline's id, in logs, problem responses and event metadata; the caller's own id echoed back apart.
    reply.header('x-correlation-id', request.id);
    const clientRequestId = (request as typeof request & { clientRequestId?: string }).clientRequestId;
    reply.header('x-request-id', clientRequestId ?? request.id);
    return payload;
  });
  setUpOpenApi(app, options);
  return app;
}

function setUpOpenApi(app: INestApplication, options: HttpAppOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = documentETags(SwaggerModule.createDocument(app, config));
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
  await app.listen({ host: options.host, port: options.port });
}
