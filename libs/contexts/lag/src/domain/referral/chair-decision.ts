import { requireKnown } from '../errors';
import { nextReviewDate, type ReviewCadence } from '../review-cadence';
import type { Sealed } from '../sealed';
import { DECLINE_REASONS, type DeclineReason } from './codes';
import { inStatus } from './errors';
import type { ReferralEvent } from './events';
import { involvementOf, withInvolvement } from './involvement';
import type { ExistingReferral } from './state';

export type AcceptReferral = {
  type: 'AcceptReferral';
  partnershipId: string;
  chairUserId: string;
  chairAgencyId: string;
  cadence: ReviewCadence;
  now: string;
  today: string;
};
export type DeclineReferral = {
  type: 'DeclineReferral';
  partnershipId: string;
  chairUserId: string;
  reason: DeclineReason;
  note?: Sealed | null;
  now: string;
};

export type OpenForDecision = {
  type: 'OpenForDecision';
  partnershipId: string;
  chairUserId: string;
  chairAgencyId: string;
  now: string;
};

/**
 * A chair opens a referral awaiting a decision: the referring agency shares it with the LAG for
 * the chair's decision, so the chair's agency becomes involved and may read it. Once per agency;
 * nothing to record when the agency is already involved, or once the decision is made.
 */
export function openForDecision(command: OpenForDecision, current: ExistingReferral): ReferralEvent[] {
  if (current.status !== 'referred') return [];
  if (involvementOf(current)?.agencyIds.includes(command.chairAgencyId)) return [];
  const data = {
    referralId: current.record.referralId,
    partnershipId: current.record.partnershipId,
    chairUserId: command.chairUserId,
    chairAgencyId: command.chairAgencyId,
    openedAt: command.now,
  };
  return withInvolvement(current, [{ type: 'ReferralOpenedForDecision', data }]);
}

/** The chair accepts a referral awaiting a decision: the review clock starts today, and the chair's agency becomes involved. */
export function accept(command: AcceptReferral, current: ExistingReferral): ReferralEvent[] {
  const referred = inStatus(current, ['referred'], {
    accepted: 'REFERRAL.ALREADY_ACCEPTED',
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.CLOSED',
  });
  const data = {
    referralId: referred.record.referralId,
    partnershipId: referred.record.partnershipId,
    acceptedByUserId: command.chairUserId,
    acceptedByAgencyId: command.chairAgencyId,
    acceptedAt: command.now,
    acceptedOn: command.today,
    nextReviewDate: nextReviewDate(command.today, referred.record.risk.band, command.cadence),
  };
  return withInvolvement(current, [{ type: 'ReferralAccepted', data }]);
}

/** The chair declines a referral awaiting a decision, with a reason; declining is final and closes the case. */
export function decline(command: DeclineReferral, current: ExistingReferral): ReferralEvent[] {
  const { record } = inStatus(current, ['referred'], {
    accepted: 'REFERRAL.ALREADY_ACCEPTED',
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.CLOSED',
  });
  const reason = requireKnown(DECLINE_REASONS, command.reason, 'REFERRAL.UNKNOWN_CODE', 'decline reason');
  const data = {
    referralId: record.referralId,
    partnershipId: record.partnershipId,
    reason,
    note: command.note ?? null,
    declinedByUserId: command.chairUserId,
    declinedAt: command.now,
  };
  return withInvolvement(current, [{ type: 'ReferralDeclined', data }]);
}
