import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { NotAuthenticatedError, RoleRequiredError, RouteWithoutRolesError } from '../access-errors';
import { PUBLIC_KEY, ROLES_KEY } from '../decorators';
import { ROLES, type Actor, type Role } from '../roles';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';
import { USER_DIRECTORY, type UserDirectory } from './user-directory';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * Deny by default: a route is callable only if it is @Public, or states its @Roles and the caller
 * presents a valid bearer token of a registered, active user holding one of those roles.
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
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) throw new RouteWithoutRolesError('This route states no roles, so nobody may call it.');

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticate(request.headers.authorization);
    request.actor = actor;
    if (!roles.some((r) => actor.roles.includes(r))) throw new RoleRequiredError(roles);
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Actor> {
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(value) : null;
    if (!match) throw new NotAuthenticatedError('Send a bearer token in the Authorization header.');
    let verified;
    try {
      verified = await this.verifier.verify(match[1]);
    } catch {
      // One answer for every token problem, so a caller learns nothing about which check failed.
      throw new NotAuthenticatedError('The token is not valid (expired, wrongly signed, or not meant for this service).');
    }
    const user = await this.directory.findBySubject(verified.subject);
    if (!user || !user.active) throw new NotAuthenticatedError('The token is not valid (expired, wrongly signed, or not meant for this service).');

    let roles = user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    const auth = this.config.auth;
    if (auth.mode === 'oidc') {
      // The registry is authoritative; claims, when configured, must agree with it and can only narrow roles.
      if (auth.agencyClaim && verified.claims[auth.agencyClaim] !== user.agencyId) {
        throw new NotAuthenticatedError('The token is not valid (expired, wrongly signed, or not meant for this service).');
      }
      if (auth.rolesClaim) {
        const claimed = verified.claims[auth.rolesClaim];
        const list = Array.isArray(claimed) ? claimed.map(String) : typeof claimed === 'string' ? claimed.split(/[ ,]+/) : [];
        roles = roles.filter((r) => list.includes(r));
      }
    }
    return { userId: user.userId, subject: user.subject, displayName: user.displayName, partnershipId: user.partnershipId, agencyId: user.agencyId, roles };
  }
}
