import { CaseReviewError } from '../errors';
import type { Sealed } from '../sealed';
import { SUPPLIED_CATEGORIES } from './codes';
import type { CaseReviewEvent } from './events';
import { inStatus, stepDay, type ReviewActor } from './guards';
import { withInvolvement } from './involvement';
import type { ExistingReview } from './state';

export type RequestInformation = {
  type: 'RequestInformation';
  partnershipId: string;
  /** One per agency asked: every relevant body the partnership has (or one more agency added). */
  requests: Array<{ requestId: string; agencyId: string; dueOn: string }>;
  askedOn: string;
  askedByUserId: string;
  now: string;
  today: string;
};

export type AnswerInformationRequest = {
  type: 'AnswerInformationRequest';
  partnershipId: string;
  requestId: string;
  actor: ReviewActor;
  answeredOn: string;
  /** What the agency supplied (summary sealed; the ids of the reports it holds), or null: nothing held. */
  supplied: { summary: Sealed; reportIds: string[] } | null;
  now: string;
  today: string;
};

/**
 * Asks agencies for what they hold about the complaints (Sch 4 para 7). An agency already asked in
 * this round and not yet answered is not asked twice; asking nobody new is a refusal, not silence.
 */
export function requestInformation(command: RequestInformation, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['received', 'in_review', 'not_met'], {
    outcome_sent: 'CASE_REVIEW.OUTCOME_ALREADY_SENT',
    closed: 'CASE_REVIEW.CLOSED',
    escalated: 'CASE_REVIEW.ESCALATED',
  });
  if (command.requests.length === 0)
    throw new CaseReviewError(
      'CASE_REVIEW.NO_RELEVANT_BODIES',
      'The partnership has no relevant bodies to ask: set the agencies’ case review role first.',
    );
  const askedOn = stepDay(command.askedOn, command.today, record.receivedOn, 'The day of the request');
  const pending = new Set(
    Object.values(record.requests)
      .filter((q) => q.round === record.round && q.answer === null)
      .map((q) => q.agencyId),
  );
  const fresh = command.requests.filter((q) => !pending.has(q.agencyId));
  if (fresh.length === 0)
    throw new CaseReviewError(
      'CASE_REVIEW.ALREADY_ASKED',
      'Every agency named already has an unanswered request in this round.',
    );
  const events: CaseReviewEvent[] = fresh.map((q) => {
    if (q.dueOn < askedOn)
      throw new CaseReviewError('CASE_REVIEW.DUE_BEFORE_ASKED', 'A request cannot be due before it is sent.');
    if (record.requests[q.requestId])
      throw new CaseReviewError('CASE_REVIEW.ALREADY_ASKED', 'This request is already recorded.');
    return {
      type: 'CaseReviewInformationRequested',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        requestId: q.requestId,
        round: record.round,
        agencyId: q.agencyId,
        askedOn,
        dueOn: q.dueOn,
        askedByUserId: command.askedByUserId,
        at: command.now,
      },
    };
  });
  return withInvolvement(current, events);
}

/**
 * An officer of the asked agency answers, once: what the agency supplied (a disclosure to the
 * coordinator's agency under the statutory duty, recorded by the sharing context) or that it holds
 * nothing. Answering is allowed until the review closes: a late answer is still an answer.
 */
export function answerInformationRequest(
  command: AnswerInformationRequest,
  current: ExistingReview,
): CaseReviewEvent[] {
  const { record } = inStatus(current, ['received', 'in_review', 'not_met', 'outcome_sent', 'escalated'], {
    closed: 'CASE_REVIEW.CLOSED',
  });
  const request = record.requests[command.requestId];
  if (!request)
    throw new CaseReviewError('CASE_REVIEW.REQUEST_NOT_FOUND', 'No such information request on this review.');
  if (request.agencyId !== command.actor.agencyId)
    throw new CaseReviewError(
      'CASE_REVIEW.NOT_ASKED_AGENCY',
      'Only an officer of the agency asked can answer this request.',
    );
  if (request.answer)
    throw new CaseReviewError('CASE_REVIEW.REQUEST_ALREADY_ANSWERED', 'This request has already been answered.');
  const answeredOn = stepDay(command.answeredOn, command.today, request.askedOn, 'The answer');
  const base = {
    reviewId: record.reviewId,
    partnershipId: record.partnershipId,
    requestId: request.requestId,
    round: request.round,
    agencyId: request.agencyId,
    answeredOn,
    answeredByUserId: command.actor.userId,
    answeredAt: command.now,
  };
  if (!command.supplied) return [{ type: 'CaseReviewInformationNotHeld', data: base }];
  return [
    {
      type: 'CaseReviewInformationSupplied',
      data: {
        ...base,
        recipientAgencyId: record.coordinatorAgencyId,
        personIds: record.victimPersonId ? [record.victimPersonId] : [],
        dataCategories: [...SUPPLIED_CATEGORIES],
        summary: command.supplied.summary,
        reportIds: [...new Set(command.supplied.reportIds)],
        gateway: 'asbcpa_2014_sch4_para7',
      },
    },
  ];
}
