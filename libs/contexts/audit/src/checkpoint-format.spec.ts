import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  compareStreamIds,
  firstDifference,
  keyFingerprint,
  leafDigest,
  parseSignedCheckpoint,
  signCheckpoint,
  signedMessage,
  verifyCheckpointSignature,
  type CheckpointStatement,
  type Leaf,
} from './checkpoint-format';

const h = (c: string) => c.repeat(64);
const leaves: Leaf[] = [
  { streamId: 'person-2', revision: 4, hash: h('b') },
  { streamId: 'Partnership-1', revision: 0, hash: h('a') },
  { streamId: 'person-10', revision: 12, hash: h('c') },
];

describe('leafDigest', () => {
  it('is SHA-256 of `stream id \\n revision \\n hash \\n` per stream, in byte order of the stream ids', () => {
    const text = `Partnership-1\n0\n${h('a')}\nperson-10\n12\n${h('c')}\nperson-2\n4\n${h('b')}\n`;
    expect(leafDigest(leaves)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('does not depend on the order the leaves come in, or on the case of the hashes', () => {
    const shuffled = [leaves[2], leaves[0], { ...leaves[1], hash: leaves[1].hash.toUpperCase() }];
    expect(leafDigest(shuffled)).toBe(leafDigest(leaves));
  });

  it('changes with any revision or hash', () => {
    expect(leafDigest([{ ...leaves[0], revision: 5 }, leaves[1], leaves[2]])).not.toBe(leafDigest(leaves));
    expect(leafDigest([{ ...leaves[0], hash: h('d') }, leaves[1], leaves[2]])).not.toBe(leafDigest(leaves));
  });

  it('of an empty log is SHA-256 of nothing', () => {
    expect(leafDigest([])).toBe(createHash('sha256').digest('hex'));
  });

  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FFFF is EF BF BF in UTF-8 and sorts before U+10000 (F0 90 80 80); in UTF-16 it sorts after.
    expect(compareStreamIds('\uffff', '\u{10000}')).toBeLessThan(0);
    expect('\uffff' < '\u{10000}').toBe(false);
    expect(compareStreamIds('Z', 'a')).toBeLessThan(0);
  });
});

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const statement: CheckpointStatement = {
    checkpointId: '6f1c2a52-7d1e-4b7e-9a43-0f6d1f0e2c11',
    position: '1234/567',
    digest: leafDigest(leaves),
    streamCount: 3,
    eventCount: 19,
    createdAt: '2025-01-02T03:04:05.678Z',
  };

  it('signs exactly the version tag and the fields, one per line', () => {
    expect(signedMessage(statement).toString('utf8')).toBe(
      `hubline-log-checkpoint-v1\n6f1c2a52-7d1e-4b7e-9a43-0f6d1f0e2c11\n1234/567\n${statement.digest}\n3\n19\n2025-01-02T03:04:05.678Z`,
    );
  });

  it('verifies with the signing key and names it by the SHA-256 of its DER', () => {
    const signed = signCheckpoint(statement, privateKey, publicKey);
    expect(signed).toMatchObject({ ...statement, version: 1, algorithm: 'Ed25519' });
    expect(signed.keyFingerprint).toBe(
      createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    );
    expect(signed.keyFingerprint).toBe(keyFingerprint(publicKey));
    expect(verifyCheckpointSignature(signed, publicKey)).toBe(true);
  });

  it.each([
    ['position', { position: '1234/568' }],
    ['digest', { digest: leafDigest([]) }],
    ['stream count', { streamCount: 4 }],
    ['event count', { eventCount: 18 }],
    ['creation time', { createdAt: '2025-01-02T03:04:05.679Z' }],
    ['checkpoint id', { checkpointId: '00000000-0000-4000-8000-000000000000' }],
  ])('fails when the %s is changed after signing', (_label, change) => {
    const signed = signCheckpoint(statement, privateKey, publicKey);
    expect(verifyCheckpointSignature({ ...signed, ...change }, publicKey)).toBe(false);
  });

  it('fails with another key, and with a signature that is not one', () => {
    const signed = signCheckpoint(statement, privateKey, publicKey);
    expect(verifyCheckpointSignature(signed, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, signature: 'not base64 at all!' }, publicKey)).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, signature: '' }, publicKey)).toBe(false);
  });

  it('reads back what a signer stores, and refuses anything else', () => {
    const signed = signCheckpoint(statement, privateKey, publicKey);
    expect(parseSignedCheckpoint(JSON.parse(JSON.stringify(signed)))).toEqual(signed);
    for (const broken of [
      null,
      [],
      'text',
      { ...signed, version: 2 },
      { ...signed, digest: 'xyz' },
      { ...signed, eventCount: -1 },
      { ...signed, position: 'head' },
      { ...signed, signature: undefined },
    ]) {
      expect(parseSignedCheckpoint(broken)).toBeNull();
    }
  });
});

describe('firstDifference', () => {
  it('is null for the same states in any order', () => {
    expect(firstDifference(leaves, [...leaves].reverse())).toBeNull();
  });

  it('names the first stream in digest order whose revision or hash differs', () => {
    const found = [leaves[0], { ...leaves[1], hash: h('e') }, { ...leaves[2], revision: 13 }];
    expect(firstDifference(leaves, found)).toEqual({ streamId: 'Partnership-1', signed: leaves[1], found: found[1] });
  });

  it('names a stream that is gone, or one that was not there when signed', () => {
    expect(firstDifference(leaves, [leaves[0], leaves[2]])).toEqual({
      streamId: 'Partnership-1',
      signed: leaves[1],
      found: null,
    });
    const extra = { streamId: 'a-new-stream', revision: 0, hash: h('f') };
    expect(firstDifference(leaves, [...leaves, extra])).toEqual({
      streamId: 'a-new-stream',
      signed: null,
      found: extra,
    });
  });
});
