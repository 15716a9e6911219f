import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { HublineConfig } from '@hubline/config';
import { StartUpRefusedError } from '@hubline/errors';
import { LOCAL_ALGORITHM, loadOrCreateLocalSigningKey, publicPart } from './local-signing-key';

/** Asymmetric algorithms only: `none` and shared-secret algorithms are never accepted. */
const ACCEPTED_ALGORITHMS = [LOCAL_ALGORITHM, 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

export interface VerifiedToken {
  subject: string;
  claims: JWTPayload;
}

export interface TokenVerifier {
  /** Throws on any problem with the token. */
  verify(token: string): Promise<VerifiedToken>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Clock skew allowed on `exp` and `iat`. */
const CLOCK_TOLERANCE_MS = 5_000;

class JoseTokenVerifier implements TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: this.issuer,
      audience: this.audience,
      algorithms: ACCEPTED_ALGORITHMS,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: CLOCK_TOLERANCE_MS / 1000,
    });
    return { subject: payload.sub!, claims: payload };
  }
}

export interface VerifiedTokenCacheOptions {
  /** Tokens remembered at once; the oldest is forgotten first (default 10,000). */
  maxEntries?: number;
  /** Longest a verification is trusted again, whatever the token's own expiry (default 5 minutes). */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Remembers the tokens already verified, so a caller's next requests with the same token skip the
 * signature check (an ECDSA or RSA verification, the costliest step of a small read). A token is
 * trusted again only while it would still pass: until its `exp` (with the same tolerance), and at
 * most `maxAgeMs` after it was checked, so a key withdrawn from the issuer's key set stops being
 * honoured within that time. Only successful verifications are kept, by the token's whole text:
 * a changed byte is another token and is checked afresh. Whether the user is registered and active
 * is looked up on every request by the guard, not here.
 */
export class CachingTokenVerifier implements TokenVerifier {
  private readonly verified = new Map<string, { token: VerifiedToken; trustedUntil: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: TokenVerifier,
    options: VerifiedTokenCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const now = this.now();
    const known = this.verified.get(token);
    if (known) {
      if (now < known.trustedUntil) return known.token;
      this.verified.delete(token);
    }
    const verified = await this.inner.verify(token);
    const exp = typeof verified.claims.exp === 'number' ? verified.claims.exp * 1000 + CLOCK_TOLERANCE_MS : now;
    const trustedUntil = Math.min(exp, now + this.maxAgeMs);
    if (trustedUntil > now) {
      if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { token: verified, trustedUntil });
    }
    return verified;
  }
}

/**
 * Stands in for the verifier when the local key cannot be used; `TokenKeyStartUpCheck` stops the
 * start with its refusal at initialisation (a provider factory's error would be logged with a stack).
 */
export class RefusedTokenVerifier implements TokenVerifier {
  constructor(readonly refusal: StartUpRefusedError) {}

  verify(): Promise<VerifiedToken> {
    return Promise.reject(this.refusal);
  }
}

/** Refuses to start when the token signing key cannot be used, naming it and what to do. */
@Injectable()
export class TokenKeyStartUpCheck implements OnModuleInit {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  onModuleInit(): void {
    if (this.verifier instanceof RefusedTokenVerifier) throw this.verifier.refusal;
  }
}

/** The OpenID Connect issuer's published keys in production; the local key on the embedded default. */
export async function createTokenVerifier(config: HublineConfig): Promise<TokenVerifier> {
  const auth = config.auth;
  if (auth.mode === 'oidc') {
    return new CachingTokenVerifier(
      new JoseTokenVerifier(
        createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }),
        auth.issuer,
        auth.audience,
      ),
    );
  }
  let jwk: JWK;
  try {
    jwk = await loadOrCreateLocalSigningKey(config.dataDir);
  } catch (error) {
    if (error instanceof StartUpRefusedError) return new RefusedTokenVerifier(error);
    throw error;
  }
  return new CachingTokenVerifier(
    new JoseTokenVerifier(createLocalJWKSet({ keys: [publicPart(jwk)] }), auth.issuer, auth.audience),
  );
}
