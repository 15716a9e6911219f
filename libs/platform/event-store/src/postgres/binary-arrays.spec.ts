import { int4Array, int8Array, jsonArray, textArray, uuidArray } from './binary-arrays';

/** Reads back what `array_recv` would: element type and each element's bytes. */
function decode(buf: Buffer): { oid: number; elements: Buffer[] } {
  expect(buf.readInt32BE(0)).toBe(1);
  expect(buf.readInt32BE(4)).toBe(0);
  const count = buf.readInt32BE(12);
  expect(buf.readInt32BE(16)).toBe(1);
  const elements: Buffer[] = [];
  let at = 20;
  for (let i = 0; i < count; i++) {
    const n = buf.readInt32BE(at);
    elements.push(buf.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  expect(at).toBe(buf.length);
  return { oid: buf.readInt32BE(8), elements };
}

describe('binary array parameters', () => {
  it('writes text as UTF-8 with byte lengths, whatever the characters', () => {
    const values = ['plain', '', 'quote " backslash \\ brace {}', 'emoji 🚓 and é', 'x'.repeat(5000)];
    const { oid, elements } = decode(textArray(values));
    expect(oid).toBe(25);
    expect(elements.map((e) => e.toString('utf8'))).toEqual(values);
    expect(decode(jsonArray(['{"a":"🚓"}'])).oid).toBe(114);
  });

  it('writes integers big-endian in 4 and 8 bytes', () => {
    const ints = decode(int4Array([1, -1, 32767, 2 ** 31 - 1]));
    expect(ints.oid).toBe(23);
    expect(ints.elements.map((e) => e.readInt32BE(0))).toEqual([1, -1, 32767, 2 ** 31 - 1]);
    const longs = decode(int8Array([-3, 0, Number.MAX_SAFE_INTEGER]));
    expect(longs.oid).toBe(20);
    expect(longs.elements.map((e) => Number(e.readBigInt64BE(0)))).toEqual([-3, 0, Number.MAX_SAFE_INTEGER]);
  });

  it('writes UUIDs as their 16 bytes and refuses anything else', () => {
    const id = '0123abcd-4567-89ef-0123-456789abcdef';
    const { oid, elements } = decode(uuidArray([id]));
    expect(oid).toBe(2950);
    expect(elements[0].toString('hex')).toBe(id.replace(/-/g, ''));
    expect(() => uuidArray(['0123ABCD-4567-89ef-0123-456789abcdef'])).toThrow();
    expect(() => uuidArray(['not-a-uuid'])).toThrow();
  });
});
