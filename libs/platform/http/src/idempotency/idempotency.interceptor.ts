import { Module, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DomainError } from '@hubline/errors';
import { runKeyedRequest } from '@hubline/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, defer, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { fingerprintOf, IdempotencyKeyStore, type StoredAnswer } from './idempotency-keys';

export class InvalidIdempotencyKeyError extends DomainError {
  readonly code = 'HTTP.INVALID_IDEMPOTENCY_KEY';
  readonly kind = 'invalid';
}
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'HTTP.IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'unprocessable';
}
export class IdempotencyKeyInUseError extends DomainError {
  readonly code = 'HTTP.IDEMPOTENCY_KEY_IN_USE';
  readonly kind = 'conflict';
}

const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The response headers a replay repeats beside the status and body. */
const REPLAYED_HEADERS = ['etag', 'location', 'content-type'];

/**
 * The `Idempotency-Key` header: a structured-field string (`"…"`, as the IETF draft has it) or the
 * same text bare, of 1 to 255 visible ASCII characters. Undefined when absent.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw new InvalidIdempotencyKeyError('Send one Idempotency-Key.');
  const trimmed = header.trim();
  const key = /^"(.*)"$/.exec(trimmed)?.[1] ?? trimmed;
  if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/.test(key))
    throw new InvalidIdempotencyKeyError(
      'Idempotency-Key must be 1 to 255 visible characters (a UUID is a good choice), such as "8e03978e-40d5-43e8-bc93-6894a57f9324".',
    );
  return key;
}

/** Whom a key belongs to: the authenticated user or platform administrator; none for anonymous calls. */
function scopeOf(request: FastifyRequest): string | undefined {
  const r = request as FastifyRequest & { actor?: { userId?: string }; platformActor?: { platformAdminId?: string } };
  if (r.actor?.userId) return `user:${r.actor.userId}`;
  if (r.platformActor?.platformAdminId) return `platform:${r.platformActor.platformAdminId}`;
  return undefined;
}

/**
 * Safe retries of commands (decision 0020): a command sent again with the `Idempotency-Key` it
 * was first sent with, by the same user with the same method, path and body, gets the first
 * answer again (status, body, ETag) and runs nothing; the same key with another request is 422,
 * and while the first is still running 409. Runs after authentication (guards), before the route's
 * own interceptors, pipes and handler. A refusal or failure frees the key, since a refused
 * command has appended nothing; only answers below 400 are kept. The route runs with the request's
 * own ids (`runKeyedRequest`), so a re-run of a request whose process died before its answer was
 * stored finds its first run's events and answers as the first run would have.
 */
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyKeyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!COMMAND_METHODS.has(request.method)) return next.handle();
    return defer(() => {
      const key = parseIdempotencyKey(request.headers['idempotency-key']);
      const scope = scopeOf(request);
      if (key === undefined || scope === undefined) return next.handle();
      const fingerprint = fingerprintOf(request.method, request.url, request.body);
      return from(this.keys.claim(scope, key, fingerprint)).pipe(
        mergeMap((claim) => {
          switch (claim.kind) {
            case 'answered':
              return of(replay(reply, claim.answer));
            case 'different_request':
              throw new IdempotencyKeyReusedError(
                'This Idempotency-Key was first used for a different request; use a new key for a new request.',
              );
            case 'in_progress':
              throw new IdempotencyKeyInUseError(
                'A request with this Idempotency-Key is still being processed; retry once it has answered.',
              );
            case 'claimed':
              // The route runs in the request's id scope: the ids it generates are the request's
              // own, the same on a re-run after a crash (decision 0020).
              return runKeyedRequest({ scope, key, fingerprint, seed: claim.seed }, () => next.handle()).pipe(
                mergeMap(async (body) => {
                  await this.keys.answer(scope, key, answerOf(reply, body));
                  return body;
                }),
                catchError((error: unknown) =>
                  from(this.keys.release(scope, key)).pipe(mergeMap(() => throwError(() => error))),
                ),
              );
          }
        }),
      );
    });
  }
}

function answerOf(reply: FastifyReply, body: unknown): StoredAnswer {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: reply.statusCode, headers, body: body ?? null };
}

function replay(reply: FastifyReply, answer: StoredAnswer): unknown {
  void reply.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
  void reply.header('idempotent-replayed', 'true');
  return answer.body ?? undefined;
}

/**
 * Accepts `Idempotency-Key` on every command route of the app that imports it (every Hubline
 * service does, through the service composition): a global interceptor on the read database.
 */
@Module({
  providers: [
    {
      provide: APP_INTERCEPTOR,
      useFactory: (db: DataSource) => new IdempotencyInterceptor(new IdempotencyKeyStore(db)),
      inject: [DataSource],
    },
  ],
})
export class IdempotencyKeysModule {}

/** Lists the optional `Idempotency-Key` header on every POST, PUT, PATCH and DELETE operation. */
export function documentIdempotencyKeys(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same key, from the same user, with the same request, gets the first answer again and changes nothing (kept 24 hours). The same key with a different request is 422 HTTP.IDEMPOTENCY_KEY_REUSED; while the first request runs, 409 HTTP.IDEMPOTENCY_KEY_IN_USE.',
          schema: { type: 'string', minLength: 1, maxLength: 255, example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"' },
        },
      ];
    }
  }
  return document;
}
