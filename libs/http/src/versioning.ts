import { DomainError } from '@hubline/errors';

/** An If-Match header that is not a version this API gave out. */
export class InvalidIfMatchError extends DomainError {
  readonly code = 'HTTP.INVALID_IF_MATCH';
  readonly kind = 'invalid';
}

/** ETag value for a stream version (the revision of its last event). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The expected version stated by an If-Match header, if any. `*` means "any existing version". */
export function parseIfMatch(header: string | string[] | undefined): number | 'stream_exists' | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header).trim();
  if (value === '*') return 'stream_exists';
  const m = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  if (!m) throw new InvalidIfMatchError('If-Match must be an ETag this API returned, such as "3"');
  return Number(m[1]);
}
