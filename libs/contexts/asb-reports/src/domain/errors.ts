import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * Every error the ASB reports context throws, with the kind the HTTP edge maps to a status:
 * `invalid` (400), `unprocessable` (422), `conflict` (409), `not_found` (404), `forbidden` (403).
 * Codes are a public contract: add new ones, never change their meaning. Messages never quote
 * the input, which could hold personal data.
 */
export const ASB_ERRORS = {
  'ASB_REPORT.NOT_FOUND': 'not_found',
  'ASB_REPORT.ALREADY_EXISTS': 'conflict',
  'ASB_REPORT.UNKNOWN_CODE': 'invalid',
  'ASB_REPORT.INVALID_DATE': 'invalid',
  'ASB_REPORT.TEXT_REQUIRED': 'invalid',
  'ASB_REPORT.REFERENCE_REQUIRED': 'invalid',
  'ASB_REPORT.REPORTER_NAME_REQUIRED': 'invalid',
  'ASB_REPORT.NO_VICTIM': 'unprocessable',
  'ASB_REPORT.DUPLICATE_PERSON': 'invalid',
  'ASB_REPORT.VICTIM_ALSO_ALLEGED': 'unprocessable',
  'ASB_REPORT.BEHAVIOUR_IN_FUTURE': 'unprocessable',
  'ASB_REPORT.BEHAVIOUR_END_BEFORE_START': 'unprocessable',
  'ASB_REPORT.BEHAVIOUR_END_AFTER_REPORT': 'unprocessable',
  'ASB_REPORT.REPORTED_BEFORE_BEHAVIOUR': 'unprocessable',
  'ASB_REPORT.REPORTED_IN_FUTURE': 'unprocessable',
  'ASB_REPORT.CHARACTERISTIC_REQUIRED': 'unprocessable',
  'ASB_REPORT.CHARACTERISTIC_NOT_APPLICABLE': 'unprocessable',
  'ASB_REPORT.WITHDRAWN': 'conflict',
  'ASB_REPORT.NOT_YOUR_AGENCY': 'forbidden',
  'ASB_REPORT.LINK_TO_ITSELF': 'unprocessable',
  'ASB_REPORT.LINK_TO_WITHDRAWN': 'unprocessable',
  'ASB_REPORT.ALREADY_SAME_INCIDENT': 'conflict',
  'ASB_REPORT.HAS_LINKED_REPORTS': 'conflict',
  'ASB_REPORT.NOT_LINKED': 'conflict',

  'CASE_REVIEW_EXPLANATION.NOT_FOUND': 'not_found',
  'CASE_REVIEW_EXPLANATION.ALREADY_EXPLAINED': 'conflict',
  'CASE_REVIEW_EXPLANATION.WITHDRAWN': 'conflict',
  'CASE_REVIEW_EXPLANATION.NOT_YOUR_AGENCY': 'forbidden',
  'CASE_REVIEW_EXPLANATION.UNKNOWN_CODE': 'invalid',
  'CASE_REVIEW_EXPLANATION.INVALID_DATE': 'invalid',
  'CASE_REVIEW_EXPLANATION.IN_FUTURE': 'unprocessable',
  'CASE_REVIEW_EXPLANATION.BEFORE_DUTY': 'unprocessable',

  // Checked by the application layer against other contexts; the deciders cannot see these.
  'ASB.UNKNOWN_AGENCY': 'unprocessable',
  'ASB.UNKNOWN_WARD': 'unprocessable',
  'ASB.UNKNOWN_PERSON': 'unprocessable',
  'ASB.PERSON_NOT_ACTIVE': 'unprocessable',
} as const satisfies Record<string, ErrorKind>;

export type AsbErrorCode = keyof typeof ASB_ERRORS;

/** One error class for the context: the code fixes the kind. */
export class AsbError extends CodedError(ASB_ERRORS) {}

/** Refuses a value outside a fixed list, without echoing it. */
export function requireKnown<T extends string>(
  list: readonly T[],
  value: string,
  code: 'ASB_REPORT.UNKNOWN_CODE' | 'CASE_REVIEW_EXPLANATION.UNKNOWN_CODE',
  what: string,
): T {
  if (!(list as readonly string[]).includes(value))
    throw new AsbError(code, `Unknown ${what}; expected one of: ${list.join(', ')}.`);
  return value as T;
}
