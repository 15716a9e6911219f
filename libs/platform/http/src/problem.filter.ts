import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, errorForLog, type ErrorKind } from '@hubline/errors';
import {
  DuplicateEventIdError,
  EventStoreError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from '@hubline/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BodyRefusedError } from './json-body';

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
  too_soon: 429,
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
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** What the web server's own refusals say: fixed text, never the refused input. */
const FRAMEWORK_DETAILS: Record<number, string> = {
  400: 'The request is not valid.',
  404: 'There is no such route.',
  405: 'This route does not accept that method.',
  406: 'This API answers in JSON only.',
  408: 'The request took too long to arrive.',
  411: 'Send a Content-Length with the body.',
  413: 'Request body is too large',
  414: 'The URL, or a part of it, is too long.',
  415: 'Send the body as application/json, encoded as UTF-8.',
  431: 'The request headers are too large.',
};

/** The members of a problem itself, which extensions may not replace. */
const MEMBERS = ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'errors'];

function withoutMembers(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details ?? {}).filter(([key]) => !MEMBERS.includes(key)));
}

const problemType = (code: string) => `urn:hubline:problem:${code.toLowerCase()}`;

/** What a client may learn from an error: never a stack trace, SQL text or personal data. */
export function toProblem(exception: unknown, ifMatchUsed: boolean): Problem {
  if (exception instanceof DomainError) {
    const status = STATUS_OF[exception.kind];
    // Details extend the problem; they never replace its members (a person's `status: 'merged'`
    // once became the HTTP status, and Fastify answered 500).
    return {
      ...withoutMembers(exception.details),
      type: problemType(exception.code),
      title: TITLES[status],
      status,
      detail: exception.message,
      code: exception.code,
    };
  }
  if (exception instanceof WrongExpectedRevisionError) {
    // With If-Match the client stated a version: a mismatch is 412. Without it, a concurrent write won.
    const status = ifMatchUsed ? 412 : 409;
    const code = ifMatchUsed ? 'HTTP.VERSION_MISMATCH' : exception.code;
    return {
      type: problemType(code),
      title: TITLES[status],
      status,
      code,
      detail: 'The record was changed by someone else; reload it and try again.',
      currentVersion: exception.actual,
    };
  }
  if (exception instanceof DuplicateEventIdError) {
    return {
      type: problemType(exception.code),
      title: TITLES[409],
      status: 409,
      code: exception.code,
      detail: 'This request reuses an id that belongs to a different change.',
    };
  }
  if (exception instanceof InvalidPositionError) {
    return {
      type: problemType(exception.code),
      title: TITLES[400],
      status: 400,
      code: exception.code,
      detail: exception.message,
    };
  }
  if (exception instanceof EventStoreError) {
    return {
      type: problemType(exception.code),
      title: TITLES[400],
      status: 400,
      code: exception.code,
      detail: exception.message,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const messages =
      typeof body === 'object' && body !== null && Array.isArray((body as { message?: unknown }).message)
        ? (body as { message: string[] }).message
        : undefined;
    let detail = messages
      ? 'The request is not valid.'
      : typeof body === 'string'
        ? body
        : String((body as { message?: unknown }).message ?? exception.message);
    // The router's own 404 echoes the URL, whose query string may hold a name.
    if (status === 404 && /^Cannot [A-Z]+ /.test(detail)) detail = 'There is no such route.';
    const code = status === 400 && messages ? 'HTTP.VALIDATION_FAILED' : `HTTP.${HttpStatus[status] ?? status}`;
    return {
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      ...(messages ? { errors: messages } : {}),
    };
  }
  if (exception instanceof BodyRefusedError) {
    const status = exception.statusCode;
    return {
      type: problemType(exception.code),
      title: TITLES[status],
      status,
      code: exception.code,
      detail: exception.message,
      ...(exception.errors ? { errors: exception.errors } : {}),
    };
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (
    typeof fastifyError?.statusCode === 'number' &&
    Number.isInteger(fastifyError.statusCode) &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    // The web server's own refusals: malformed JSON, wrong content type, body too large. Their
    // messages quote the input (the URL, the content type), so the detail is ours.
    const status = fastifyError.statusCode;
    const code = `HTTP.${typeof fastifyError.code === 'string' && /^[A-Z0-9_]{1,60}$/.test(fastifyError.code) ? fastifyError.code : status}`;
    return {
      type: problemType(code),
      title: TITLES[status] ?? 'Bad request',
      status,
      code,
      detail: FRAMEWORK_DETAILS[status] ?? 'The request was refused.',
    };
  }
  return {
    type: problemType('INTERNAL'),
    title: TITLES[500],
    status: 500,
    code: 'INTERNAL',
    detail:
      'Something went wrong on our side. Nothing you sent was lost if you received no success response; quote the request id when reporting it.',
  };
}

/** A path short and plain enough to show back as the problem's `instance`; anything else is left out. */
const SHOWABLE_PATH = /^[A-Za-z0-9/_.~-]{1,200}$/;

/**
 * Sends an exception as an `application/problem+json` response (RFC 9457). The exception filter
 * uses it, and so does the web server for the refusals it makes before any route is found.
 */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger?: Logger): void {
  const problem = toProblem(exception, Boolean(request.headers?.['if-match']));
  if (!Number.isInteger(problem.status) || problem.status < 400 || problem.status > 599) {
    Object.assign(problem, toProblem(undefined, false));
  }
  const path = request.url?.split('?')[0];
  if (path && SHOWABLE_PATH.test(path)) problem.instance = path;
  problem.requestId = String(request.id);
  if (problem.status >= 500) {
    // The stack goes to the log (operators), never to the client.
    logger?.error({ error: errorForLog(exception), requestId: request.id }, 'unhandled error');
  }
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="hubline"');
  if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number')
    void reply.header('retry-after', String(Math.max(1, Math.ceil(problem.retryAfterSeconds))));
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

/** Turns every exception into an `application/problem+json` response (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
