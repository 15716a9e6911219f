import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { loadConfig } from '@hubline/config';
import { loadOrCreateLocalSigningKey, LOCAL_ALGORITHM } from './local-signing-key';
import { CachingTokenVerifier, createTokenVerifier, type TokenVerifier } from './token-verifier';

const ISSUER = 'urn:hubline:local';
const AUDIENCE = 'hubline';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token as the test wants it: every standard claim present unless the case removes or changes it. */
interface TokenSpec {
  key: CryptoKey | Uint8Array;
  alg: string;
  kid?: string;
  claims?: JWTPayload;
  sub?: string | null;
  iss?: string;
  aud?: string;
  iat?: number | null;
  exp?: number | null;
}

async function sign(spec: TokenSpec): Promise<string> {
  const jwt = new SignJWT(spec.claims ?? {}).setProtectedHeader({
    alg: spec.alg,
    ...(spec.kid ? { kid: spec.kid } : {}),
    typ: 'JWT',
  });
  if (spec.sub !== null) jwt.setSubject(spec.sub ?? 'pc.okafor@essex-police.demo');
  jwt.setIssuer(spec.iss ?? ISSUER).setAudience(spec.aud ?? AUDIENCE);
  if (spec.iat !== null) jwt.setIssuedAt(spec.iat ?? nowSeconds());
  if (spec.exp !== null) jwt.setExpirationTime(spec.exp ?? nowSeconds() + 600);
  return jwt.sign(spec.key);
}

/** An unsigned token (`alg: none`), built by hand as no honest library signs one. */
const unsecured = (payload: JWTPayload) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

describe('token verification with the local signing key', () => {
  let verifier: TokenVerifier;
  let localJwk: JWK;
  let localKey: CryptoKey | Uint8Array;
  const local = (overrides: Partial<TokenSpec> = {}) =>
    sign({ key: localKey, alg: LOCAL_ALGORITHM, kid: localJwk.kid, ...overrides });

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-verifier-'));
    verifier = await createTokenVerifier(loadConfig({ HUBLINE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    localJwk = await loadOrCreateLocalSigningKey(dataDir);
    localKey = await importJWK(localJwk, LOCAL_ALGORITHM);
  });

  it('accepts a well-formed token and returns its subject and claims', async () => {
    const verified = await verifier.verify(await local({ claims: { hubline_agency: 'police' } }));
    expect(verified).toMatchObject({
      subject: 'pc.okafor@essex-police.demo',
      claims: { iss: ISSUER, aud: AUDIENCE, hubline_agency: 'police' },
    });
  });

  it('tolerates a few seconds of clock skew, no more', async () => {
    await expect(verifier.verify(await local({ exp: nowSeconds() - 2 }))).resolves.toMatchObject({
      subject: 'pc.okafor@essex-police.demo',
    });
    await expect(verifier.verify(await local({ exp: nowSeconds() - 30 }))).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it.each<[string, Partial<TokenSpec>, string]>([
    ['expired an hour ago', { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, 'ERR_JWT_EXPIRED'],
    ['from another issuer', { iss: 'https://idp.elsewhere.test' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['meant for another service', { aud: 'another-service' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without a subject', { sub: null }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without an expiry', { exp: null }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without an issued-at time', { iat: null }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['not yet valid', { claims: { nbf: nowSeconds() + 600 } }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
  ])('refuses a token %s', async (_case, overrides, code) => {
    await expect(verifier.verify(await local(overrides))).rejects.toMatchObject({ code });
  });

  it('refuses a token signed by any other key, even one of the same algorithm and key id', async () => {
    const { privateKey } = await generateKeyPair(LOCAL_ALGORITHM);
    await expect(
      verifier.verify(await sign({ key: privateKey, alg: LOCAL_ALGORITHM, kid: localJwk.kid })),
    ).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await local()).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        sub: 'lag.chair@thurrock.demo',
        iss: ISSUER,
        aud: AUDIENCE,
        iat: nowSeconds(),
        exp: nowSeconds() + 600,
      }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('refuses an unsigned token and text that is not a token', async () => {
    await expect(
      verifier.verify(unsecured({ sub: 'x', iss: ISSUER, aud: AUDIENCE, iat: nowSeconds(), exp: nowSeconds() + 600 })),
    ).rejects.toThrow();
    await expect(verifier.verify('not-a-token')).rejects.toMatchObject({ code: 'ERR_JWS_INVALID' });
  });

  it.each(['HS256', 'HS384', 'HS512'])('refuses a shared-secret %s token before looking for a key', async (alg) => {
    // The public key's own bytes as the secret: the classic confusion attack on verifiers that trust the header's alg.
    const secret = new TextEncoder().encode(
      JSON.stringify({ kty: localJwk.kty, crv: localJwk.crv, x: localJwk.x, y: localJwk.y }),
    );
    await expect(verifier.verify(await sign({ key: secret, alg, kid: localJwk.kid }))).rejects.toMatchObject({
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    });
  });
});

/**
 * Production: the keys an OpenID Connect issuer publishes. The issuer is the one thing here the
 * project does not own, so it is a JWKS endpoint on loopback, publishing an RSA key and (wrongly)
 * a shared secret beside it.
 */
describe('token verification against an OpenID Connect issuer', () => {
  const issuer = 'https://idp.thurrock.test';
  const audience = 'hubline-api';
  const secret = new TextEncoder().encode('a-shared-secret-the-issuer-should-never-publish-0123456789');
  let idp: Server;
  let verifier: TokenVerifier;
  let issuerKey: CryptoKey;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    issuerKey = privateKey;
    const jwks = {
      keys: [
        { ...(await exportJWK(publicKey)), kid: 'idp-rsa', alg: 'RS256', use: 'sig' },
        { kty: 'oct', k: Buffer.from(secret).toString('base64url'), kid: 'idp-secret', alg: 'HS256', use: 'sig' },
      ],
    };
    idp = createServer((req, res) => {
      if (req.url !== '/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    verifier = await createTokenVerifier(
      loadConfig({
        LOG_LEVEL: 'silent',
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: audience,
      }),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => idp?.close(resolve));
  });

  it("accepts the issuer's RS256 token for this audience", async () => {
    await expect(
      verifier.verify(await sign({ key: issuerKey, alg: 'RS256', kid: 'idp-rsa', iss: issuer, aud: audience })),
    ).resolves.toMatchObject({
      subject: 'pc.okafor@essex-police.demo',
    });
  });

  it('refuses an HS256 token even when the issuer publishes the secret it was signed with', async () => {
    await expect(
      verifier.verify(await sign({ key: secret, alg: 'HS256', kid: 'idp-secret', iss: issuer, aud: audience })),
    ).rejects.toMatchObject({
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    });
  });

  it.each<[string, Partial<TokenSpec>]>([
    ['the local issuer name', { iss: ISSUER }],
    ['the local audience', { aud: AUDIENCE }],
    ['an unknown key id', { kid: 'idp-rotated-away' }],
  ])("refuses the issuer's key used with %s", async (_case, overrides) => {
    await expect(
      verifier.verify(
        await sign({ key: issuerKey, alg: 'RS256', kid: 'idp-rsa', iss: issuer, aud: audience, ...overrides }),
      ),
    ).rejects.toThrow();
  });
});

describe('remembering verified tokens', () => {
  /** A verifier that counts its calls and accepts any token whose text starts with "good". */
  function counting(exp: number) {
    const calls: string[] = [];
    const inner: TokenVerifier = {
      async verify(token) {
        calls.push(token);
        if (!token.startsWith('good')) throw new Error('bad signature');
        return { subject: `subject of ${token}`, claims: { sub: `subject of ${token}`, exp } };
      },
    };
    return { inner, calls };
  }

  it('checks a token once while it is valid, and every other token on its own', async () => {
    let now = 1_000_000_000_000;
    const { inner, calls } = counting(now / 1000 + 60);
    const verifier = new CachingTokenVerifier(inner, { now: () => now });
    expect((await verifier.verify('good-a')).subject).toBe('subject of good-a');
    now += 30_000;
    expect((await verifier.verify('good-a')).subject).toBe('subject of good-a');
    expect((await verifier.verify('good-b')).subject).toBe('subject of good-b');
    expect(calls).toEqual(['good-a', 'good-b']);
  });

  it('checks it again once it has expired, beyond the clock tolerance', async () => {
    let now = 1_000_000_000_000;
    const { inner, calls } = counting(now / 1000 + 60);
    const verifier = new CachingTokenVerifier(inner, { now: () => now });
    await verifier.verify('good-a');
    now += 64_000; // within exp + 5 s
    await verifier.verify('good-a');
    now += 2_000; // past it: the inner verifier decides (and would refuse a real expired token)
    await verifier.verify('good-a');
    expect(calls).toEqual(['good-a', 'good-a']);
  });

  it('trusts a verification no longer than its maximum age, whatever the expiry', async () => {
    let now = 1_000_000_000_000;
    const { inner, calls } = counting(now / 1000 + 3600);
    const verifier = new CachingTokenVerifier(inner, { now: () => now, maxAgeMs: 10_000 });
    await verifier.verify('good-a');
    now += 9_000;
    await verifier.verify('good-a');
    now += 2_000;
    await verifier.verify('good-a');
    expect(calls).toEqual(['good-a', 'good-a']);
  });

  it('never remembers a refusal', async () => {
    const { inner, calls } = counting(Date.now() / 1000 + 60);
    const verifier = new CachingTokenVerifier(inner);
    await expect(verifier.verify('forged')).rejects.toThrow('bad signature');
    await expect(verifier.verify('forged')).rejects.toThrow('bad signature');
    expect(calls).toEqual(['forged', 'forged']);
  });

  it('forgets the oldest token when full', async () => {
    const { inner, calls } = counting(Date.now() / 1000 + 60);
    const verifier = new CachingTokenVerifier(inner, { maxEntries: 2 });
    for (const token of ['good-a', 'good-b', 'good-c', 'good-c', 'good-b', 'good-a']) await verifier.verify(token);
    expect(calls).toEqual(['good-a', 'good-b', 'good-c', 'good-a']);
  });

  it('is what the service verifies with: a real token is checked once and an expired one refused', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-verifier-'));
    const verifier = await createTokenVerifier(loadConfig({ HUBLINE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    expect(verifier).toBeInstanceOf(CachingTokenVerifier);
    const jwk = await loadOrCreateLocalSigningKey(dataDir);
    const key = await importJWK(jwk, LOCAL_ALGORITHM);
    const token = await sign({ key, alg: LOCAL_ALGORITHM, kid: jwk.kid });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'pc.okafor@essex-police.demo' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'pc.okafor@essex-police.demo' });
    const expired = await sign({ key, alg: LOCAL_ALGORITHM, kid: jwk.kid, exp: nowSeconds() - 30 });
    await expect(verifier.verify(expired)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });
});
