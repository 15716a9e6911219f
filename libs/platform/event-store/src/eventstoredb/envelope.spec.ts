import type { RecordedEvent as StoredEvent } from '@eventstore/db-client';
import { InvalidAppendError, InvalidPositionError } from '../errors';
import type { ExpectedRevision, JsonObject } from '../event-store.port';
import { GENESIS_HASH, canonicalForm, chainHash } from '../hash-chain';
import {
  ADAPTER_METADATA_KEY,
  asStoredJson,
  canonicalJson,
  comparePositions,
  composeMetadata,
  decodePosition,
  encodePosition,
  exactExpectedRevision,
  linkHash,
  positionOf,
  revisionFromClient,
  satisfies,
  splitMetadata,
  toRecorded,
} from './envelope';

const EVENT_ID = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

/** An event as the client hands it back after a read. */
function storedEvent(overrides: Record<string, unknown> = {}): StoredEvent {
  return {
    streamId: 'case-1',
    id: EVENT_ID,
    isJson: true,
    revision: 3n,
    type: 'CaseOpened',
    created: new Date('2024-01-01T00:00:00Z'),
    data: { referralId: 'r-1' },
    metadata: {
      correlationId: 'c-1',
      userId: 'user-1',
      [ADAPTER_METADATA_KEY]: { schemaVersion: 2, recordedAt: '2024-05-06T07:08:09.123Z', hash: 'ab'.repeat(32) },
    },
    position: { commit: 1200n, prepare: 1100n },
    ...overrides,
  } as unknown as StoredEvent;
}

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('is a fixed text: sorted keys, no whitespace, arrays kept in order', () => {
    expect(canonicalJson({ z: [3, 1, 2], a: null, m: { k: true, b: 'two words' } })).toBe(
      '{"a":null,"m":{"b":"two words","k":true},"z":[3,1,2]}',
    );
  });

  it('sorts integer-like keys as text, which JavaScript objects reorder on parse', () => {
    const parsed = JSON.parse('{"b":1,"10":2,"2":3}') as JsonObject;
    expect(Object.keys(parsed)).toEqual(['2', '10', 'b']);
    expect(canonicalJson(parsed)).toBe('{"10":2,"2":3,"b":1}');
  });

  it('escapes strings as JSON does, so the canonical form has no raw newline', () => {
    const text = canonicalJson({ note: 'line one\nline two "quoted" ünïcode 🚓', 'key "q"': 'tab\there' });
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toEqual({ note: 'line one\nline two "quoted" ünïcode 🚓', 'key "q"': 'tab\there' });
  });

  it('drops undefined members like JSON text does', () => {
    expect(canonicalJson({ a: 1, b: undefined } as unknown as JsonObject)).toBe('{"a":1}');
  });

  it('gives the same text for a value and for that value stored and read back with its keys reordered', () => {
    const value = asStoredJson({
      z: 1.5,
      a: [true, null, 'x'],
      n: -0.000001,
      big: 12345678901234,
      nested: { y: {}, x: [] },
    });
    const reordered = JSON.parse(
      JSON.stringify({ nested: { x: [], y: {} }, big: 12345678901234, n: -0.000001, a: [true, null, 'x'], z: 1.5 }),
    );
    expect(canonicalJson(reordered)).toBe(canonicalJson(value));
  });
});

describe('asStoredJson', () => {
  it('returns what a reader will get back', () => {
    const when = new Date('2024-05-06T07:08:09.123Z');
    expect(asStoredJson({ a: undefined, b: -0, c: when, d: [undefined] })).toEqual({
      b: 0,
      c: '2024-05-06T07:08:09.123Z',
      d: [null],
    });
  });
});

describe('linkHash', () => {
  const fields = {
    streamId: 'case-1',
    revision: 0,
    id: EVENT_ID,
    type: 'CaseOpened',
    schemaVersion: 1,
    recordedAt: '2024-05-06T07:08:09.123Z',
    data: { b: 2, a: 1 },
    metadata: { userId: 'u', correlationId: 'c' },
  };

  it('chains the canonical form of the fields with canonical JSON for data and metadata', () => {
    const expected = chainHash(
      GENESIS_HASH,
      canonicalForm({ ...fields, dataText: '{"a":1,"b":2}', metadataText: '{"correlationId":"c","userId":"u"}' }),
    );
    expect(linkHash(GENESIS_HASH, fields)).toBe(expected);
  });

  it('changes with any covered field and with the previous link', () => {
    const base = linkHash(GENESIS_HASH, fields);
    expect(linkHash(GENESIS_HASH, { ...fields, data: { a: 1, b: 3 } })).not.toBe(base);
    expect(linkHash(GENESIS_HASH, { ...fields, metadata: { userId: 'v', correlationId: 'c' } })).not.toBe(base);
    expect(linkHash(GENESIS_HASH, { ...fields, revision: 1 })).not.toBe(base);
    expect(linkHash(GENESIS_HASH, { ...fields, recordedAt: '2024-05-06T07:08:09.124Z' })).not.toBe(base);
    expect(linkHash('f'.repeat(64), fields)).not.toBe(base);
  });

  it('can be recomputed from the event as read back', () => {
    const data = asStoredJson({ z: 'last', a: { '10': 1, '9': 2 } });
    const user = asStoredJson({ userId: 'u', agencyId: 'a' });
    const hash = linkHash(GENESIS_HASH, { ...fields, data, metadata: user });
    const metadata = composeMetadata(user, { schemaVersion: 1, recordedAt: fields.recordedAt, hash });
    // What EventStoreDB keeps is JSON text; what the client returns is that text parsed.
    const read = toRecorded(
      storedEvent({
        revision: 0n,
        data: JSON.parse(JSON.stringify(data)),
        metadata: JSON.parse(JSON.stringify(metadata)),
        type: fields.type,
      }),
    );
    expect(read).not.toBeNull();
    expect(linkHash(GENESIS_HASH, read!)).toBe(read!.hash);
  });
});

describe('positions', () => {
  it('encode as commit/prepare and decode back', () => {
    for (const p of [
      { commit: 0n, prepare: 0n },
      { commit: 1200n, prepare: 1100n },
      { commit: 2n ** 64n - 2n, prepare: 2n ** 63n },
    ]) {
      expect(encodePosition(p)).toBe(`${p.commit}/${p.prepare}`);
      expect(decodePosition(encodePosition(p))).toEqual(p);
    }
  });

  it.each(['garbage', '', '1/2/3', '-1/0', '1.5/2', '12'])('refuses %j', (text) => {
    expect(() => decodePosition(text)).toThrow(InvalidPositionError);
  });

  it('orders by commit, then prepare', () => {
    const sorted = [
      { commit: 10n, prepare: 10n },
      { commit: 20n, prepare: 12n },
      { commit: 20n, prepare: 15n },
      { commit: 100n, prepare: 1n },
    ];
    const shuffled = [sorted[2], sorted[0], sorted[3], sorted[1]];
    expect([...shuffled].sort(comparePositions)).toEqual(sorted);
    expect(comparePositions({ commit: 5n, prepare: 5n }, { commit: 5n, prepare: 5n })).toBe(0);
  });

  it('needs the log position the server reports for an event', () => {
    expect(positionOf(storedEvent())).toEqual({ commit: 1200n, prepare: 1100n });
    expect(() => positionOf(storedEvent({ position: undefined }))).toThrow(/22\.6/);
    const none = 2n ** 64n - 1n;
    expect(() => positionOf(storedEvent({ position: { commit: none, prepare: none } }))).toThrow(/22\.6/);
  });
});

describe('expected revision', () => {
  it.each<[ExpectedRevision, number, boolean]>([
    ['any', -1, true],
    ['any', 7, true],
    ['no_stream', -1, true],
    ['no_stream', 0, false],
    ['stream_exists', -1, false],
    ['stream_exists', 0, true],
    [0, 0, true],
    [0, -1, false],
    [3, 4, false],
    [4, 4, true],
  ])('%j against a stream at %d: %s', (expected, actual, ok) => {
    expect(satisfies(expected, actual)).toBe(ok);
  });

  it('goes to the server as the exact revision the chain was computed from', () => {
    expect(exactExpectedRevision(-1)).toBe('no_stream');
    expect(exactExpectedRevision(0)).toBe(0n);
    expect(exactExpectedRevision(41)).toBe(41n);
  });

  it('comes back from the server with -1 for a missing stream', () => {
    expect(revisionFromClient('no_stream')).toBe(-1);
    expect(revisionFromClient(0n)).toBe(0);
    expect(revisionFromClient(12n)).toBe(12);
  });
});

describe('metadata', () => {
  const adapter = { schemaVersion: 2, recordedAt: '2024-05-06T07:08:09.123Z', hash: 'cd'.repeat(32) };

  it('keeps the user keys at the top and the adapter fields under one key', () => {
    const stored = composeMetadata({ correlationId: 'c', userId: 'u', extra: { a: [1] } }, adapter);
    expect(stored).toEqual({ correlationId: 'c', userId: 'u', extra: { a: [1] }, [ADAPTER_METADATA_KEY]: adapter });
    expect(splitMetadata(JSON.parse(JSON.stringify(stored)))).toEqual({
      user: { correlationId: 'c', userId: 'u', extra: { a: [1] } },
      adapter,
    });
  });

  it('refuses user metadata that uses the adapter key', () => {
    expect(() => composeMetadata({ [ADAPTER_METADATA_KEY]: 'mine' }, adapter)).toThrow(InvalidAppendError);
  });

  it('does not take metadata written by others for its own', () => {
    expect(splitMetadata(undefined)).toBeNull();
    expect(splitMetadata({ correlationId: 'c' })).toBeNull();
    expect(splitMetadata({ [ADAPTER_METADATA_KEY]: { schemaVersion: 'one', recordedAt: 'x', hash: 'y' } })).toBeNull();
    expect(splitMetadata(new Uint8Array([1, 2]))).toBeNull();
  });

  it('maps a stored event to the port envelope without the adapter keys', () => {
    expect(toRecorded(storedEvent())).toEqual({
      id: EVENT_ID,
      type: 'CaseOpened',
      schemaVersion: 2,
      streamId: 'case-1',
      revision: 3,
      position: '1200/1100',
      recordedAt: '2024-05-06T07:08:09.123Z',
      data: { referralId: 'r-1' },
      metadata: { correlationId: 'c-1', userId: 'user-1' },
      hash: 'ab'.repeat(32),
    });
  });

  it('leaves out system events, links, binary events and events without the envelope', () => {
    expect(toRecorded(storedEvent({ type: '$>' }))).toBeNull();
    expect(toRecorded(storedEvent({ type: '$hubline-event-id-claim' }))).toBeNull();
    expect(toRecorded(storedEvent({ isJson: false, data: new Uint8Array([1]) }))).toBeNull();
    expect(toRecorded(storedEvent({ data: [1, 2] }))).toBeNull();
    expect(toRecorded(storedEvent({ metadata: { correlationId: 'c' } }))).toBeNull();
  });
});
