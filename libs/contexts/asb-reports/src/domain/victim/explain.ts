import { isIsoDate } from '@hubline/calendar';
import { EXPLANATION_METHODS, type ExplanationMethod } from '../codes';
import { AsbError, requireKnown } from '../errors';
import type { AsbActor } from '../report/incident-link';
import type { ExplanationEvent } from './events';
import type { VictimState } from './state';

export type ExplainCaseReview = {
  type: 'ExplainCaseReview';
  dutyId: string;
  partnershipId: string;
  victimPersonId: string;
  how: ExplanationMethod;
  explainedOn: string;
  actor: AsbActor;
  now: string;
  today: string;
};

/**
 * An officer of the agency that owes the explanation records that the Case Review was explained
 * to the victim: how and on which day (not in the future, not before the report that made it due).
 */
export function explainCaseReview(command: ExplainCaseReview, state: VictimState): ExplanationEvent[] {
  const duty = state.duties[command.dutyId];
  if (!duty)
    throw new AsbError('CASE_REVIEW_EXPLANATION.NOT_FOUND', 'No such Case Review explanation due in your partnership.');
  if (duty.agencyId !== command.actor.agencyId)
    throw new AsbError(
      'CASE_REVIEW_EXPLANATION.NOT_YOUR_AGENCY',
      'This explanation is owed by another agency; only its officers record it.',
    );
  if (duty.status === 'withdrawn')
    throw new AsbError(
      'CASE_REVIEW_EXPLANATION.WITHDRAWN',
      'This explanation is no longer due: the reports that made it due were linked as one incident, or withdrawn.',
    );
  if (duty.status === 'explained')
    throw new AsbError('CASE_REVIEW_EXPLANATION.ALREADY_EXPLAINED', 'The Case Review was already explained.');
  const how = requireKnown(EXPLANATION_METHODS, command.how, 'CASE_REVIEW_EXPLANATION.UNKNOWN_CODE', 'method');
  if (!isIsoDate(command.explainedOn))
    throw new AsbError('CASE_REVIEW_EXPLANATION.INVALID_DATE', 'The day of the explanation must be YYYY-MM-DD.');
  if (command.explainedOn > command.today)
    throw new AsbError('CASE_REVIEW_EXPLANATION.IN_FUTURE', 'An explanation cannot be recorded for a day after today.');
  if (command.explainedOn < duty.arisenOn)
    throw new AsbError(
      'CASE_REVIEW_EXPLANATION.BEFORE_DUTY',
      'The explanation cannot be dated before the report that made it due.',
    );
  return [
    {
      type: 'CaseReviewExplained',
      data: {
        dutyId: command.dutyId,
        partnershipId: command.partnershipId,
        victimPersonId: command.victimPersonId,
        agencyId: duty.agencyId,
        how,
        explainedOn: command.explainedOn,
        explainedByUserId: command.actor.userId,
        recordedAt: command.now,
      },
    },
  ];
}
