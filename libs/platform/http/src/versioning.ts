import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiExtension, ApiHeader } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { DomainError } from '@hubline/errors';

/**
 * Optimistic concurrency over HTTP, in one place: a response carries the stream version of what it
 * shows or changed as its `ETag`, and a write states the version it expects with `If-Match`
 * (a mismatch is 412, see the problem filter).
 */

/** An If-Match header that is not a version this API gave out. */
export class InvalidIfMatchError extends DomainError {
  readonly code = 'HTTP.INVALID_IF_MATCH';
  readonly kind = 'invalid';
}

/** A revision a client stated: a version, or any existing one (`*`). */
export type StatedRevision = number | 'stream_exists';
/** The expected revision a write passes to its command: the one stated, if any. */
export type ExpectedRevision = StatedRevision | undefined;

/** ETag value for a stream version (the revision of its last event). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The expected version stated by an If-Match header, if any. `*` means "any existing version". */
export function parseIfMatch(header: string | string[] | undefined): ExpectedRevision {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header).trim();
  if (value === '*') return 'stream_exists';
  const m = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  if (!m) throw new InvalidIfMatchError('If-Match must be an ETag this API returned, such as "3"');
  return Number(m[1]);
}

export interface IfMatchOptions {
  /** What the route documents about the header. */
  description?: string;
  /** Makes the header required: the error to refuse a request without it. */
  required?: () => Error;
}

const IF_MATCH_DESCRIPTION = 'The ETag you last read; the change is refused with 412 if the record changed since.';

/**
 * The expected revision stated by the request's If-Match header (`undefined` without one), and the
 * header in the route's OpenAPI document. A malformed value is refused with 400 HTTP.INVALID_IF_MATCH.
 */
export function IfMatch(options: IfMatchOptions = {}): ParameterDecorator {
  const documented: ParameterDecorator = (target, key) => {
    if (key === undefined) return;
    ApiHeader({
      name: 'If-Match',
      required: options.required !== undefined,
      description: options.description ?? IF_MATCH_DESCRIPTION,
    })(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
  return createParamDecorator(
    (_: unknown, context: ExecutionContext): ExpectedRevision => {
      const expected = parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']);
      if (expected === undefined && options.required) throw options.required();
      return expected;
    },
    [documented],
  )();
}

/** The version a result carries, when it has one (a record still at its defaults has none). */
function versionOf(result: unknown): number | undefined {
  const version = typeof result === 'object' && result !== null ? (result as { version?: unknown }).version : undefined;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : undefined;
}

/** Sets the ETag header from the `version` of what the route returns. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((result) => {
        const version = versionOf(result);
        if (version !== undefined) void reply.header('etag', etagOf(version));
      }),
    );
  }
}

const ETAG_EXTENSION = 'x-hubline-etag';

/** The route answers with an ETag of the returned `version`, and its OpenAPI document says so. */
export const SendsETag = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseInterceptors(ETagInterceptor), ApiExtension(ETAG_EXTENSION, { sent: true }));

/** Lists the ETag header on the successful responses of every route marked with `@SendsETag()`. */
export function documentETags(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Array<Record<string, unknown>>) {
      if (typeof operation !== 'object' || operation === null || !(ETAG_EXTENSION in operation)) continue;
      delete operation[ETAG_EXTENSION];
      const responses = (operation.responses ?? {}) as Record<string, { headers?: Record<string, unknown> }>;
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith('2')) continue;
        response.headers = {
          ...response.headers,
          ETag: {
            description: 'The version of the record, to send back as If-Match.',
            schema: { type: 'string', example: '"3"' },
          },
        };
      }
    }
  }
  return document;
}
