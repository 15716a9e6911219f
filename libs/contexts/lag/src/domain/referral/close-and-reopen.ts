import { LagError, requireKnown } from '../errors';
import { nextReviewDate, type ReviewCadence } from '../review-cadence';
import type { Sealed } from '../sealed';
import { CLOSURE_OUTCOMES, CLOSURE_REASONS, isOutstanding, type ClosureOutcome, type ClosureReason } from './codes';
import { inStatus, knownCodes, requireText } from './errors';
import type { ReferralEvent } from './events';
import { withInvolvement } from './involvement';
import type { ExistingReferral } from './state';

export type CloseReferral = {
  type: 'CloseReferral';
  partnershipId: string;
  outcomes: ClosureOutcome[];
  outcomeNarrative: Sealed;
  reason: ClosureReason;
  /**
   * Outstanding actions block closure unless this is true; then closing cancels each of them
   * with its own ActionStatusChanged event, so nothing is dropped silently.
   */
  cancelOutstandingActions?: boolean;
  closedByUserId: string;
  now: string;
};

export type ReopenReferral = {
  type: 'ReopenReferral';
  partnershipId: string;
  reason: Sealed;
  reopenedByUserId: string;
  cadence: ReviewCadence;
  now: string;
  today: string;
};

/** Closes an accepted case with at least one outcome for the victim and a reason, once no action is left outstanding. */
export function closeReferral(command: CloseReferral, current: ExistingReferral): ReferralEvent[] {
  const { record } = inStatus(current, ['accepted'], {
    referred: 'REFERRAL.NOT_ACCEPTED',
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.ALREADY_CLOSED',
  });
  const ids = { referralId: record.referralId, partnershipId: record.partnershipId };
  const outcomes = knownCodes(CLOSURE_OUTCOMES, command.outcomes, 'closure outcome');
  if (outcomes.length === 0)
    throw new LagError('REFERRAL.OUTCOME_REQUIRED', 'Closing a case needs at least one outcome for the victim.');
  const reason = requireKnown(CLOSURE_REASONS, command.reason, 'REFERRAL.UNKNOWN_CODE', 'closure reason');
  const outcomeNarrative = requireText(command.outcomeNarrative, 'The outcome for the victim');
  const outstanding = Object.values(record.actions).filter((a) => isOutstanding(a.status));
  if (outstanding.length && !command.cancelOutstandingActions) {
    throw new LagError(
      'REFERRAL.OUTSTANDING_ACTIONS',
      'Complete or cancel the outstanding actions first, or close with cancelOutstandingActions.',
      {
        actionIds: outstanding.map((a) => a.actionId),
      },
    );
  }
  const cancellations: ReferralEvent[] = outstanding.map((a) => ({
    type: 'ActionStatusChanged',
    data: {
      ...ids,
      actionId: a.actionId,
      from: a.status,
      to: 'cancelled',
      outcome: null,
      changedByUserId: command.closedByUserId,
      changedAt: command.now,
    },
  }));
  const closed: ReferralEvent = {
    type: 'ReferralClosed',
    data: { ...ids, outcomes, outcomeNarrative, reason, closedByUserId: command.closedByUserId, closedAt: command.now },
  };
  return withInvolvement(current, [...cancellations, closed]);
}

/** Reopens a closed case with a reason, keeping its whole history; the review clock restarts today. */
export function reopenReferral(command: ReopenReferral, current: ExistingReferral): ReferralEvent[] {
  const { record } = inStatus(current, ['closed'], {
    referred: 'REFERRAL.NOT_CLOSED',
    accepted: 'REFERRAL.NOT_CLOSED',
    declined: 'REFERRAL.DECLINED',
  });
  const data = {
    referralId: record.referralId,
    partnershipId: record.partnershipId,
    reason: requireText(command.reason, 'A reason for reopening'),
    reopenedByUserId: command.reopenedByUserId,
    reopenedAt: command.now,
    reopenedOn: command.today,
    nextReviewDate: nextReviewDate(command.today, record.risk.band, command.cadence),
  };
  return withInvolvement(current, [{ type: 'ReferralReopened', data }]);
}
