import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { readKeyFile, unusableKey, writeNewKeyFile } from '@hubline/errors';

export const LOCAL_ALGORITHM = 'ES256';

/** Where the embedded default keeps its token-signing key (private JWK, readable by its owner only). */
export function localSigningKeyFile(dataDir: string): string {
  return path.resolve(dataDir, 'keys', 'token-signing.jwk');
}

/**
 * The local key in a file, checked to be an ES256 private key that signs. A file that is not one
 * refuses the start, naming it: signing with it would fail on every sign-in instead.
 */
async function readLocalSigningKey(file: string): Promise<JWK> {
  const name = `the token signing key file ${file}`;
  const fix =
    'Restore it from a backup of the key directory, or delete it: a new key is then made, and the tokens signed with the old one stop working (users sign in again).';
  const text = readKeyFile(name, file, fix);
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') throw new Error('not a private JWK');
    await importJWK(jwk, LOCAL_ALGORITHM);
  } catch {
    // The parser's own message is left out: it can quote the file.
    throw unusableKey(name, `it does not hold an ${LOCAL_ALGORITHM} private key as a JSON Web Key`, fix);
  }
  return jwk;
}

/** Loads the local signing key, generating it on first start. */
export async function loadOrCreateLocalSigningKey(dataDir: string): Promise<JWK> {
  const file = localSigningKeyFile(dataDir);
  if (existsSync(file)) return readLocalSigningKey(file);
  const { privateKey } = await generateKeyPair(LOCAL_ALGORITHM, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: LOCAL_ALGORITHM, kid: randomUUID(), use: 'sig' };
  // Another process generated it first: use theirs.
  if (!writeNewKeyFile(`the token signing key file ${file}`, file, JSON.stringify(jwk)))
    return readLocalSigningKey(file);
  return jwk;
}

export function publicPart(jwk: JWK): JWK {
  const { d: _private, ...pub } = jwk;
  return pub;
}

export interface MintOptions {
  subject: string;
  issuer: string;
  audience: string;
  /** Lifetime in seconds (default one hour). */
  ttlSeconds?: number;
  now?: Date;
}

/** Signs a short-lived bearer token with the local key. */
export async function mintLocalToken(privateJwk: JWK, options: MintOptions): Promise<string> {
  const key = await importJWK(privateJwk, LOCAL_ALGORITHM);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: LOCAL_ALGORITHM, kid: privateJwk.kid, typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600))
    .setJti(randomUUID())
    .sign(key);
}
