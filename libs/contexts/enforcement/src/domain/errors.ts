import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * Every error the enforcement context throws, with the kind the HTTP edge maps to a status.
 * Codes are a public contract: add new ones, never change their meaning. Messages never quote
 * the input, which could hold personal data.
 */
export const ENFORCEMENT_ERRORS = {
  'ORDER.NOT_FOUND': 'not_found',
  'ORDER.ALREADY_EXISTS': 'conflict',
  'ORDER.UNKNOWN_CODE': 'invalid',
  'ORDER.INVALID_DATE': 'invalid',
  'ORDER.REFERENCE_REQUIRED': 'invalid',
  'ORDER.AGENCY_MAY_NOT_ISSUE': 'forbidden',
  'ORDER.DESIGNATION_REQUIRED': 'unprocessable',
  'ORDER.SERVED_IN_FUTURE': 'unprocessable',
  'ORDER.EXPIRY_REQUIRED': 'unprocessable',
  'ORDER.NO_EXPIRY_FOR_KIND': 'unprocessable',
  'ORDER.EXPIRY_BEFORE_SERVICE': 'unprocessable',
  'ORDER.TERM_OUT_OF_BOUNDS': 'unprocessable',
  'ORDER.COURT_REQUIRED': 'unprocessable',
  'ORDER.NOT_A_COURT_ORDER': 'unprocessable',
  'ORDER.AGE_REQUIRED': 'unprocessable',
  'ORDER.CONVICTION_REQUIRED': 'unprocessable',
  'ORDER.CONVICTION_AFTER_ORDER': 'unprocessable',
  'ORDER.WARNING_REQUIRED': 'unprocessable',
  'ORDER.WARNING_NOT_VALID': 'unprocessable',
  'ORDER.PENALTY_REQUIRED': 'unprocessable',
  'ORDER.NOT_APPLICABLE_TO_KIND': 'unprocessable',
  'ORDER.CONDITIONS_REQUIRED': 'unprocessable',
  'ORDER.NOT_YOUR_AGENCY': 'forbidden',
  'ORDER.DISCHARGED': 'conflict',
  'ORDER.EXPIRED': 'conflict',
  'ORDER.NOT_VARIABLE': 'unprocessable',
  'ORDER.NOTHING_TO_VARY': 'unprocessable',
  'ORDER.BEFORE_SERVICE': 'unprocessable',
  'ORDER.IN_FUTURE': 'unprocessable',
  'ORDER.DISCHARGE_REASON_NOT_FOR_KIND': 'unprocessable',
  'ORDER.NOT_BREACHABLE': 'unprocessable',
  'ORDER.RESPONSE_NOT_FOR_KIND': 'unprocessable',
  'ORDER.NO_POWER_OF_ARREST': 'unprocessable',
  'ORDER.BREACH_NOT_FOUND': 'not_found',
  'ORDER.BREACH_ALREADY_ANSWERED': 'conflict',
  'ORDER.BREACH_AFTER_END': 'unprocessable',

  'ENFORCEMENT_SETTINGS.OUT_OF_BOUNDS': 'invalid',

  // Checked by the application layer against other contexts; the deciders cannot see these.
  'ENFORCEMENT.UNKNOWN_AGENCY': 'unprocessable',
  'ENFORCEMENT.UNKNOWN_PERSON': 'unprocessable',
  'ENFORCEMENT.PERSON_NOT_ACTIVE': 'unprocessable',
  'ENFORCEMENT.UNKNOWN_LAG_CASE': 'unprocessable',
  'ENFORCEMENT.PERSON_NOT_IN_LAG_CASE': 'unprocessable',
} as const satisfies Record<string, ErrorKind>;

export type EnforcementErrorCode = keyof typeof ENFORCEMENT_ERRORS;

export class EnforcementError extends CodedError(ENFORCEMENT_ERRORS) {}

/** Refuses a value outside a fixed list, without echoing it. */
export function requireKnown<T extends string>(list: readonly T[], value: string, what: string): T {
  if (!(list as readonly string[]).includes(value))
    throw new EnforcementError('ORDER.UNKNOWN_CODE', `Unknown ${what}; expected one of: ${list.join(', ')}.`);
  return value as T;
}
