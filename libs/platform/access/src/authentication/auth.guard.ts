import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { JWTPayload } from 'jose';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { oncePerRequest } from '@hubline/http';
import { NotAuthenticatedError, RoleRequiredError, RouteWithoutRolesError } from '../access-errors';
import { PUBLIC_KEY, ROLES_KEY } from '../decorators';
import { PLATFORM_ADMIN, ROLES, type Actor, type PlatformActor, type Role, type RouteRole } from '../roles';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';
import { USER_DIRECTORY, type UserDirectory } from './user-directory';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  platformActor?: PlatformActor;
}

const INVALID = 'The token is not valid (expired, wrongly signed, or not meant for this service).';

/**
 * Deny by default: a route is callable only if it is @Public, or states its @Roles and the caller
 * presents a valid bearer token of a registered, active user holding one of those roles. A
 * platform administrator holds only `platform_admin`, so every partnership route refuses them;
 * they are never set as the request's partnership actor.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<RouteRole[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0)
      throw new RouteWithoutRolesError('This route states no roles, so nobody may call it.');

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = await this.authenticate(request.headers.authorization);
    if (caller.kind === 'platform') request.platformActor = caller.actor;
    else request.actor = caller.actor;
    if (!roles.some((r) => caller.roles.includes(r))) throw new RoleRequiredError(roles);
    return true;
  }

  private async authenticate(
    header: string | string[] | undefined,
  ): Promise<
    | { kind: 'partnership'; actor: Actor; roles: RouteRole[] }
    | { kind: 'platform'; actor: PlatformActor; roles: RouteRole[] }
  > {
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(value) : null;
    if (!match) throw new NotAuthenticatedError('Send a bearer token in the Authorization header.');
    let verified;
    try {
      verified = await this.verifier.verify(match[1]);
    } catch {
      // One answer for every token problem, so a caller learns nothing about which check failed.
      throw new NotAuthenticatedError(INVALID);
    }
    // Once per request from a client: a page's calls into the API in process share its look-up.
    const user = await oncePerRequest(`user:${verified.subject}`, () => this.directory.findBySubject(verified.subject));
    if (!user || !user.active) throw new NotAuthenticatedError(INVALID);

    if ('platformAdminId' in user) {
      // No agency: a token that names one disagrees with the registry.
      if (
        this.config.auth.mode === 'oidc' &&
        this.config.auth.agencyClaim &&
        verified.claims[this.config.auth.agencyClaim] !== undefined
      )
        throw new NotAuthenticatedError(INVALID);
      const actor: PlatformActor = {
        platformAdminId: user.platformAdminId,
        subject: user.subject,
        displayName: user.displayName,
      };
      return { kind: 'platform', actor, roles: this.narrowedByClaim([PLATFORM_ADMIN], verified.claims) };
    }

    const roles = user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    const auth = this.config.auth;
    // The registry is authoritative; claims, when configured, must agree with it and can only narrow roles.
    if (auth.mode === 'oidc' && auth.agencyClaim && verified.claims[auth.agencyClaim] !== user.agencyId)
      throw new NotAuthenticatedError(INVALID);
    const narrowed = this.narrowedByClaim(roles, verified.claims);
    const actor: Actor = {
      userId: user.userId,
      subject: user.subject,
      displayName: user.displayName,
      partnershipId: user.partnershipId,
      agencyId: user.agencyId,
      roles: narrowed,
    };
    return { kind: 'partnership', actor, roles: narrowed };
  }

  private narrowedByClaim<R extends RouteRole>(roles: R[], claims: JWTPayload): R[] {
    const auth = this.config.auth;
    if (auth.mode !== 'oidc' || !auth.rolesClaim) return roles;
    const claimed = claims[auth.rolesClaim];
    const list = Array.isArray(claimed)
      ? claimed.map(String)
      : typeof claimed === 'string'
        ? claimed.split(/[ ,]+/)
        : [];
    return roles.filter((r) => list.includes(r));
  }
}
