import { charsetOf } from '@hubline/http';
import { PageInputRefused } from '../web-context';

/**
 * What a page may be sent, checked for every page before it runs (`checkPageInput`, from the web
 * server's hooks, so that no page can forget it). Pages read their query and form fields as single
 * strings: a field given twice (which Fastify reads as an array), given as `a[b]`, or far longer
 * than any page writes is refused here with a 400 page, never passed on.
 */

/** Field names as the pages write them: letters, digits, `_`, `-` and `.` (`action-1-due-day`, `characteristic.x`). */
export const FIELD_NAME = /^[A-Za-z0-9_.-]{1,200}$/;
/** More fields than any page's query holds. */
export const MAX_QUERY_FIELDS = 50;
/** Longer than any query value a page writes (ids, codes, filter words). */
export const MAX_QUERY_VALUE = 2_000;
/** More fields than any page's form holds (the meeting's case form, the largest, has about 150). */
export const MAX_FORM_FIELDS = 1_000;
/** The largest form a page takes, in bytes. */
export const MAX_FORM_BYTES = 64 * 1024;

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The media type of a `content-type` header, lower-cased, without its parameters. */
const mediaTypeOf = (header: unknown): string =>
  String(header ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** One name or value of a form, `+` as a space; a malformed escape (`%E0%A4%A`, `%FF`) is refused. */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new PageInputRefused(400);
  }
}

/**
 * An HTML form's body (`application/x-www-form-urlencoded`, UTF-8) as its fields, each a string.
 * Refused: another charset (415), bytes or escapes that are not UTF-8, a field sent twice, an odd
 * field name, or too many fields (400). Pages write one field per name (a checkbox is its own
 * field), so a repeated name never comes from them; keeping either value would be a guess.
 */
export function parseForm(raw: Buffer, contentType: string): Record<string, string> {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new PageInputRefused(415);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new PageInputRefused(400);
  }
  const fields: Record<string, string> = Object.create(null);
  let count = 0;
  for (const part of text.split('&')) {
    if (part === '') continue;
    if (++count > MAX_FORM_FIELDS) throw new PageInputRefused(400);
    const at = part.indexOf('=');
    const name = decodeComponent(at < 0 ? part : part.slice(0, at));
    const value = at < 0 ? '' : decodeComponent(part.slice(at + 1));
    if (!FIELD_NAME.test(name) || name in fields) throw new PageInputRefused(400);
    fields[name] = value;
  }
  return fields;
}

/** The request as the check sees it (a Fastify request). */
export interface PageInput {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  body?: unknown;
}

/**
 * Refuses what no page sends before any page runs: a query whose fields are not each one short
 * string with a plain name (400), and a body that is not the HTML form the form reader made (415
 * for JSON or any other kind, 400 for anything else). Throws PageInputRefused.
 */
export function checkPageInput(request: PageInput): void {
  const query = request.query ?? {};
  if (typeof query !== 'object' || Array.isArray(query)) throw new PageInputRefused(400);
  const fields = Object.entries(query as Record<string, unknown>);
  if (fields.length > MAX_QUERY_FIELDS) throw new PageInputRefused(400);
  for (const [name, value] of fields)
    if (!FIELD_NAME.test(name) || typeof value !== 'string' || value.length > MAX_QUERY_VALUE)
      throw new PageInputRefused(400);
  if (request.body === undefined) return;
  if (mediaTypeOf(request.headers['content-type']) !== FORM_TYPE) throw new PageInputRefused(415);
  const body = request.body;
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    Object.values(body).some((v) => typeof v !== 'string')
  )
    throw new PageInputRefused(400);
}
