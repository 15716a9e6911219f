import { PassThrough } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import { createServiceLogger, logFormatFor, withQuietStartUp } from './logging.module';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { stream, lines };
}

describe('the log format', () => {
  it('is readable in development at a terminal, and JSON lines everywhere else unless LOG_FORMAT says', () => {
    expect(logFormatFor({ env: 'development' }, true)).toBe('pretty');
    expect(logFormatFor({ env: 'development' }, false)).toBe('json');
    expect(logFormatFor({ env: 'production' }, true)).toBe('json');
    expect(logFormatFor({ env: 'test' }, true)).toBe('json');
    expect(logFormatFor({ env: 'production', logFormat: 'pretty' }, false)).toBe('pretty');
    expect(logFormatFor({ env: 'development', logFormat: 'json' }, true)).toBe('json');
  });

  it('writes JSON lines with the service and the message', () => {
    const { stream, lines } = capture();
    createServiceLogger({ service: 'hub', level: 'info', format: 'json' }, stream).info(
      'listening on http://127.0.0.1:3000',
    );
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 30,
      service: 'hub',
      message: 'listening on http://127.0.0.1:3000',
    });
  });

  it('writes one readable line per event, a request as method, path, status and time', () => {
    const { stream, lines } = capture();
    const logger = createServiceLogger({ service: 'hub', level: 'info', format: 'pretty' }, stream);
    logger.warn({ context: 'Privacy' }, 'master key generated');
    logger.info(
      { req: { method: 'GET', path: '/people' }, res: { status: 200 }, responseTime: 7, requestId: 'r-1' },
      'request completed',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: Privacy: master key generated$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: request completed GET \/people → 200 in 7 ms$/);
  });

  it("puts Nest's start-up chatter at debug level and passes everything else through", () => {
    const calls: Array<[string, unknown]> = [];
    const record = (level: string) => (message: unknown) => void calls.push([level, message]);
    const inner: LoggerService = {
      log: record('log'),
      error: record('error'),
      warn: record('warn'),
      debug: record('debug'),
    };
    const logger = withQuietStartUp(inner);
    logger.log('Mapped {/people, GET} route', 'RouterExplorer');
    logger.log('HealthModule dependencies initialized', 'InstanceLoader');
    logger.log('projections caught up', 'Projections');
    logger.warn('master key generated', 'Privacy');
    expect(calls).toEqual([
      ['debug', 'Mapped {/people, GET} route'],
      ['debug', 'HealthModule dependencies initialized'],
      ['log', 'projections caught up'],
      ['warn', 'master key generated'],
    ]);
  });
});
