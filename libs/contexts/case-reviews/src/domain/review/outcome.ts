import { CaseReviewError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import { CLOSURE_REASONS, CONTACT_ROUTES, type ClosureReason, type ContactRoute } from './codes';
import type { CaseReviewEvent } from './events';
import { inStatus, requireText, stepDay } from './guards';
import { withInvolvement } from './involvement';
import { currentDecision, type ExistingReview } from './state';

export type SendOutcome = {
  type: 'SendOutcome';
  partnershipId: string;
  sentOn: string;
  route: ContactRoute;
  /** The last day of the appeal window, counted by the caller in working days from `sentOn`. */
  appealBy: string;
  byUserId: string;
  now: string;
  today: string;
};

export type CloseReview = {
  type: 'CloseReview';
  partnershipId: string;
  closedOn: string;
  reason: ClosureReason;
  toldToVictim: Sealed;
  byUserId: string;
  now: string;
  today: string;
};

/**
 * Tells the applicant the outcome: after a met threshold, once the action plan is final; after a
 * threshold not met, the decision's reasons and the route to query it. The appeal window opens.
 */
export function sendOutcome(command: SendOutcome, current: ExistingReview): CaseReviewEvent[] {
  const state = inStatus(current, ['in_review', 'not_met'], {
    received: 'CASE_REVIEW.THRESHOLD_NOT_DECIDED',
    outcome_sent: 'CASE_REVIEW.OUTCOME_ALREADY_SENT',
    closed: 'CASE_REVIEW.CLOSED',
    escalated: 'CASE_REVIEW.ESCALATED',
  });
  const { record } = state;
  if (state.status === 'in_review' && !record.planFinalisedOn)
    throw new CaseReviewError(
      'CASE_REVIEW.PLAN_NOT_FINALISED',
      'Finalise the action plan (after consulting the victim) before sending the outcome.',
    );
  const decision = currentDecision(record)!;
  const sentOn = stepDay(command.sentOn, command.today, decision.decidedOn, 'The outcome');
  return [
    {
      type: 'CaseReviewOutcomeSent',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        round: record.round,
        sentOn,
        route: requireKnown(CONTACT_ROUTES, command.route, 'contact route'),
        thresholdMet: decision.met,
        appealBy: command.appealBy,
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ];
}

/**
 * Closes the review with the reason the victim is told. After the outcome is sent; before it only
 * when the applicant withdraws. Recommendations still open stay open with their agencies.
 */
export function closeReview(command: CloseReview, current: ExistingReview): CaseReviewEvent[] {
  const reason = requireKnown(CLOSURE_REASONS, command.reason, 'closure reason');
  if (current.status === 'closed') throw new CaseReviewError('CASE_REVIEW.CLOSED', 'This review is already closed.');
  if (current.status === 'escalated')
    throw new CaseReviewError('CASE_REVIEW.ESCALATED', "This review is with the PFCC's office; wait for its decision.");
  if (reason !== 'withdrawn_by_applicant' && current.status !== 'outcome_sent')
    throw new CaseReviewError(
      'CASE_REVIEW.OUTCOME_NOT_SENT',
      'Send the outcome to the applicant before closing (unless the applicant withdrew).',
    );
  const { record } = current;
  const closedOn = stepDay(command.closedOn, command.today, record.receivedOn, 'The closure');
  return withInvolvement(current, [
    {
      type: 'CaseReviewClosed',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        closedOn,
        reason,
        toldToVictim: requireText(command.toldToVictim, 'What the victim is told about the closure'),
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ]);
}
