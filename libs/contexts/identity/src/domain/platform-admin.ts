import { DomainError } from '@hubline/errors';

/**
 * A platform administrator: a person of the organisation that runs Hubline for several
 * partnerships. They belong to no partnership and act for no agency; the operator registers them
 * from the command line. Their subject is reserved in the same stream as users' subjects, so one
 * subject is never both.
 */
export const platformAdminStream = (platformAdminId: string) => `platform-admin-${platformAdminId}`;

export type PlatformAdminEvent =
  | {
      type: 'PlatformAdminRegistered';
      data: { platformAdminId: string; subject: string; displayName: string; registeredAt: string };
    }
  | { type: 'PlatformAdminDeactivated'; data: { platformAdminId: string; reason: string; deactivatedAt: string } }
  | { type: 'PlatformAdminReactivated'; data: { platformAdminId: string; reactivatedAt: string } };

export type PlatformAdminState = { status: 'none' } | { status: 'active' | 'deactivated'; platformAdminId: string };

export const initialState: PlatformAdminState = { status: 'none' };

export function evolve(state: PlatformAdminState, event: PlatformAdminEvent): PlatformAdminState {
  switch (event.type) {
    case 'PlatformAdminRegistered':
      return { status: 'active', platformAdminId: event.data.platformAdminId };
    case 'PlatformAdminDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated' };
    case 'PlatformAdminReactivated':
      return state.status === 'none' ? state : { ...state, status: 'active' };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export class PlatformAdminNotFoundError extends DomainError {
  readonly code = 'PLATFORM_ADMIN.NOT_FOUND';
  readonly kind = 'not_found';
}
export class PlatformAdminAlreadyRegisteredError extends DomainError {
  readonly code = 'PLATFORM_ADMIN.ALREADY_REGISTERED';
  readonly kind = 'conflict';
}

export type PlatformAdminCommand =
  | { type: 'RegisterPlatformAdmin'; platformAdminId: string; subject: string; displayName: string; now: string }
  | { type: 'DeactivatePlatformAdmin'; reason: string; now: string }
  | { type: 'ReactivatePlatformAdmin'; now: string };

export function decide(command: PlatformAdminCommand, state: PlatformAdminState): PlatformAdminEvent[] {
  if (command.type === 'RegisterPlatformAdmin') {
    if (state.status !== 'none')
      throw new PlatformAdminAlreadyRegisteredError('This platform administrator is already registered.');
    return [
      {
        type: 'PlatformAdminRegistered',
        data: {
          platformAdminId: command.platformAdminId,
          subject: command.subject,
          displayName: command.displayName.trim(),
          registeredAt: command.now,
        },
      },
    ];
  }
  if (state.status === 'none') throw new PlatformAdminNotFoundError('No such platform administrator.');
  switch (command.type) {
    case 'DeactivatePlatformAdmin':
      if (state.status === 'deactivated') return [];
      return [
        {
          type: 'PlatformAdminDeactivated',
          data: { platformAdminId: state.platformAdminId, reason: command.reason.trim(), deactivatedAt: command.now },
        },
      ];
    case 'ReactivatePlatformAdmin':
      if (state.status === 'active') return [];
      return [
        {
          type: 'PlatformAdminReactivated',
          data: { platformAdminId: state.platformAdminId, reactivatedAt: command.now },
        },
      ];
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
