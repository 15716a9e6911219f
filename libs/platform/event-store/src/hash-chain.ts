import { createHash } from 'node:crypto';

/** The link before a stream's first event: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields an event's hash covers, as text exactly as the store keeps them. */
export interface CanonicalEventFields {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  schemaVersion: number;
  /** ISO-8601 UTC, millisecond precision (`Date#toISOString`). */
  recordedAt: string;
  /** The payload's JSON text exactly as stored (PostgreSQL keeps it verbatim in a `json` column). */
  dataText: string;
  metadataText: string;
}

/**
 * The canonical stored form: the fields joined by newlines. None of them can contain a raw
 * newline (ids and type names are validated; JSON text escapes newlines), so the form is
 * unambiguous.
 */
export function canonicalForm(e: CanonicalEventFields): string {
  return [
    e.streamId,
    String(e.revision),
    e.id,
    e.type,
    String(e.schemaVersion),
    e.recordedAt,
    e.dataText,
    e.metadataText,
  ].join('\n');
}

/** hash(n) = SHA-256(hash(n-1) bytes ‖ UTF-8 bytes of the canonical form of event n). */
export function chainHash(previousHashHex: string, canonical: string): string {
  return createHash('sha256').update(Buffer.from(previousHashHex, 'hex')).update(canonical, 'utf8').digest('hex');
}
