import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The error vocabulary shared by domain code and the HTTP edge. Domain code throws these (no
 * NestJS here); the problem filter turns them into RFC 9457 responses with the status of `kind`.
 */
export type ErrorKind =
  | 'invalid' // 400: the request itself is malformed
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: the state does not allow it
  | 'precondition_failed' // 412: If-Match did not match
  | 'unprocessable' // 422: well-formed, but breaks a business rule
  | 'too_soon'; // 429: allowed, but not again so soon (details.retryAfterSeconds says when)

export abstract class DomainError extends Error {
  /** Stable, documented code such as `REFERRAL.ALREADY_CLOSED`. */
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Extra, non-personal facts for the client (e.g. the current version). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/**
 * The base class of a context whose errors are listed in one table of code -> kind: the code says
 * what went wrong and fixes the kind, so a code can never be thrown with two statuses.
 * Usage: `export class LagError extends CodedError(LAG_ERRORS) {}`.
 */
export function CodedError<T extends Record<string, ErrorKind>>(table: T) {
  return class extends DomainError {
    readonly code: keyof T & string;
    readonly kind: ErrorKind;

    constructor(code: keyof T & string, message: string, details?: Record<string, unknown>) {
      super(message, details);
      this.code = code;
      this.kind = table[code];
    }
  };
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What of an error may go into a log. Database errors can quote the values they refused (a name,
 * an address), and errors from the database client carry the connection settings: for those only
 * the codes and the schema objects are kept. Other errors keep their message and stack.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & {
    code?: unknown;
    severity?: unknown;
    routine?: unknown;
    table?: unknown;
    column?: unknown;
    constraint?: unknown;
    schema?: unknown;
  };
  const isDatabaseError = typeof e.severity === 'string' && typeof e.code === 'string';
  if (isDatabaseError) {
    return {
      type: e.name,
      code: e.code,
      severity: e.severity,
      routine: e.routine,
      schema: e.schema,
      table: e.table,
      column: e.column,
      constraint: e.constraint,
    };
  }
  return { type: e.name, code: typeof e.code === 'string' ? e.code : undefined, message: e.message, stack: e.stack };
}

/**
 * A reason a service must not start that the operator can act on, such as a key that does not open
 * the data already stored: which thing, what is wrong, what to do. Services print it as one line,
 * without a stack trace.
 */
export class StartUpRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartUpRefusedError';
  }
}

/**
 * The refusal for a key that exists but cannot be used: a file that is a directory, unreadable,
 * empty or not a key, or an environment variable that does not hold one. `name` says which key
 * (the file's path or the variable), `problem` what is wrong with it in words, `fix` what to do.
 * The key's own text is never quoted: a parser's message can hold part of it.
 */
export function unusableKey(name: string, problem: string, fix: string): StartUpRefusedError {
  return new StartUpRefusedError(`${name} cannot be used: ${problem}. ${fix}`);
}

/**
 * The text of a key file that exists; a file that cannot be read (a directory, not readable by
 * this process) is refused with `unusableKey`, `name` saying which key file it is and `fix` what
 * to do.
 */
export function readKeyFile(name: string, file: string, fix: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw unusableKey(name, unreadableFileProblem(error), fix);
  }
}

/** Why a key file could not be read, in words, from the error `readFileSync` threw. */
function unreadableFileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'this process may not read it (check its owner and permissions)';
  if (code === 'ENOENT') return 'it does not exist';
  return `it could not be read (${code ?? 'unknown error'})`;
}

const KEY_FOLDER_FIX =
  'Set HUBLINE_DATA_DIR to a folder this account may write to (its keys are kept in keys/ inside it).';

/**
 * Writes a key made on first start, readable by its owner only, unless another process wrote it
 * first (false: read theirs). A key folder that cannot be made (a file in its way, no right to
 * write) or a file that cannot be written is refused with `unusableKey`, naming it.
 */
export function writeNewKeyFile(name: string, file: string, content: string | Buffer): boolean {
  const folder = path.dirname(file);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unusableKey(`the key folder ${folder}`, folderProblem(error), KEY_FOLDER_FIX);
  }
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw unusableKey(
      name,
      `it cannot be written (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`,
      KEY_FOLDER_FIX,
    );
  }
}

function folderProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'a file is in the way';
  if (code === 'EACCES' || code === 'EPERM') return 'this account may not write there';
  return `it cannot be made (${code ?? 'unknown error'})`;
}
