import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor, PlatformActor, RouteRole } from './roles';

export const ROLES_KEY = 'hubline:roles';
export const PUBLIC_KEY = 'hubline:public';

/**
 * The roles that may call a route. Every route must state its roles (or be @Public): the guard
 * refuses routes that do not, and the OpenAPI document lists them.
 */
export function Roles(...roles: RouteRole[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid token, or the user is unknown or deactivated.' }),
    ApiForbiddenResponse({ description: `Needs one of the roles: ${roles.join(', ')}.` }),
  );
}

/** A route anyone may call without a token (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated actor of the request (set by the AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

/** The authenticated platform administrator of the request (set by the AuthGuard on platform routes only). */
export const CurrentPlatformAdmin = createParamDecorator((_: unknown, ctx: ExecutionContext): PlatformActor => {
  const actor = ctx.switchToHttp().getRequest<{ platformActor?: PlatformActor }>().platformActor;
  if (!actor) throw new Error('CurrentPlatformAdmin used on a route a platform administrator cannot call');
  return actor;
});

/**
 * Event metadata for a command made by this request: acting user, their agency, Hubline's own
 * request id as correlation id and, apart, the caller's sanitised `x-request-id` (`clientRequestId`).
 * A platform administrator has no agency: their metadata names the platform role.
 */
export const CommandMetadata = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const request = ctx
    .switchToHttp()
    .getRequest<{ actor?: Actor; platformActor?: PlatformActor; id?: string; clientRequestId?: string }>();
  const correlationId = String(request.id ?? '');
  const client = request.clientRequestId ? { clientRequestId: request.clientRequestId } : {};
  if (request.actor)
    return { userId: request.actor.userId, agencyId: request.actor.agencyId, correlationId, ...client };
  if (request.platformActor)
    return { userId: request.platformActor.platformAdminId, role: 'platform_admin', correlationId, ...client };
  throw new Error('CommandMetadata used on a route without authentication');
});
