import { CaseReviewError, type CaseReviewErrorCode } from '../errors';
import type { Sealed } from '../sealed';
import type { CaseReviewState, ExistingReview, ReviewStatus } from './state';

type Existing = ExistingReview['status'];

const REFUSALS: Partial<Record<CaseReviewErrorCode, string>> = {
  'CASE_REVIEW.THRESHOLD_ALREADY_DECIDED': 'The threshold has already been decided in this round.',
  'CASE_REVIEW.THRESHOLD_NOT_DECIDED': 'The threshold has not been decided yet.',
  'CASE_REVIEW.THRESHOLD_NOT_MET': 'The threshold was not met: there is no panel; send the outcome instead.',
  'CASE_REVIEW.OUTCOME_ALREADY_SENT': 'The outcome has already been sent to the applicant.',
  'CASE_REVIEW.OUTCOME_NOT_SENT': 'The outcome has not been sent to the applicant yet.',
  'CASE_REVIEW.CLOSED': 'This review is closed.',
  'CASE_REVIEW.ESCALATED': "This review is with the PFCC's office; wait for its decision.",
  'CASE_REVIEW.NOT_ESCALATED': "This review is not with the PFCC's office.",
};

/**
 * Narrows a review to the statuses a command allows; every other status names its refusal, so a
 * new status does not compile until each command has decided what to do in it.
 */
export function inStatus<S extends Existing>(
  state: ExistingReview,
  allowed: readonly S[],
  refusals: Record<Exclude<Existing, S>, CaseReviewErrorCode>,
): Extract<ExistingReview, { status: S }> {
  if ((allowed as readonly ReviewStatus[]).includes(state.status))
    return state as Extract<ExistingReview, { status: S }>;
  const code = refusals[state.status as Exclude<Existing, S>];
  throw new CaseReviewError(code, REFUSALS[code] ?? 'Not allowed in the review’s current state.');
}

export function existing(state: CaseReviewState, partnershipId: string): ExistingReview {
  // A review of another partnership is, to this caller, no review at all.
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new CaseReviewError('CASE_REVIEW.NOT_FOUND', 'No such case review in your partnership.');
  return state;
}

export function requireText(value: Sealed | null | undefined, what: string): Sealed {
  if (!value) throw new CaseReviewError('CASE_REVIEW.TEXT_REQUIRED', `${what} is required.`);
  return value;
}

/** A day a step happened: not after today, and not before the application was received. */
export function stepDay(day: string, today: string, receivedOn: string | null, what: string): string {
  if (day > today) throw new CaseReviewError('CASE_REVIEW.DAY_IN_FUTURE', `${what} cannot be after today.`);
  if (receivedOn && day < receivedOn)
    throw new CaseReviewError(
      'CASE_REVIEW.DAY_BEFORE_APPLICATION',
      `${what} cannot be before the application was received.`,
    );
  return day;
}

/** The acting user's facts the decider judges who-may rules on. */
export type ReviewActor = { userId: string; agencyId: string; coordinator: boolean; pfccReviewer: boolean };
