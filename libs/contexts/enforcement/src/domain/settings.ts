import { DEFAULT_EXPIRY_WINDOW_DAYS, EXPIRY_WINDOW_BOUNDS } from './codes';
import { EnforcementError } from './errors';

/**
 * A partnership's enforcement settings: how many days before its end an order counts as expiring
 * (the offender header, the expiry warnings). The default is in force until an administrator
 * changes it; each change is an event, so the setting in force at any time can be told.
 */
export const enforcementSettingsStream = (partnershipId: string) => `enforcement-settings-${partnershipId}`;

export type EnforcementSettingsEvent = {
  type: 'EnforcementExpiryWindowChanged';
  data: { partnershipId: string; days: number; previousDays: number; changedByUserId: string; changedAt: string };
};

export type EnforcementSettings = { expiryWindowDays: number };

export const initialEnforcementSettings: EnforcementSettings = { expiryWindowDays: DEFAULT_EXPIRY_WINDOW_DAYS };

export function evolveEnforcementSettings(
  state: EnforcementSettings,
  event: EnforcementSettingsEvent,
): EnforcementSettings {
  switch (event.type) {
    case 'EnforcementExpiryWindowChanged':
      return { expiryWindowDays: event.data.days };
    default: {
      const unexpected: never = event.type;
      return unexpected;
    }
  }
}

export type ChangeExpiryWindow = {
  type: 'ChangeExpiryWindow';
  partnershipId: string;
  days: number;
  changedByUserId: string;
  now: string;
};

/** A whole number of days within the bounds; setting what is in force appends nothing. */
export function decideEnforcementSettings(
  command: ChangeExpiryWindow,
  state: EnforcementSettings,
): EnforcementSettingsEvent[] {
  const { min, max } = EXPIRY_WINDOW_BOUNDS;
  if (!Number.isInteger(command.days) || command.days < min || command.days > max)
    throw new EnforcementError(
      'ENFORCEMENT_SETTINGS.OUT_OF_BOUNDS',
      `The expiry warning window is a whole number of days from ${min} to ${max}.`,
      { min, max },
    );
  if (command.days === state.expiryWindowDays) return [];
  return [
    {
      type: 'EnforcementExpiryWindowChanged',
      data: {
        partnershipId: command.partnershipId,
        days: command.days,
        previousDays: state.expiryWindowDays,
        changedByUserId: command.changedByUserId,
        changedAt: command.now,
      },
    },
  ];
}
