import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256-GCM ciphertext in JSON-safe form, as stored inside events and read models. */
export interface Sealed {
  v: 1;
  iv: string;
  ct: string;
  tag: string;
}

export function isSealed(value: unknown): value is Sealed {
  const s = value as Sealed;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.v === 1 &&
    typeof s.iv === 'string' &&
    typeof s.ct === 'string' &&
    typeof s.tag === 'string'
  );
}

/** Encrypts with a 256-bit key; `context` (e.g. the person id) is bound as associated data. */
export function seal(key: Buffer, plaintext: Buffer, context: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Throws if the key, the context or any byte is wrong. */
export function unseal(key: Buffer, sealed: Sealed, context: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
}

export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `hubline/${purpose}`, 32));
}

export function hmacHex(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}
