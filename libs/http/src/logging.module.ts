import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Structured JSON logs with the request id on every line. Request logs carry the method, the path
 * without its query string (queries can hold names), the status and the time: never bodies,
 * headers or personal data.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: { level: string; service: string }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            messageKey: 'message',
            redact: { paths: ['req.headers', 'res.headers'], remove: true },
            customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
            serializers: {
              req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split('?')[0] }),
              res: (res: ServerResponse) => ({ status: res.statusCode }),
            },
            // Probes are frequent and say nothing; the router may have rewritten `url`, so prefer `originalUrl`.
            autoLogging: { ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').startsWith('/health') },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
