import { CreateIdempotencyKeys1763873100000 } from './migrations/1763873100000-create-idempotency-keys';
import { IdempotencyKeySeeds1765400000000 } from './migrations/1765400000000-idempotency-key-seeds';

export { createHttpApp, serveUntilStopped, clientRequestIdOf, type HttpAppOptions } from './create-http-app';
export { ProblemFilter, toProblem, sendProblem, type Problem } from './problem.filter';
export {
  etagOf,
  parseIfMatch,
  InvalidIfMatchError,
  IfMatch,
  SendsETag,
  ETagInterceptor,
  type ExpectedRevision,
  type StatedRevision,
  type IfMatchOptions,
} from './versioning';
export {
  LoggingModule,
  createServiceLogger,
  logFormatFor,
  withQuietStartUp,
  type LogFormat,
  type LogOptions,
} from './logging.module';
export { IsCalendarDate, IsZonedDateTime } from './date-fields';
export { IsOptionalButNotNull, NestedObject, NestedArray, type NestedOptions } from './request-fields';
export { RequestValidationPipe, BodyNotAnObjectError, validationMessages } from './request-validation.pipe';
export { parseJsonBody, jsonDepth, charsetOf, readJsonBodiesOnly, BodyRefusedError, MAX_JSON_DEPTH } from './json-body';
export { UndeclaredInputInterceptor, UndeclaredFieldError } from './undeclared-input.interceptor';
export { clientHasGone, stopIfClientGone, ClientGoneError, CLIENT_CLOSED_REQUEST } from './client-connection';
export { LoadGate, SHED_RETRY_AFTER_SECONDS, type LoadLimits, type LoadStatus } from './load-shedding';
export { AdaptiveLimit, type AdaptiveLimitOptions, type AdaptiveLimitStatus } from './adaptive-limit';
export {
  IdempotencyKeysModule,
  documentIdempotencyKeys,
  parseIdempotencyKey,
  IdempotencyInterceptor,
  InvalidIdempotencyKeyError,
  IdempotencyKeyReusedError,
  IdempotencyKeyInUseError,
} from './idempotency/idempotency.interceptor';
export {
  IdempotencyKeyStore,
  fingerprintOf,
  IDEMPOTENCY_KEY_TTL_MS,
  IDEMPOTENCY_LEASE_MS,
} from './idempotency/idempotency-keys';

/** The HTTP library's own migrations (idempotency keys), for the app's DatabaseModule. */
export const HTTP_MIGRATIONS = [CreateIdempotencyKeys1763873100000, IdempotencyKeySeeds1765400000000];
export { followRequestScopes, oncePerRequest } from './request-scope';
