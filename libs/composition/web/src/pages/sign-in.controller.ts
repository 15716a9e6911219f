import { Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { USER_DIRECTORY, type UserDirectory } from '@hubline/access';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { THURROCK } from '@hubline/demo';
import { PageNotFound, type WebRequest } from '../web-context';
import { ABSOLUTE_TIMEOUT_HOURS, IDLE_TIMEOUT_MINUTES, SESSION_COOKIE, WebSessions } from '../web-sessions';
import { Page, PagesController } from './page.decorators';
import { PageRenderer } from './page-renderer';
import { words } from './format';

/**
 * Signing in and out. In development (local tokens, not production) an officer signs in as one
 * of the demo partnership's registered users; in production that page does not exist (404) and
 * sign-in is OpenID Connect's, whose callback will start the same kind of session (decision 0027).
 */
@PagesController({ signedIn: false })
export class SignInController {
  constructor(
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    private readonly sessions: WebSessions,
    private readonly pages: PageRenderer,
  ) {}

  private get demoAllowed(): boolean {
    return this.config.env !== 'production' && this.config.auth.mode === 'local';
  }

  @Get('sign-in')
  @Page()
  async signIn(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    if (this.demoAllowed) {
      await reply.code(303).header('location', '/sign-in/demo').send();
      return;
    }
    await this.pages.send(request, reply, 'sign-in.njk');
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
    // A new token at each sign-in, and the old session ended: a session cannot be planted.
    await this.sessions.end(request.cookies[SESSION_COOKIE]);
    const token = await this.sessions.start(subject!);
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.env === 'production',
      maxAge: ABSOLUTE_TIMEOUT_HOURS * 3600,
    });
    await reply.code(303).header('location', '/').send();
  }

  @Post('sign-out')
  @Page()
  async signOut(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.sessions.end(request.cookies[SESSION_COOKIE]);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    await reply.code(303).header('location', '/signed-out').send();
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
