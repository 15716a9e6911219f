import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * Every error the case-reviews context throws, with the kind the HTTP edge maps to a status:
 * `invalid` (400), `unprocessable` (422) against a rule of the law or the local procedure,
 * `conflict` (409) the review's current state does not allow it, `not_found` (404), `forbidden` (403).
 * The settings codes of the threshold engine (`CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT`,
 * `CASE_REVIEW.INVALID_THRESHOLD_RULES`, `CASE_REVIEW.INVALID_TIMESCALES`) are its own.
 * Codes are a public contract: add new ones, never change their meaning.
 */
export const CASE_REVIEW_ERRORS = {
  'CASE_REVIEW.NOT_FOUND': 'not_found',
  'CASE_REVIEW.ALREADY_EXISTS': 'conflict',
  'CASE_REVIEW.UNKNOWN_CODE': 'invalid',
  'CASE_REVIEW.TEXT_REQUIRED': 'invalid',
  'CASE_REVIEW.DAY_IN_FUTURE': 'unprocessable',
  'CASE_REVIEW.DAY_BEFORE_APPLICATION': 'unprocessable',
  'CASE_REVIEW.VICTIM_REQUIRED': 'invalid',
  'CASE_REVIEW.CONSENT_REQUIRED': 'invalid',
  'CASE_REVIEW.CONSENT_NOT_VALID': 'unprocessable',
  'CASE_REVIEW.APPLICANT_NAME_REQUIRED': 'invalid',
  'CASE_REVIEW.ALREADY_ACKNOWLEDGED': 'conflict',
  'CASE_REVIEW.NO_RELEVANT_BODIES': 'unprocessable',
  'CASE_REVIEW.ALREADY_ASKED': 'conflict',
  'CASE_REVIEW.REQUEST_NOT_FOUND': 'not_found',
  'CASE_REVIEW.REQUEST_ALREADY_ANSWERED': 'conflict',
  'CASE_REVIEW.NOT_ASKED_AGENCY': 'forbidden',
  'CASE_REVIEW.DUE_BEFORE_ASKED': 'unprocessable',
  'CASE_REVIEW.THRESHOLD_ALREADY_DECIDED': 'conflict',
  'CASE_REVIEW.THRESHOLD_NOT_DECIDED': 'conflict',
  'CASE_REVIEW.THRESHOLD_NOT_MET': 'conflict',
  'CASE_REVIEW.DISCRETION_NOT_ALLOWED': 'unprocessable',
  'CASE_REVIEW.DISCRETION_NOT_NEEDED': 'unprocessable',
  'CASE_REVIEW.PANEL_NOT_SCHEDULED': 'conflict',
  'CASE_REVIEW.PANEL_ALREADY_SCHEDULED': 'conflict',
  'CASE_REVIEW.PANEL_NOT_HELD': 'conflict',
  'CASE_REVIEW.PANEL_ALREADY_HELD': 'conflict',
  'CASE_REVIEW.NO_AGENCIES': 'invalid',
  'CASE_REVIEW.RECOMMENDATION_EXISTS': 'conflict',
  'CASE_REVIEW.RECOMMENDATION_NOT_FOUND': 'not_found',
  'CASE_REVIEW.RECOMMENDATION_FINISHED': 'conflict',
  'CASE_REVIEW.NOT_OWNING_AGENCY': 'forbidden',
  'CASE_REVIEW.DUE_IN_PAST': 'unprocessable',
  'CASE_REVIEW.PLAN_FINALISED': 'conflict',
  'CASE_REVIEW.PLAN_NOT_FINALISED': 'conflict',
  'CASE_REVIEW.VICTIM_NOT_CONSULTED': 'conflict',
  'CASE_REVIEW.OUTCOME_ALREADY_SENT': 'conflict',
  'CASE_REVIEW.OUTCOME_NOT_SENT': 'conflict',
  'CASE_REVIEW.CLOSED': 'conflict',
  'CASE_REVIEW.ESCALATED': 'conflict',
  'CASE_REVIEW.NOT_ESCALATED': 'conflict',
  'CASE_REVIEW.APPEAL_WINDOW_PASSED': 'unprocessable',
  'CASE_REVIEW.NOT_ESCALATED_TO_YOU': 'forbidden',
  'CASE_REVIEW.ANSWER_SHAPE': 'invalid',
  // The engine's code, given again here with the Act named (same kind as the engine's).
  'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT': 'unprocessable',

  // Checked by the application layer against other contexts.
  'CASE_REVIEW.UNKNOWN_AGENCY': 'unprocessable',
  'CASE_REVIEW.UNKNOWN_PERSON': 'unprocessable',
  'CASE_REVIEW.UNKNOWN_WARD': 'unprocessable',
  'CASE_REVIEW.NO_POLICING_BODY': 'unprocessable',
} as const satisfies Record<string, ErrorKind>;

export type CaseReviewErrorCode = keyof typeof CASE_REVIEW_ERRORS;

/** One error class for the context. Messages never contain personal data. */
export class CaseReviewError extends CodedError(CASE_REVIEW_ERRORS) {}

/** Refuses a value outside a fixed list, without echoing it. */
export function requireKnown<T extends string>(list: readonly T[], value: string, what: string): T {
  if (!(list as readonly string[]).includes(value))
    throw new CaseReviewError('CASE_REVIEW.UNKNOWN_CODE', `Unknown ${what}; expected one of: ${list.join(', ')}.`);
  return value as T;
}
