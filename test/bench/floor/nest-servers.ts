import {
  Controller,
  Get,
  Header,
  Headers,
  Inject,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  UnauthorizedException,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createHttpApp, LoggingModule } from '@hubline/http';
import { ReadTimelineQuery } from '@hubline/timelines';

/**
 * The floor's read served through a framework instead of Node's own server (see floor.bench.ts):
 *   `nest`      NestJS on Fastify, the customer's stack, as it comes: one controller, no global
 *               pipes, interceptors or filters, no logger;
 *   `hub-http`  the same controller in Hubline's own HTTP service (`createHttpApp`): the load
 *               gate, the request scopes and client-connection tracking, the JSON body reader,
 *               the validation pipe on the query, the undeclared-input interceptor, the problem
 *               filter, the correlation-id headers and the request logger (silent, as
 *               `bench:timeline` runs the hub).
 * Both answer with the same statement's JSON text, sent as it is. Neither checks a signed token,
 * decides the access policy or renders summaries: what is left between them and the hub is that.
 */
export type FrameworkServer = 'nest' | 'hub-http';

/** The read itself, as the floor's own server does it: the answer's text, or why there is none. */
export type FloorRead = (personId: string, authorization: string | undefined) => Promise<string | 'refused' | null>;

const FLOOR_READ = Symbol('FLOOR_READ');

@Controller('timelines')
class FloorController {
  constructor(@Inject(FLOOR_READ) private readonly read: FloorRead) {}

  @Get('victims/:personId')
  @Header('content-type', 'application/json; charset=utf-8')
  async victim(
    @Headers('authorization') authorization: string | undefined,
    @Param('personId', new ParseUUIDPipe({ version: '4' })) personId: string,
    // Declared so that the hub's pipe validates it and its interceptor accepts it; the page's size is fixed here.
    @Query() _query: ReadTimelineQuery,
  ): Promise<string> {
    const answer = await this.read(personId, authorization);
    if (answer === 'refused') throw new UnauthorizedException();
    if (answer === null) throw new NotFoundException();
    return answer;
  }
}

@Module({})
class FloorModule {
  static register(read: FloorRead, logging: boolean): DynamicModule {
    return {
      module: FloorModule,
      imports: logging ? [LoggingModule.forRoot({ service: 'floor', level: 'silent', format: 'json' })] : [],
      controllers: [FloorController],
      providers: [{ provide: FLOOR_READ, useValue: read }],
    };
  }
}

/** Starts the framework's server on a free loopback port; `close` stops it. */
export async function startFrameworkServer(
  kind: FrameworkServer,
  read: FloorRead,
): Promise<{ port: number; close(): Promise<void> }> {
  const app: NestFastifyApplication =
    kind === 'nest'
      ? await NestFactory.create<NestFastifyApplication>(FloorModule.register(read, false), new FastifyAdapter(), {
          logger: false,
        })
      : await createHttpApp(FloorModule.register(read, true), {
          title: 'floor',
          description: 'the floor benchmark',
          bufferLogs: false,
        });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { port, close: () => app.close() };
}
