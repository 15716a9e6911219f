import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, errorForLog, type ErrorKind } from '@hubline/errors';
import { DuplicateEventIdError, EventStoreError, InvalidPositionError, WrongExpectedRevisionError } from '@hubline/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: string[];
  [extension: string]: unknown;
}

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

const problemType = (code: string) => `urn:hubline:problem:${code.toLowerCase()}`;

/** What a client may learn from an error: never a stack trace, SQL text or personal data. */
export function toProblem(exception: unknown, ifMatchUsed: boolean): Problem {
  if (exception instanceof DomainError) {
    const status = STATUS_OF[exception.kind];
    return { type: problemType(exception.code), title: TITLES[status], status, detail: exception.message, code: exception.code, ...exception.details };
  }
  if (exception instanceof WrongExpectedRevisionError) {
    // With If-Match the client stated a version: a mismatch is 412. Without it, a concurrent write won.
    const status = ifMatchUsed ? 412 : 409;
    const code = ifMatchUsed ? 'HTTP.VERSION_MISMATCH' : exception.code;
    return { type: problemType(code), title: TITLES[status], status, code, detail: 'The record was changed by someone else; reload it and try again.', currentVersion: exception.actual };
  }
  if (exception instanceof DuplicateEventIdError) {
    return { type: problemType(exception.code), title: TITLES[409], status: 409, code: exception.code, detail: 'This request reuses an id that belongs to a different change.' };
  }
  if (exception instanceof InvalidPositionError) {
    return { type: problemType(exception.code), title: TITLES[400], status: 400, code: exception.code, detail: exception.message };
  }
  if (exception instanceof EventStoreError) {
    return { type: problemType(exception.code), title: TITLES[400], status: 400, code: exception.code, detail: exception.message };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const messages = typeof body === 'object' && body !== null && Array.isArray((body as { message?: unknown }).message) ? ((body as { message: string[] }).message) : undefined;
    let detail = messages ? 'The request is not valid.' : typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    // The router's own 404 echoes the URL, whose query string may hold a name.
    if (status === 404 && /^Cannot [A-Z]+ /.test(detail)) detail = 'There is no such route.';
    const code = status === 400 && messages ? 'HTTP.VALIDATION_FAILED' : `HTTP.${HttpStatus[status] ?? status}`;
    return { type: problemType(code), title: TITLES[status] ?? 'Error', status, code, detail, ...(messages ? { errors: messages } : {}) };
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // The web server's own refusals: malformed JSON, wrong content type, body too large.
    const status = fastifyError.statusCode;
    const code = `HTTP.${fastifyError.code ?? status}`;
    return { type: problemType(code), title: TITLES[status] ?? 'Bad request', status, code, detail: fastifyError.message };
  }
  return { type: problemType('INTERNAL'), title: TITLES[500], status: 500, code: 'INTERNAL', detail: 'Something went wrong on our side. Nothing you sent was lost if you received no success response; quote the request id when reporting it.' };
}

/** Turns every exception into an `application/problem+json` response (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, Boolean(request.headers?.['if-match']));
    problem.instance = request.url?.split('?')[0];
    problem.requestId = String(request.id);
    if (problem.status >= 500) {
      // The stack goes to the log (operators), never to the client.
      this.logger.error({ error: errorForLog(exception), requestId: request.id }, 'unhandled error');
    }
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="hubline"');
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }
}
