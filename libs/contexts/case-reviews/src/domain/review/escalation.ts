import { CaseReviewError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import { ESCALATION_GROUNDS, PFCC_DECISIONS, type PfccDecision } from './codes';
import type { CaseReviewEvent } from './events';
import { inStatus, requireText, stepDay, type ReviewActor } from './guards';
import { withInvolvement } from './involvement';
import { openEscalation, type ExistingReview } from './state';

export type EscalateToPfcc = {
  type: 'EscalateToPfcc';
  partnershipId: string;
  escalationId: string;
  requestedOn: string;
  grounds: string[];
  detail: Sealed | null;
  /** The partnership's policing body (the PFCC's office), found by the caller. */
  pfccAgencyId: string;
  byUserId: string;
  now: string;
  today: string;
};

export type DecidePfccReview = {
  type: 'DecidePfccReview';
  partnershipId: string;
  decision: PfccDecision;
  reasons: Sealed;
  decidedOn: string;
  actor: ReviewActor;
  now: string;
  today: string;
};

/**
 * The applicant asks the PFCC's office to review the handling, or a "threshold not met" decision:
 * after the outcome was sent and within the appeal window counted from it.
 */
export function escalate(command: EscalateToPfcc, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['outcome_sent', 'closed'], {
    received: 'CASE_REVIEW.OUTCOME_NOT_SENT',
    in_review: 'CASE_REVIEW.OUTCOME_NOT_SENT',
    not_met: 'CASE_REVIEW.OUTCOME_NOT_SENT',
    escalated: 'CASE_REVIEW.ESCALATED',
  });
  const outcome = record.outcomes[record.outcomes.length - 1];
  if (!outcome) throw new CaseReviewError('CASE_REVIEW.OUTCOME_NOT_SENT', 'The outcome has not been sent yet.');
  const grounds = [...new Set(command.grounds)].map((g) => requireKnown(ESCALATION_GROUNDS, g, 'ground'));
  if (grounds.length === 0) throw new CaseReviewError('CASE_REVIEW.UNKNOWN_CODE', 'Name at least one ground.');
  if (grounds.includes('threshold_not_met') && outcome.thresholdMet)
    throw new CaseReviewError(
      'CASE_REVIEW.UNKNOWN_CODE',
      'The threshold was met: the ground can only be the handling.',
    );
  const requestedOn = stepDay(command.requestedOn, command.today, outcome.sentOn, 'The request');
  if (requestedOn > outcome.appealBy)
    throw new CaseReviewError('CASE_REVIEW.APPEAL_WINDOW_PASSED', `The appeal window closed on ${outcome.appealBy}.`, {
      appealBy: outcome.appealBy,
    });
  return withInvolvement(current, [
    {
      type: 'CaseReviewEscalated',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        escalationId: command.escalationId,
        requestedOn,
        grounds,
        detail: command.detail,
        pfccAgencyId: command.pfccAgencyId,
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ]);
}

/**
 * The PFCC's office decides: upheld (the review returns to where it was), or referred back for a
 * fresh review, which opens a new round needing a fresh threshold decision and keeps the history.
 * Only a reviewer of the policing body the review was escalated to may decide.
 */
export function decidePfccReview(command: DecidePfccReview, current: ExistingReview): CaseReviewEvent[] {
  // To a PFCC reviewer, a review never escalated to their office does not exist.
  if (!command.actor.pfccReviewer || !current.record.escalations.some((e) => e.pfccAgencyId === command.actor.agencyId))
    throw new CaseReviewError('CASE_REVIEW.NOT_FOUND', 'No case review escalated to your office with this id.');
  const { record } = inStatus(current, ['escalated'], {
    received: 'CASE_REVIEW.NOT_ESCALATED',
    in_review: 'CASE_REVIEW.NOT_ESCALATED',
    not_met: 'CASE_REVIEW.NOT_ESCALATED',
    outcome_sent: 'CASE_REVIEW.NOT_ESCALATED',
    closed: 'CASE_REVIEW.NOT_ESCALATED',
  });
  const escalation = openEscalation(record)!;
  if (command.actor.agencyId !== escalation.pfccAgencyId)
    throw new CaseReviewError('CASE_REVIEW.NOT_ESCALATED_TO_YOU', 'This review was not escalated to your office.');
  const decision = requireKnown(PFCC_DECISIONS, command.decision, 'decision');
  const events: CaseReviewEvent[] = [
    {
      type: 'CaseReviewPfccReviewDecided',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        escalationId: escalation.escalationId,
        decision,
        reasons: requireText(command.reasons, 'The reasons for the decision'),
        decidedOn: stepDay(command.decidedOn, command.today, escalation.requestedOn, 'The decision'),
        byUserId: command.actor.userId,
        byAgencyId: command.actor.agencyId,
        at: command.now,
        newRound: decision === 'referred_back' ? record.round + 1 : null,
      },
    },
  ];
  return withInvolvement(current, events);
}
