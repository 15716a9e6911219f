export { createHttpApp, serveUntilStopped, clientRequestIdOf, type HttpAppOptions } from './create-http-app';
export { ProblemFilter, toProblem, type Problem } from './problem.filter';
export { etagOf, parseIfMatch, InvalidIfMatchError, IfMatch, SendsETag, ETagInterceptor, type ExpectedRevision, type StatedRevision, type IfMatchOptions } from './versioning';
export { LoggingModule, createServiceLogger, logFormatFor, withQuietStartUp, type LogFormat, type LogOptions } from './logging.module';
export { IsCalendarDate, IsZonedDateTime } from './date-fields';
