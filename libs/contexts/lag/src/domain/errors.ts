import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * Every error the LAG domain throws, with the kind the HTTP edge maps to a status:
 * `invalid` (400) the input is malformed or not in a fixed list, `unprocessable` (422) well-formed
 * but against a LAG rule, `conflict` (409) the record's current state does not allow it,
 * `not_found` (404), `forbidden` (403) the acting agency may not do this to this case.
 * Codes are a public contract: add new ones, never change their meaning.
 */
export const LAG_ERRORS = {
  'RISK.INVALID_MATRIX': 'invalid',
  'RISK.UNANSWERED_QUESTION': 'invalid',
  'RISK.UNKNOWN_QUESTION': 'invalid',
  'RISK.UNKNOWN_ANSWER': 'invalid',
  'RISK.UNKNOWN_BAND': 'invalid',
  'REVIEW.INVALID_CADENCE': 'invalid',

  'REFERRAL.NOT_FOUND': 'not_found',
  'REFERRAL.ALREADY_EXISTS': 'conflict',
  'REFERRAL.UNKNOWN_CODE': 'invalid',
  'REFERRAL.INVALID_DATE': 'invalid',
  'REFERRAL.TEXT_REQUIRED': 'invalid',
  'REFERRAL.NO_VICTIM': 'invalid',
  'REFERRAL.DUPLICATE_PERSON': 'invalid',
  'REFERRAL.VICTIM_ALSO_PERPETRATOR': 'unprocessable',
  'REFERRAL.CHARACTERISTIC_REQUIRED': 'unprocessable',
  'REFERRAL.CHARACTERISTIC_NOT_APPLICABLE': 'unprocessable',
  'REFERRAL.PREVIOUS_REFERRAL_IN_FUTURE': 'invalid',
  'REFERRAL.BAND_CANNOT_BE_LOWERED': 'unprocessable',
  'REFERRAL.JUDGEMENT_REASON_REQUIRED': 'invalid',
  'REFERRAL.ALREADY_ACCEPTED': 'conflict',
  'REFERRAL.NOT_ACCEPTED': 'conflict',
  'REFERRAL.DECLINED': 'conflict',
  'REFERRAL.CLOSED': 'conflict',
  'REFERRAL.ALREADY_CLOSED': 'conflict',
  'REFERRAL.NOT_CLOSED': 'conflict',
  'REFERRAL.OUTCOME_REQUIRED': 'invalid',
  'REFERRAL.OUTSTANDING_ACTIONS': 'conflict',
  'REFERRAL.ACTION_ALREADY_EXISTS': 'conflict',
  'REFERRAL.ACTION_NOT_FOUND': 'not_found',
  'REFERRAL.ACTION_DUE_DATE_IN_PAST': 'unprocessable',
  'REFERRAL.ACTION_TARGET_NOT_IN_CASE': 'unprocessable',
  'REFERRAL.ACTION_FINISHED': 'conflict',
  'REFERRAL.ACTION_OUTCOME_REQUIRED': 'invalid',

  'MEETING.NOT_FOUND': 'not_found',
  'MEETING.ALREADY_SCHEDULED': 'conflict',
  'MEETING.UNKNOWN_CODE': 'invalid',
  'MEETING.INVALID_DATE': 'invalid',
  'MEETING.INVALID_CUT_OFF': 'invalid',
  'MEETING.IN_THE_PAST': 'unprocessable',
  'MEETING.NOT_ITS_DAY': 'conflict',
  'MEETING.URGENT_REASON_REQUIRED': 'invalid',
  'MEETING.URGENT_NEEDS_VERY_HIGH_RISK': 'unprocessable',
  'MEETING.WRONG_LOCALITY': 'unprocessable',
  'MEETING.REFERRAL_NOT_ACCEPTED': 'unprocessable',
  'MEETING.CUT_OFF_PASSED': 'unprocessable',
  'MEETING.SHARING_NOT_COVERED': 'conflict',
  'MEETING.JUSTIFICATION_REQUIRED': 'invalid',
  'MEETING.LATE_ADDITION_NOT_HIGH_RISK': 'unprocessable',
  'MEETING.REVIEW_NOT_DUE': 'unprocessable',
  'MEETING.CONFIDENTIALITY_NOT_CONFIRMED': 'conflict',
  'MEETING.CASE_NOT_ON_AGENDA': 'unprocessable',
  'MEETING.NOTES_REQUIRED': 'invalid',
  'MEETING.DECISION_REQUIRED': 'invalid',
  'MEETING.NO_ACTIONS': 'invalid',
  'MEETING.NOT_STARTED': 'conflict',
  'MEETING.ALREADY_STARTED': 'conflict',
  'MEETING.CLOSED': 'conflict',
  'MEETING.CANCELLED': 'conflict',
  'MEETING.ACTION_NOT_OUTSTANDING': 'unprocessable',

  // Partnership settings.
  'RISK.MATRIX_VERSION_USED': 'conflict',

  // Checked by the application layer against other contexts (partnership reference data, users,
  // the people register); the deciders cannot see these.
  'LAG.UNKNOWN_LOCALITY': 'unprocessable',
  'LAG.UNKNOWN_WARD': 'unprocessable',
  'LAG.UNKNOWN_AGENCY': 'unprocessable',
  'LAG.UNKNOWN_USER': 'unprocessable',
  'LAG.UNKNOWN_PERSON': 'unprocessable',
  'LAG.PERSON_NOT_ACTIVE': 'unprocessable',
  // Who may act: on a case, decided by the referral decider on the state it folds; listing another
  // agency's actions, by the actions route.
  'LAG.AGENCY_NOT_INVOLVED': 'forbidden',
  'LAG.NOT_YOUR_AGENCY': 'forbidden',
  // One open case per victim (decision 0029): decided on the victim's reservation stream.
  'LAG.VICTIM_HAS_OPEN_CASE': 'conflict',
  // Meeting documents (decision 0028).
  'MEETING.NOT_A_RECIPIENT': 'forbidden',
  'MEETING.NOT_CLOSED': 'conflict',
  'MEETING.MINUTES_ALREADY_ISSUED': 'conflict',
  'MEETING.MINUTES_NOT_ISSUED': 'conflict',
} as const satisfies Record<string, ErrorKind>;

export type LagErrorCode = keyof typeof LAG_ERRORS;

/**
 * One error class for the context: the code says what went wrong and fixes the kind, so a code
 * can never be thrown with two different statuses. Messages must not contain personal data.
 */
export class LagError extends CodedError(LAG_ERRORS) {}

/**
 * Refuses a value outside a fixed list (a category, an outcome code...). The value is not echoed
 * in the message: a free-text field sent by mistake could hold personal data.
 */
export function requireKnown<T extends string>(
  list: readonly T[],
  value: string,
  code: 'REFERRAL.UNKNOWN_CODE' | 'MEETING.UNKNOWN_CODE',
  what: string,
): T {
  if (!(list as readonly string[]).includes(value))
    throw new LagError(code, `Unknown ${what}; expected one of: ${list.join(', ')}.`);
  return value as T;
}
