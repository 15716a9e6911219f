import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * How a request body is read: JSON only, UTF-8 only, never nested deeper than a request class
 * can be, and its text well-formed and free of control characters. Everything else is refused
 * with a 4xx before it reaches validation.
 *
 * A deeply nested body (thousands of `[`) once parsed fine but exhausted the stack in the
 * validation that walks it, answering 500. Counting the depth first, in one pass over the text,
 * costs no recursion at all.
 */

/** Deeper than any request class (the risk matrix, the deepest, is 4). */
export const MAX_JSON_DEPTH = 16;

/**
 * A character no officer types and no field of Hubline holds: a C0 control other than tab, line
 * feed and carriage return, DEL, or a C1 control. JSON carries them only escaped (`\u0000`) or,
 * for DEL and the C1 range, raw.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** A surrogate without its pair (what `String.prototype.isWellFormed`, ES2024, looks for). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What must be in the text for a string of the parsed body to hold one of the above or a lone surrogate. */
const MAYBE_ILL_FORMED = /\\u|[\u007f-\u009f]/;

/**
 * Every string of a parsed body, names and values, must be well-formed text without control
 * characters. A lone surrogate (`\ud800`) was stored as U+FFFD, so the record no longer said
 * what was sent; a NUL was stored in fields that had no rule of their own against it.
 */
const cleanText = (text: string) => !CONTROL.test(text) && !LONE_SURROGATE.test(text);

/** A name a request class could declare: only such names are repeated in a refusal, never anything else sent. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * Where a parsed body holds such text, as validation names fields (`reporter.name`, `aliases.1`):
 * `a property name` for a name that holds it, and the path only as far as it is made of names a
 * request class could declare (and array positions), so nothing else sent is repeated.
 */
function uncleanText(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (found.length >= 10) return found;
  const where = () => {
    const shown: string[] = [];
    for (const part of path) {
      if (!FIELD_NAME.test(part) && !/^\d{1,6}$/.test(part)) break;
      shown.push(part);
    }
    return shown.length ? shown.join('.') : 'the body';
  };
  if (typeof value === 'string') {
    if (!cleanText(value))
      found.push(`${where()} must not hold control characters (other than tab and line breaks) or unpaired surrogates`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => uncleanText(item, [...path, String(i)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, field] of Object.entries(value)) {
      if (!cleanText(name))
        found.push(`${where()} holds a property name with control characters or unpaired surrogates`);
      else uncleanText(field, [...path, name], found);
    }
  }
  return found;
}

/** A body the server refuses to read, with the status and code the problem filter shows. */
export class BodyRefusedError extends Error {
  constructor(
    readonly statusCode: 400 | 415,
    readonly code: string,
    message: string,
    /** The fields at fault, as validation names them (`reporter.name must ...`). */
    readonly errors?: string[],
  ) {
    super(message);
  }
}

/** The charset a content type declares, lower-cased and unquoted, or undefined. */
export function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...rest] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset')
      return rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return undefined;
}

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), stopping early past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses a JSON body; `undefined` for an empty one (as if none were sent). Throws BodyRefusedError. */
export function parseJsonBody(raw: Buffer, contentType: string): unknown {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new BodyRefusedError(
      415,
      'HTTP.UNSUPPORTED_CHARSET',
      'Send JSON encoded as UTF-8 (charset=utf-8, or no charset).',
    );
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new BodyRefusedError(400, 'HTTP.INVALID_UTF8', 'The body is not valid UTF-8.');
  }
  if (text.trim() === '') return undefined;
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BodyRefusedError(
      400,
      'HTTP.BODY_TOO_DEEP',
      `The body nests arrays and objects more than ${MAX_JSON_DEPTH} deep.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyRefusedError(400, 'HTTP.INVALID_JSON', 'The body is not valid JSON.');
  }
  // As Fastify's own parser does: a key that could reach an object's prototype is refused.
  if (/"(?:__proto__|constructor)"\s*:/.test(text)) {
    throw new BodyRefusedError(400, 'HTTP.FORBIDDEN_PROPERTY', 'The body holds a property name that is not allowed.');
  }
  const unclean = MAYBE_ILL_FORMED.test(text) ? uncleanText(parsed) : [];
  if (unclean.length > 0) {
    throw new BodyRefusedError(
      400,
      'HTTP.INVALID_TEXT',
      'The body holds a control character or an unpaired surrogate in its text: send visible text (line breaks and tabs are allowed).',
      unclean,
    );
  }
  return parsed;
}

/**
 * Replaces every body parser with the one above for `application/json`; any other content type
 * is refused with 415 by Fastify (forms and plain text were read before, and reached validation
 * as strings).
 */
export function readJsonBodiesOnly(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
      try {
        done(null, parseJsonBody(body, String(request.headers['content-type'] ?? '')));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}
