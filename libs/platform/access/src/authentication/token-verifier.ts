import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { HublineConfig } from '@hubline/config';
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
      clockTolerance: 5,
    });
    return { subject: payload.sub!, claims: payload };
  }
}

/** The OpenID Connect issuer's published keys in production; the local key on the embedded default. */
export async function createTokenVerifier(config: HublineConfig): Promise<TokenVerifier> {
  const auth = config.auth;
  if (auth.mode === 'oidc') {
    return new JoseTokenVerifier(
      createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }),
      auth.issuer,
      auth.audience,
    );
  }
  const jwk = await loadOrCreateLocalSigningKey(config.dataDir);
  return new JoseTokenVerifier(createLocalJWKSet({ keys: [publicPart(jwk)] }), auth.issuer, auth.audience);
}
