import { createHash } from 'node:crypto';
import { DomainError } from '@hubline/errors';
import { ROLES, type Role } from '@hubline/access';

export const userStream = (userId: string) => `user-${userId}`;
/** One stream per identity-provider subject: appending to it with no_stream reserves the subject. */
export const subjectStream = (subject: string) =>
  `user-subject-${createHash('sha256').update(subject, 'utf8').digest('hex').slice(0, 40)}`;

export type UserEvent =
  | {
      type: 'UserRegistered';
      data: {
        userId: string;
        partnershipId: string;
        subject: string;
        displayName: string;
        agencyId: string;
        roles: Role[];
        registeredAt: string;
      };
    }
  | { type: 'UserRolesChanged'; data: { userId: string; partnershipId: string; roles: Role[] } }
  | { type: 'UserDeactivated'; data: { userId: string; partnershipId: string; reason: string; deactivatedAt: string } }
  | { type: 'UserReactivated'; data: { userId: string; partnershipId: string; reactivatedAt: string } };

export type UserState =
  { status: 'none' } | { status: 'active' | 'deactivated'; userId: string; partnershipId: string; roles: Role[] };

export const initialState: UserState = { status: 'none' };

export function evolve(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return {
        status: 'active',
        userId: event.data.userId,
        partnershipId: event.data.partnershipId,
        roles: event.data.roles,
      };
    case 'UserRolesChanged':
      return state.status === 'none' ? state : { ...state, roles: event.data.roles };
    case 'UserDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated' };
    case 'UserReactivated':
      return state.status === 'none' ? state : { ...state, status: 'active' };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'USER.NOT_FOUND';
  readonly kind = 'not_found';
}
export class UserAlreadyRegisteredError extends DomainError {
  readonly code = 'USER.ALREADY_REGISTERED';
  readonly kind = 'conflict';
}
export class SubjectTakenError extends DomainError {
  readonly code = 'USER.SUBJECT_TAKEN';
  readonly kind = 'conflict';
}
export class InvalidRolesError extends DomainError {
  readonly code = 'USER.INVALID_ROLES';
  readonly kind = 'unprocessable';
}
export class CannotDeactivateSelfError extends DomainError {
  readonly code = 'USER.CANNOT_DEACTIVATE_SELF';
  readonly kind = 'unprocessable';
}

export type UserCommand =
  | {
      type: 'RegisterUser';
      userId: string;
      partnershipId: string;
      subject: string;
      displayName: string;
      agencyId: string;
      roles: Role[];
      now: string;
    }
  | { type: 'ChangeRoles'; partnershipId: string; roles: Role[] }
  | { type: 'DeactivateUser'; partnershipId: string; actorUserId: string; reason: string; now: string }
  | { type: 'ReactivateUser'; partnershipId: string; now: string };

function normaliseRoles(roles: Role[]): Role[] {
  const unique = [...new Set(roles)];
  if (unique.length === 0) throw new InvalidRolesError('A user needs at least one role.');
  const unknown = unique.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new InvalidRolesError(`Unknown roles: ${unknown.join(', ')}.`);
  return ROLES.filter((r) => unique.includes(r));
}

export function decide(command: UserCommand, state: UserState): UserEvent[] {
  if (command.type === 'RegisterUser') {
    if (state.status !== 'none') throw new UserAlreadyRegisteredError('This user is already registered.');
    const { type: _t, now, ...rest } = command;
    return [
      {
        type: 'UserRegistered',
        data: {
          ...rest,
          displayName: command.displayName.trim(),
          roles: normaliseRoles(command.roles),
          registeredAt: now,
        },
      },
    ];
  }
  // A user of another partnership is, to this caller, no user at all.
  if (state.status === 'none' || state.partnershipId !== command.partnershipId)
    throw new UserNotFoundError('No such user in your partnership.');
  const base = { userId: state.userId, partnershipId: state.partnershipId };
  switch (command.type) {
    case 'ChangeRoles': {
      const roles = normaliseRoles(command.roles);
      if (roles.join() === state.roles.join()) return [];
      return [{ type: 'UserRolesChanged', data: { ...base, roles } }];
    }
    case 'DeactivateUser':
      if (command.actorUserId === state.userId)
        throw new CannotDeactivateSelfError('You cannot deactivate your own account; ask another administrator.');
      if (state.status === 'deactivated') return [];
      return [{ type: 'UserDeactivated', data: { ...base, reason: command.reason, deactivatedAt: command.now } }];
    case 'ReactivateUser':
      if (state.status === 'active') return [];
      return [{ type: 'UserReactivated', data: { ...base, reactivatedAt: command.now } }];
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
