import { DynamicModule, Module, type LoggerService } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

/** JSON lines for machines, or one readable line per event for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

export interface LogOptions {
  service: string;
  level: string;
  format: LogFormat;
}

/**
 * The format when LOG_FORMAT does not say: readable in development at a terminal, JSON lines
 * everywhere else (containers, files, pipes, production).
 */
export function logFormatFor(
  config: { env: string; logFormat?: LogFormat },
  terminal = Boolean(process.stdout.isTTY),
): LogFormat {
  return config.logFormat ?? (config.env === 'development' && terminal ? 'pretty' : 'json');
}

/**
 * A service's logger. Both formats write synchronously to standard output, so lines appear in the
 * order they were logged. Personal data never goes in: see LoggingModule for what requests log.
 */
export function createServiceLogger(options: LogOptions, destination?: NodeJS.WritableStream): PinoLogger {
  const settings = { level: options.level, base: { service: options.service }, messageKey: 'message' };
  if (options.format === 'json') return pino(settings, destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    settings,
    pretty({
      ...(destination ? { destination } : {}),
      sync: true,
      colorize: !destination && Boolean(process.stdout.isTTY),
      messageKey: 'message',
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service,context,requestId,req,res,responseTime',
      messageFormat:
        '{if context}{context}: {end}{message}{if req} {req.method} {req.path} → {res.status} in {responseTime} ms{end}',
      singleLine: true,
    }),
  );
}

/**
 * Structured logs with the request id on every line. Request logs carry the method, the path
 * without its query string (queries can hold names), the status and the time: never bodies,
 * headers or personal data.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LogOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: createServiceLogger(options),
            redact: { paths: ['req.headers', 'res.headers'], remove: true },
            customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
            serializers: {
              req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split('?')[0] }),
              res: (res: ServerResponse) => ({ status: res.statusCode }),
            },
            // Probes are frequent and say nothing; the router may have rewritten `url`, so prefer `originalUrl`.
            autoLogging: {
              ignore: (req: IncomingMessage & { originalUrl?: string }) =>
                (req.originalUrl ?? req.url ?? '').startsWith('/health'),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

/** Nest's own start-up chatter: a line per module loaded and per route mapped. */
const CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's logger, with its start-up chatter at debug level so the lines that matter stand out. */
export function withQuietStartUp(logger: LoggerService): LoggerService {
  const quiet = (params: unknown[]) => CHATTER.has(String(params.at(-1)));
  return {
    log: (message, ...params) => (quiet(params) ? logger.debug?.(message, ...params) : logger.log(message, ...params)),
    error: (message, ...params) => logger.error(message, ...params),
    warn: (message, ...params) => logger.warn(message, ...params),
    debug: (message, ...params) => logger.debug?.(message, ...params),
    verbose: (message, ...params) => logger.verbose?.(message, ...params),
    fatal: (message, ...params) => logger.fatal?.(message, ...params),
  };
}
