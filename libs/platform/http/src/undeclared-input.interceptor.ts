import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DomainError } from '@hubline/errors';
import type { Observable } from 'rxjs';

/** A body or query field the route does not declare, so it would be ignored. */
export class UndeclaredFieldError extends DomainError {
  readonly code = 'HTTP.UNDECLARED_FIELD';
  readonly kind = 'invalid';
}

/** Methods that change something: their body must never be silently ignored either. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SHOWABLE = /^[A-Za-z0-9_]{1,64}$/;

type RouteArg = { index: number; data?: unknown };
/** What a route reads of one part of the request: all of it (validated by its request class), some named fields, or nothing. */
type Reads = 'whole' | Set<string>;

function readsOf(args: Record<string, RouteArg>, type: RouteParamtypes): Reads {
  const named = new Set<string>();
  for (const [key, arg] of Object.entries(args)) {
    if (key.split(':')[0] !== String(type)) continue;
    if (arg.data === undefined) return 'whole';
    named.add(String(arg.data));
  }
  return named;
}

function undeclared(value: unknown, reads: Reads): string[] {
  if (reads === 'whole' || value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return ['(a value that is not a JSON object)'];
  return Object.keys(value)
    .filter((key) => !reads.has(key))
    .map((key) => (SHOWABLE.test(key) ? key : '(a name that is not allowed)'));
}

/**
 * A route refuses a query field it does not read, and a write a body field it does not read. The
 * validation pipe refuses unknown fields of a request class, but only where the route declares
 * one: a route without `@Body()` (or `@Query()`) never sees what a client sent there, so
 * `{"dryRun": true}` posted to a route that reads `dryRun` from the query alone would run the
 * real, irreversible operation, and `GET /audit/consultations?personld=...` (a mistyped filter)
 * would answer the unfiltered list as if it were the filtered one. A read's body is not looked
 * at: HTTP gives it no meaning. A route that takes the whole request (`@Req()`) reads what it
 * wants and is left to itself.
 */
@Injectable()
export class UndeclaredInputInterceptor implements NestInterceptor {
  /** What each route handler reads, worked out from its metadata once (every request would otherwise redo it). */
  private readonly routes = new WeakMap<object, { query: Reads; body: Reads } | 'whole request'>();

  private readsOfRoute(context: ExecutionContext): { query: Reads; body: Reads } | 'whole request' {
    const handler = context.getHandler();
    let reads = this.routes.get(handler);
    if (!reads) {
      const args: Record<string, RouteArg> =
        Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
      reads = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.REQUEST))
        ? 'whole request'
        : { query: readsOf(args, RouteParamtypes.QUERY), body: readsOf(args, RouteParamtypes.BODY) };
      this.routes.set(handler, reads);
    }
    return reads;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ method: string; body?: unknown; query?: unknown }>();
    const reads = this.readsOfRoute(context);
    if (reads === 'whole request') return next.handle();
    const fields = [
      ...undeclared(request.query, reads.query).map((name) => `query ${name}`),
      ...(WRITES.has(request.method) ? undeclared(request.body, reads.body).map((name) => `body ${name}`) : []),
    ];
    if (fields.length) {
      throw new UndeclaredFieldError(
        `This request does not take ${fields.join(', ')}: it would be ignored, so the request is refused.`,
      );
    }
    return next.handle();
  }
}
