import { createHash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The signed checkpoint of the whole log's hash state (docs/decisions/0011-signed-checkpoints.md).
 * Everything here is pure: the store-specific part only supplies the leaves.
 */

/** One stream's state at a position: its highest revision at or before it, and that event's hash. */
export interface Leaf {
  streamId: string;
  revision: number;
  /** Lower-case hex SHA-256 chain link of that event. */
  hash: string;
}

/** What a checkpoint states and signs. */
export interface CheckpointStatement {
  checkpointId: string;
  /** Global position `tx/seq`: every event at or before it is covered. */
  position: string;
  /** Lower-case hex SHA-256 of the leaves (`leafDigest`). */
  digest: string;
  streamCount: number;
  eventCount: number;
  /** ISO-8601 UTC, millisecond precision. */
  createdAt: string;
}

/** The `LogCheckpointSigned` event's data. */
export interface SignedCheckpoint extends CheckpointStatement {
  version: 1;
  algorithm: 'Ed25519';
  /** Base64 Ed25519 signature of `signedMessage(statement)`. */
  signature: string;
  /** `keyFingerprint` of the public key that verifies the signature. */
  keyFingerprint: string;
}

export const CHECKPOINT_EVENT_TYPE = 'LogCheckpointSigned';
export const CHECKPOINT_STREAM_PREFIX = 'audit-checkpoint-';
export const checkpointStream = (checkpointId: string) => `${CHECKPOINT_STREAM_PREFIX}${checkpointId}`;

/**
 * Byte order of the UTF-8 stream ids, the order the digest is defined in. Not `localeCompare` and
 * not JavaScript's `<` (UTF-16 code units): the digest must not depend on the runtime or a collation.
 */
export function compareStreamIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortLeaves(leaves: readonly Leaf[]): Leaf[] {
  return [...leaves].sort((x, y) => compareStreamIds(x.streamId, y.streamId));
}

/**
 * D = SHA-256 over the leaves in stream-id byte order, each written as
 * `stream id \n revision (decimal) \n hash (lower-case hex) \n`. Stream ids cannot hold a newline
 * (the events table refuses control and space characters), so the text is unambiguous.
 */
export function leafDigest(leaves: readonly Leaf[]): string {
  const h = createHash('sha256');
  for (const leaf of sortLeaves(leaves))
    h.update(`${leaf.streamId}\n${leaf.revision}\n${leaf.hash.toLowerCase()}\n`, 'utf8');
  return h.digest('hex');
}

/** The exact bytes signed: a version tag, then the statement's fields, one per line. */
export function signedMessage(s: CheckpointStatement): Buffer {
  return Buffer.from(
    [
      'hubline-log-checkpoint-v1',
      s.checkpointId,
      s.position,
      s.digest,
      String(s.streamCount),
      String(s.eventCount),
      s.createdAt,
    ].join('\n'),
    'utf8',
  );
}

/** SHA-256 of the public key's DER (SubjectPublicKeyInfo), lower-case hex: names the key in every checkpoint. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function signCheckpoint(
  statement: CheckpointStatement,
  privateKey: KeyObject,
  publicKey: KeyObject,
): SignedCheckpoint {
  return {
    version: 1,
    ...statement,
    algorithm: 'Ed25519',
    // Ed25519 hashes the message itself: no digest algorithm is named.
    signature: sign(null, signedMessage(statement), privateKey).toString('base64'),
    keyFingerprint: keyFingerprint(publicKey),
  };
}

export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const POSITION = /^\d{1,20}\/\d{1,20}$/;

/** Reads a stored checkpoint event's data, or null when it does not have the shape a signer writes. */
export function parseSignedCheckpoint(data: unknown): SignedCheckpoint | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const d = data as Record<string, unknown>;
  const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const ok =
    d.version === 1 &&
    d.algorithm === 'Ed25519' &&
    typeof d.checkpointId === 'string' &&
    typeof d.position === 'string' &&
    POSITION.test(d.position) &&
    typeof d.digest === 'string' &&
    HEX64.test(d.digest) &&
    count(d.streamCount) &&
    count(d.eventCount) &&
    typeof d.createdAt === 'string' &&
    typeof d.signature === 'string' &&
    typeof d.keyFingerprint === 'string';
  if (!ok) return null;
  return {
    version: 1,
    algorithm: 'Ed25519',
    checkpointId: d.checkpointId as string,
    position: d.position as string,
    digest: d.digest as string,
    streamCount: d.streamCount as number,
    eventCount: d.eventCount as number,
    createdAt: d.createdAt as string,
    signature: d.signature as string,
    keyFingerprint: d.keyFingerprint as string,
  };
}

/** The first stream (in digest order) whose leaf differs between the two sets; null when they are equal. */
export function firstDifference(
  signed: readonly Leaf[],
  found: readonly Leaf[],
): { streamId: string; signed: Leaf | null; found: Leaf | null } | null {
  const a = sortLeaves(signed);
  const b = sortLeaves(found);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const order = i >= a.length ? 1 : j >= b.length ? -1 : compareStreamIds(a[i].streamId, b[j].streamId);
    if (order < 0) return { streamId: a[i].streamId, signed: a[i], found: null };
    if (order > 0) return { streamId: b[j].streamId, signed: null, found: b[j] };
    if (a[i].revision !== b[j].revision || a[i].hash.toLowerCase() !== b[j].hash.toLowerCase())
      return { streamId: a[i].streamId, signed: a[i], found: b[j] };
    i++;
    j++;
  }
  return null;
}
