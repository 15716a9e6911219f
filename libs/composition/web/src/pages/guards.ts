import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, USER_DIRECTORY, type Actor, type Role, type UserDirectory } from '@hubline/access';
import { oncePerRequest } from '@hubline/http';
import { LocalApiCredentials } from '../hub-api';
import { OpenIdSignIn } from '../openid-sign-in';
import { FormTokenRefused, NoAccess, SignInRequired, type WebRequest } from '../web-context';
import { SESSION_COOKIE, WebSessions, type ProviderTokens } from '../web-sessions';

/** An access token this close to its expiry is refreshed before the page calls the API with it. */
const REFRESH_MARGIN_MS = 30_000;

const PAGE_ROLES = 'hubline:page-roles';

/** The roles that may open a page (any signed-in officer when absent). */
export const PageRoles = (...roles: Role[]) => SetMetadata(PAGE_ROLES, roles);

/**
 * A page needs a live session of a registered, active partnership user, looked up again on each
 * request (a deactivated user's session stops at once). The page's roles are then checked: the
 * wrong role gets the no-access page, never data. A session begun with OpenID Connect hands the
 * provider's access token to the API credentials, refreshed when nearly spent; one the provider
 * will not refresh is over.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(
    private readonly sessions: WebSessions,
    private readonly reflector: Reflector,
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    private readonly credentials: LocalApiCredentials,
    private readonly openId: OpenIdSignIn,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebRequest>();
    const token = request.cookies[SESSION_COOKIE];
    const session = await this.sessions.open(token);
    if (!session || !token) throw new SignInRequired();
    const subject = session.subject;
    // With an OpenID provider, the pages can only call the API with the provider's access token.
    let provider: ProviderTokens | null | undefined = session.provider;
    if (this.openId.enabled && provider && provider.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
      provider = await this.openId.refresh(provider);
      if (provider) await this.sessions.renew(token, provider);
    }
    if (this.openId.enabled && !provider) {
      await this.sessions.end(token);
      throw new SignInRequired();
    }
    // Found once for the page and the API calls it makes in process (`oncePerRequest`).
    const user = await oncePerRequest(`user:${subject}`, () => this.directory.findBySubject(subject));
    if (!user || !user.active || 'platformAdminId' in user) {
      await this.sessions.end(token);
      throw new SignInRequired();
    }
    const actor: Actor = {
      userId: user.userId,
      subject: user.subject,
      displayName: user.displayName,
      partnershipId: user.partnershipId,
      agencyId: user.agencyId,
      roles: user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    };
    if (provider) this.credentials.useProviderToken(actor, provider.accessToken);
    request.signedIn = { actor, token, ...(provider?.idToken ? { idToken: provider.idToken } : {}) };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(PAGE_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.some((r) => actor.roles.includes(r))) throw new NoAccess();
    return true;
  }
}

/** Every form sent to a page carries the token of a page this server gave out (CSRF). */
@Injectable()
export class FormTokenGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { server: FastifyInstance }>();
    if (request.method === 'GET' || request.method === 'HEAD') return true;
    const protect = (
      request.server as FastifyInstance & {
        csrfProtection: (req: FastifyRequest, reply: FastifyReply, next: () => void) => void;
      }
    ).csrfProtection;
    // The plugin answers a refusal through reply.send; here a refusal is the page's own error.
    await new Promise<void>((resolve, reject) => {
      const reply = { send: () => reject(new FormTokenRefused()) } as unknown as FastifyReply;
      protect(request, reply, resolve);
    });
    return true;
  }
}
