import { Get, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TOKEN_VERIFIER, USER_DIRECTORY, type TokenVerifier, type UserDirectory } from '@hubline/access';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { THURROCK } from '@hubline/demo';
import {
  OpenIdSignIn,
  SIGN_IN_ATTEMPT_COOKIE,
  SIGN_IN_ATTEMPT_MINUTES,
  SignInNotCompleted,
  type SignedInIdentity,
} from '../openid-sign-in';
import { PageNotFound, type WebRequest } from '../web-context';
import {
  ABSOLUTE_TIMEOUT_HOURS,
  IDLE_TIMEOUT_MINUTES,
  SESSION_COOKIE,
  WebSessions,
  type ProviderTokens,
} from '../web-sessions';
import { Page, PagesController } from './page.decorators';
import { PageRenderer } from './page-renderer';
import { words } from './format';

/**
 * Signing in and out. In development (local tokens, not production) an officer signs in as one
 * of the demo partnership's registered users; in production that page does not exist (404) and
 * sign-in is OpenID Connect's (authorization code with PKCE, state and nonce), whose callback
 * matches the provider's subject to a registered user as the API's guard does and starts the
 * same kind of session (decision 0027).
 */
@PagesController({ signedIn: false })
export class SignInController {
  private readonly logger = new Logger('WebSignIn');

  constructor(
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly sessions: WebSessions,
    private readonly openId: OpenIdSignIn,
    private readonly pages: PageRenderer,
  ) {}

  private get demoAllowed(): boolean {
    return this.config.env !== 'production' && this.config.auth.mode === 'local';
  }

  private get secure(): boolean {
    return this.config.env === 'production';
  }

  @Get('sign-in')
  @Page()
  async signIn(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    if (this.demoAllowed) {
      await reply.code(303).header('location', '/sign-in/demo').send();
      return;
    }
    await this.pages.send(request, reply, 'sign-in.njk', { openId: this.openId.enabled });
  }

  /** Sends the officer to the provider, keeping the attempt's state, nonce and PKCE verifier in a cookie. */
  @Get('sign-in/start')
  @Page()
  async start(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.openId.enabled) throw new PageNotFound();
    let begun;
    try {
      begun = await this.openId.begin();
    } catch (error) {
      this.logger.error(`the OpenID Connect provider cannot be reached: ${(error as Error).message}`);
      await this.pages.send(request, reply, 'sign-in-failed.njk', { unavailable: true }, 503);
      return;
    }
    void reply.setCookie(SIGN_IN_ATTEMPT_COOKIE, begun.attempt, {
      path: '/sign-in',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      maxAge: SIGN_IN_ATTEMPT_MINUTES * 60,
    });
    await reply.code(303).header('location', begun.url).header('cache-control', 'no-store').send();
  }

  /**
   * The provider's answer. The attempt is used once (its cookie cleared whatever happens); the
   * provider's tokens are checked, the access token must be one the API accepts for the same
   * subject, and that subject must be a registered, active partnership user whose agency agrees
   * with the token's claim when one is configured (as the API's guard checks). Only then does a
   * session start, with a new token.
   */
  @Get('sign-in/callback')
  @Page()
  async callback(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.openId.enabled) throw new PageNotFound();
    void reply.clearCookie(SIGN_IN_ATTEMPT_COOKIE, { path: '/sign-in' });
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let identity: SignedInIdentity;
    try {
      identity = await this.openId.finish(query, request.cookies[SIGN_IN_ATTEMPT_COOKIE]);
    } catch (error) {
      if (!(error instanceof SignInNotCompleted)) throw error;
      await this.pages.send(request, reply, 'sign-in-failed.njk', {}, 400);
      return;
    }
    if (!(await this.registered(identity))) {
      // The subject is not logged (it may be personal data); the request id ties this to the provider's records.
      this.logger.warn(`sign-in refused: the provider's subject is not an active user of a partnership here`);
      await this.pages.send(request, reply, 'sign-in-failed.njk', { notRegistered: true }, 403);
      return;
    }
    await this.startSession(request, reply, identity.subject, identity.tokens);
  }

  /** The API's own check of the access token and the registry, as its guard makes it. */
  private async registered(identity: SignedInIdentity): Promise<boolean> {
    let verified;
    try {
      verified = await this.verifier.verify(identity.tokens.accessToken);
    } catch {
      return false;
    }
    if (verified.subject !== identity.subject) return false;
    const user = await this.directory.findBySubject(identity.subject);
    if (!user || !user.active || 'platformAdminId' in user) return false;
    const auth = this.config.auth;
    return !(auth.mode === 'oidc' && auth.agencyClaim && verified.claims[auth.agencyClaim] !== user.agencyId);
  }

  private async startSession(
    request: WebRequest,
    reply: FastifyReply,
    subject: string,
    provider?: ProviderTokens,
  ): Promise<void> {
    // A new token at each sign-in, and the old session ended: a session cannot be planted.
    await this.sessions.end(request.cookies[SESSION_COOKIE]);
    const token = await this.sessions.start(subject, new Date(), provider);
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      maxAge: ABSOLUTE_TIMEOUT_HOURS * 3600,
    });
    await reply.code(303).header('location', '/').header('cache-control', 'no-store').send();
  }

  @Get('sign-in/demo')
  @Page()
  async demo(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.demoAllowed) throw new PageNotFound();
    await this.pages.send(request, reply, 'sign-in-demo.njk', { users: await this.demoUsers() });
  }

  @Post('sign-in/demo')
  @Page()
  async demoSignIn(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.demoAllowed) throw new PageNotFound();
    const subject = (request.body as Record<string, string> | undefined)?.subject;
    const users = await this.demoUsers();
    if (!users.some((u) => u.subject === subject)) {
      await this.pages.send(
        request,
        reply,
        'sign-in-demo.njk',
        { users, errors: [{ text: 'Select the demo user to sign in as', href: '#subject' }] },
        400,
      );
      return;
    }
    await this.startSession(request, reply, subject!);
  }

  /** Ends the session here, then at the provider when it offers RP-initiated logout. */
  @Post('sign-out')
  @Page()
  async signOut(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    const session = this.openId.enabled ? await this.sessions.open(token) : null;
    await this.sessions.end(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    const auth = this.config.auth;
    const atProvider =
      session && auth.mode === 'oidc' && auth.web
        ? await this.openId.endSessionUrl(session.provider?.idToken, new URL('/signed-out', auth.web.redirectUrl).href)
        : null;
    await reply
      .code(303)
      .header('location', atProvider ?? '/signed-out')
      .send();
  }

  @Get('signed-out')
  @Page()
  async signedOut(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.send(request, reply, 'signed-out.njk', { idleMinutes: IDLE_TIMEOUT_MINUTES });
  }

  /** The demo partnership's users that are registered and active here, with their agency and roles. */
  private async demoUsers() {
    const agencies = new Map(THURROCK.agencies.map((a) => [a.key, a.name]));
    const users = [];
    for (const spec of THURROCK.users) {
      const user = await this.directory.findBySubject(spec.subject);
      if (!user || !user.active || 'platformAdminId' in user) continue;
      users.push({
        subject: user.subject,
        displayName: user.displayName,
        agency: agencies.get(spec.agency) ?? '',
        roles: user.roles.map(words).join(', '),
      });
    }
    return users;
  }
}
