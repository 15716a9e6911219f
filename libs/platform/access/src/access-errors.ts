import { DomainError } from '@hubline/errors';
import type { RouteRole } from './roles';

/** Any token problem: missing, malformed, expired, wrong signature, issuer or audience, unknown or deactivated user. */
export class NotAuthenticatedError extends DomainError {
  readonly code = 'AUTH.NOT_AUTHENTICATED';
  readonly kind = 'unauthenticated';
}

export class RoleRequiredError extends DomainError {
  readonly code = 'ACCESS.ROLE_REQUIRED';
  readonly kind = 'forbidden';
  constructor(roles: RouteRole[]) {
    super(`This action needs one of these roles: ${roles.join(', ')}.`, { requiredRoles: roles });
  }
}

export class RouteWithoutRolesError extends DomainError {
  readonly code = 'ACCESS.ROUTE_HAS_NO_ROLES';
  readonly kind = 'forbidden';
}

export class PurposeRequiredError extends DomainError {
  readonly code = 'ACCESS.PURPOSE_REQUIRED';
  readonly kind = 'invalid';
}
