import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import type { ProviderTokens } from './web-sessions';

/** The cookie that carries one sign-in attempt's state, nonce and PKCE verifier to the callback. */
export const SIGN_IN_ATTEMPT_COOKIE = 'hubline_sign_in';
/** An attempt not finished within this time is over: the officer starts again. */
export const SIGN_IN_ATTEMPT_MINUTES = 10;

/** A sign-in the provider's answer did not complete (a tampered or replayed answer, a refusal, an error). */
export class SignInNotCompleted extends Error {}

/** What the callback learnt: the verified subject, its claims, and the provider's tokens. */
export interface SignedInIdentity {
  subject: string;
  claims: Record<string, unknown>;
  tokens: ProviderTokens;
}

const ATTEMPT = /^([A-Za-z0-9_-]{22,128})\.([A-Za-z0-9_-]{22,128})\.([A-Za-z0-9_-]{43,128})$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Sign-in with the partnership's OpenID Connect provider (decision 0027): the authorization code
 * flow with PKCE (S256), state and nonce, through `openid-client`. The provider is the one whose
 * tokens the API verifies (`AUTH_ISSUER`); the hub is its client `OIDC_CLIENT_ID`. The access token
 * is asked for the API (`resource` = `AUTH_AUDIENCE` when that is an absolute URI), so the pages
 * call the API with exactly what the provider issued.
 */
@Injectable()
export class OpenIdSignIn {
  private readonly logger = new Logger(OpenIdSignIn.name);
  private configuration?: Promise<oidc.Configuration>;

  constructor(@Inject(HUBLINE_CONFIG) private readonly config: HublineConfig) {}

  /** Whether this hub signs officers in with OpenID Connect. */
  get enabled(): boolean {
    return this.config.auth.mode === 'oidc' && this.config.auth.web !== undefined;
  }

  private get settings() {
    const auth = this.config.auth;
    if (auth.mode !== 'oidc' || !auth.web) throw new Error('OpenID Connect sign-in is not configured');
    return { ...auth.web, issuer: auth.issuer, audience: auth.audience };
  }

  /** The API's audience as a resource indicator (RFC 8707), which must be an absolute URI. */
  private get resource(): Record<string, string> {
    const audience = this.settings.audience;
    return /^(https?|urn):/.test(audience) ? { resource: audience } : {};
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private discover(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret } = this.settings;
      const url = new URL(issuer);
      // Plain HTTP only to a provider on this machine, outside production (a test's provider).
      const insecure = this.config.env !== 'production' && url.protocol === 'http:' && LOOPBACK.has(url.hostname);
      this.configuration = oidc
        .discovery(
          url,
          clientId,
          undefined,
          clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(),
          insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
        )
        .catch((error: unknown) => {
          this.configuration = undefined;
          throw error;
        });
    }
    return this.configuration;
  }

  /** Where to send the officer, and the attempt to keep in a cookie until the callback. */
  async begin(): Promise<{ url: string; attempt: string }> {
    const configuration = await this.discover();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl,
      scope: 'openid',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...this.resource,
    });
    return { url: url.href, attempt: `${state}.${nonce}.${verifier}` };
  }

  /**
   * Completes the attempt with the provider's answer (the callback's query): the state must be the
   * attempt's, the code is exchanged with the PKCE verifier, and the ID token's signature, issuer,
   * audience, expiry and nonce are checked. Any failure is SignInNotCompleted.
   */
  async finish(query: string, attempt: string | undefined): Promise<SignedInIdentity> {
    const parts = attempt ? ATTEMPT.exec(attempt) : null;
    if (!parts) throw new SignInNotCompleted('no sign-in attempt in progress in this browser');
    const [, state, nonce, verifier] = parts;
    const configuration = await this.discover();
    // The address the provider answered to is the registered one, never the request's Host header.
    const current = new URL(this.settings.redirectUrl);
    current.search = query;
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(
        configuration,
        current,
        { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
        this.resource,
      );
    } catch (error) {
      this.logger.warn(`sign-in not completed: ${(error as Error).message}`);
      throw new SignInNotCompleted((error as Error).message);
    }
    const claims = tokens.claims();
    if (!claims?.sub) throw new SignInNotCompleted('the provider gave no ID token subject');
    return {
      subject: claims.sub,
      claims: claims as Record<string, unknown>,
      tokens: this.providerTokens(tokens),
    };
  }

  /** New tokens for a session whose access token is (nearly) spent; null when the provider refuses. */
  async refresh(tokens: ProviderTokens): Promise<ProviderTokens | null> {
    if (!tokens.refreshToken) return null;
    try {
      const answer = await oidc.refreshTokenGrant(await this.discover(), tokens.refreshToken, this.resource);
      return { ...this.providerTokens(answer), idToken: answer.id_token ?? tokens.idToken };
    } catch (error) {
      this.logger.warn(`the provider refused to refresh a session: ${(error as Error).message}`);
      return null;
    }
  }

  /** The provider's sign-out address (RP-initiated logout), when it offers one. */
  async endSessionUrl(idToken: string | undefined, fallback: string): Promise<string | null> {
    let configuration;
    try {
      configuration = await this.discover();
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const settings = this.settings;
    return oidc.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: settings.postLogoutRedirectUrl ?? fallback,
      client_id: settings.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  private providerTokens(answer: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): ProviderTokens {
    const seconds = answer.expiresIn() ?? 300;
    return {
      accessToken: answer.access_token,
      expiresAt: Date.now() + seconds * 1000,
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
      ...(answer.id_token ? { idToken: answer.id_token } : {}),
    };
  }
}
