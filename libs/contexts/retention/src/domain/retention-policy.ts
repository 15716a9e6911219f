import { DomainError, type ErrorKind } from '@hubline/errors';

/**
 * A partnership's retention policy and its legal holds, as one small stream: the sweep folds it
 * whole, so a hold placed a moment ago is always seen, without waiting for any read model.
 */
export const retentionPolicyStream = (partnershipId: string) => `retention-policy-${partnershipId}`;
/** One stream per sweep run: the record of who ran it, as of which day, and whom it forgot. */
export const retentionSweepStream = (sweepId: string) => `retention-sweep-${sweepId}`;

/** ASB case records are commonly kept six years after closure. */
export const DEFAULT_RETENTION_YEARS = 6;
export const MIN_RETENTION_YEARS = 1;
export const MAX_RETENTION_YEARS = 100;

// ---- events (stored contracts: names and meanings never change) ----
export type RetentionPolicyEvent =
  | {
      type: 'RetentionPolicyChanged';
      data: { partnershipId: string; retentionYears: number; reason: string; changedBy: string; changedAt: string };
    }
  /** Reasons are kept in clear for auditors, like an erasure's reason: they carry no personal data. */
  | {
      type: 'LegalHoldPlaced';
      data: { partnershipId: string; personId: string; reason: string; placedBy: string; placedAt: string };
    }
  | {
      type: 'LegalHoldReleased';
      data: { partnershipId: string; personId: string; reason: string; releasedBy: string; releasedAt: string };
    };

export type RetentionSweepCompletedData = {
  sweepId: string;
  partnershipId: string;
  /** The day the rule was applied as of (YYYY-MM-DD). */
  asOf: string;
  /** Version of the policy stream applied (-1: the default policy, never changed). */
  policyVersion: number;
  retentionYears: number;
  forgottenPersonIds: string[];
  /** Eligible but kept because of a legal hold. */
  heldPersonIds: string[];
  /** Eligible, but forgetting failed; the next sweep tries again. */
  failedPersonIds: string[];
  /** A user id, or `system:retention-schedule` for the scheduled run. */
  sweptBy: string;
  startedAt: string;
  completedAt: string;
};

export type LegalHold = { personId: string; reason: string; placedBy: string; placedAt: string };
export type RetentionPolicy = { retentionYears: number; holds: Record<string, LegalHold> };

export const initialPolicy: RetentionPolicy = { retentionYears: DEFAULT_RETENTION_YEARS, holds: {} };

export function evolvePolicy(state: RetentionPolicy, event: RetentionPolicyEvent): RetentionPolicy {
  switch (event.type) {
    case 'RetentionPolicyChanged':
      return { ...state, retentionYears: event.data.retentionYears };
    case 'LegalHoldPlaced': {
      const { personId, reason, placedBy, placedAt } = event.data;
      return { ...state, holds: { ...state.holds, [personId]: { personId, reason, placedBy, placedAt } } };
    }
    case 'LegalHoldReleased': {
      const holds = { ...state.holds };
      delete holds[event.data.personId];
      return { ...state, holds };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export class RetentionError extends DomainError {
  constructor(
    readonly code:
      | 'RETENTION.INVALID_PERIOD'
      | 'RETENTION.REASON_REQUIRED'
      | 'RETENTION.ALREADY_ON_HOLD'
      | 'RETENTION.NOT_ON_HOLD'
      | 'RETENTION.UNKNOWN_PERSON'
      | 'RETENTION.PERSON_FORGOTTEN'
      | 'RETENTION.SWEEP_IN_PROGRESS',
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export type RetentionPolicyCommand =
  | { type: 'ChangePolicy'; partnershipId: string; retentionYears: number; reason: string; by: string; now: string }
  | { type: 'PlaceHold'; partnershipId: string; personId: string; reason: string; by: string; now: string }
  | { type: 'ReleaseHold'; partnershipId: string; personId: string; reason: string; by: string; now: string };

function reasonOf(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed)
    throw new RetentionError(
      'RETENTION.REASON_REQUIRED',
      'unprocessable',
      'Give a reason: it is kept with the change for auditors.',
    );
  return trimmed;
}

export function decidePolicy(command: RetentionPolicyCommand, state: RetentionPolicy): RetentionPolicyEvent[] {
  const { partnershipId, by, now } = command;
  switch (command.type) {
    case 'ChangePolicy': {
      const years = command.retentionYears;
      if (!Number.isInteger(years) || years < MIN_RETENTION_YEARS || years > MAX_RETENTION_YEARS) {
        throw new RetentionError(
          'RETENTION.INVALID_PERIOD',
          'unprocessable',
          `The retention period is a whole number of years from ${MIN_RETENTION_YEARS} to ${MAX_RETENTION_YEARS}.`,
        );
      }
      const reason = reasonOf(command.reason);
      if (years === state.retentionYears) return [];
      return [
        {
          type: 'RetentionPolicyChanged',
          data: { partnershipId, retentionYears: years, reason, changedBy: by, changedAt: now },
        },
      ];
    }
    case 'PlaceHold': {
      if (state.holds[command.personId])
        throw new RetentionError('RETENTION.ALREADY_ON_HOLD', 'conflict', 'This person is already on legal hold.');
      return [
        {
          type: 'LegalHoldPlaced',
          data: {
            partnershipId,
            personId: command.personId,
            reason: reasonOf(command.reason),
            placedBy: by,
            placedAt: now,
          },
        },
      ];
    }
    case 'ReleaseHold': {
      if (!state.holds[command.personId])
        throw new RetentionError('RETENTION.NOT_ON_HOLD', 'conflict', 'This person is not on legal hold.');
      return [
        {
          type: 'LegalHoldReleased',
          data: {
            partnershipId,
            personId: command.personId,
            reason: reasonOf(command.reason),
            releasedBy: by,
            releasedAt: now,
          },
        },
      ];
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
