import type { ApiProblem } from '../../hub-api';
import { pageErrorsFor, type PageError } from '../plain-english';

/** The API's refusals of a referral or an ASB report, in plain English, for the field they concern. */
const MESSAGES: Record<string, PageError> = {
  'REFERRAL.CHARACTERISTIC_REQUIRED': {
    text: 'Select the characteristics the hate crime targeted',
    href: '#characteristics',
  },
  'REFERRAL.CHARACTERISTIC_NOT_APPLICABLE': {
    text: 'Characteristics are for hate crime only: untick them or choose hate crime',
    href: '#characteristics',
  },
  'REFERRAL.BAND_CANNOT_BE_LOWERED': {
    text: 'Your judgement can raise the risk band above the score, never lower it',
    href: '#judgementBand',
  },
  'REFERRAL.JUDGEMENT_REASON_REQUIRED': { text: 'Enter why you judge the risk higher', href: '#judgementReason' },
  'RISK.UNANSWERED_QUESTION': { text: 'Answer every risk question', href: '#risk' },
  'RISK.UNKNOWN_ANSWER': { text: 'Answer every risk question with one of its answers', href: '#risk' },
  'RISK.UNKNOWN_QUESTION': {
    text: 'The risk questions changed while you were answering: answer them again',
    href: '#risk',
  },
  'LAG.UNKNOWN_LOCALITY': { text: 'Select the locality of your partnership', href: '#localityId' },
  'LAG.UNKNOWN_WARD': { text: 'Select a ward of the locality you chose', href: '#wardId' },
  'LAG.PERSON_NOT_ACTIVE': {
    text: 'This person’s record is no longer active, so they cannot be referred',
    href: '#main-content',
  },
  'ASB.UNKNOWN_WARD': { text: 'Select a ward of your partnership', href: '#ward' },
  'ASB.PERSON_NOT_ACTIVE': { text: 'This person’s record is no longer active', href: '#main-content' },
  'ASB_REPORT.REPORTED_BEFORE_BEHAVIOUR': {
    text: 'The day it was reported must be on or after the day it happened',
    href: '#reportedOn-day',
  },
  'ASB_REPORT.REPORTED_IN_FUTURE': {
    text: 'The day it was reported must be today or in the past',
    href: '#reportedOn-day',
  },
  'ASB_REPORT.BEHAVIOUR_IN_FUTURE': {
    text: 'The day it happened must be today or in the past',
    href: '#behaviourOn-day',
  },
  'ASB_REPORT.BEHAVIOUR_END_BEFORE_START': {
    text: 'The last day must be on or after the first day',
    href: '#behaviourTo-day',
  },
  'ASB_REPORT.CHARACTERISTIC_REQUIRED': {
    text: 'Select the characteristics the hate incident targeted',
    href: '#characteristics',
  },
  'ASB_REPORT.CHARACTERISTIC_NOT_APPLICABLE': {
    text: 'Characteristics are for hate incidents only: untick them or choose hate',
    href: '#characteristics',
  },
};

/** The form's errors for an API refusal; anything else is the no-access, not-found or problem page. */
export function practitionerErrors(problem: ApiProblem): PageError[] {
  const known = MESSAGES[problem.code];
  if (known && problem.status !== 403) return [known];
  return pageErrorsFor(problem);
}
