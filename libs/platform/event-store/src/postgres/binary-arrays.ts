/**
 * One-dimensional PostgreSQL arrays in the binary wire format (what `array_send` writes and
 * `array_recv` reads), for query parameters. node-postgres sends a Buffer parameter as binary.
 *
 * The text format of an array quotes and backslash-escapes every element, which node-postgres
 * does with two regular-expression passes per element and the server undoes character by
 * character; JSON text is full of quotes. In binary each element is its length and its bytes: the
 * server still validates every element (UTF-8, JSON syntax, ...) with the type's receive function.
 *
 * Layout: dimensions (1), has-nulls flag (0), element type OID, length, lower bound (1), then per
 * element its byte length and bytes, all integers big-endian. Elements are never null here.
 */

const OID = { int4: 23, int8: 20, text: 25, json: 114, uuid: 2950 } as const;
const HEADER = 20;

function header(buf: Buffer, oid: number, count: number): number {
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(0, 4);
  buf.writeInt32BE(oid, 8);
  buf.writeInt32BE(count, 12);
  buf.writeInt32BE(1, 16);
  return HEADER;
}

function stringArray(oid: number, values: readonly string[]): Buffer {
  // At most 3 UTF-8 bytes per UTF-16 code unit; the unused tail is cut off.
  let max = HEADER;
  for (const v of values) max += 4 + 3 * v.length;
  const buf = Buffer.allocUnsafe(max);
  let at = header(buf, oid, values.length);
  for (const v of values) {
    const n = buf.write(v, at + 4, 'utf8');
    buf.writeInt32BE(n, at);
    at += 4 + n;
  }
  return buf.subarray(0, at);
}

/** `text[]`. */
export function textArray(values: readonly string[]): Buffer {
  return stringArray(OID.text, values);
}

/** `json[]`: each value is JSON text (the server checks its syntax and stores it as sent). */
export function jsonArray(values: readonly string[]): Buffer {
  return stringArray(OID.json, values);
}

/** `integer[]`. */
export function int4Array(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + 8 * values.length);
  let at = header(buf, OID.int4, values.length);
  for (const v of values) {
    buf.writeInt32BE(4, at);
    buf.writeInt32BE(v, at + 4);
    at += 8;
  }
  return buf;
}

/** `bigint[]` of safe integers. */
export function int8Array(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + 12 * values.length);
  let at = header(buf, OID.int8, values.length);
  for (const v of values) {
    buf.writeInt32BE(8, at);
    buf.writeBigInt64BE(BigInt(v), at + 4);
    at += 12;
  }
  return buf;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `uuid[]` of lower-case canonical UUIDs (as `validateAppend` returns them). */
export function uuidArray(values: readonly string[]): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + 20 * values.length);
  let at = header(buf, OID.uuid, values.length);
  for (const v of values) {
    if (!UUID.test(v)) throw new Error(`not a canonical UUID: ${v.slice(0, 40)}`);
    buf.writeInt32BE(16, at);
    buf.write(v.slice(0, 8), at + 4, 'hex');
    buf.write(v.slice(9, 13), at + 8, 'hex');
    buf.write(v.slice(14, 18), at + 10, 'hex');
    buf.write(v.slice(19, 23), at + 12, 'hex');
    buf.write(v.slice(24), at + 14, 'hex');
    at += 20;
  }
  return buf;
}
