import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * Every error the sharing context throws, with the kind the HTTP edge maps to a status. The
 * basis codes (first block) name why a disclosure was refused; they are a public contract for
 * clients and auditors: add new codes, never change their meaning.
 */
export const SHARING_ERRORS = {
  // Why a disclosure's basis is not valid at the moment of disclosure.
  'SHARING.NO_CONSENT': 'unprocessable',
  'SHARING.CONSENT_WITHDRAWN': 'unprocessable',
  'SHARING.CONSENT_EXPIRED': 'unprocessable',
  'SHARING.RECIPIENT_NOT_COVERED': 'unprocessable',
  'SHARING.CATEGORY_NOT_COVERED': 'unprocessable',
  'SHARING.PURPOSE_NOT_COVERED': 'unprocessable',
  'SHARING.NO_AGREEMENT_IN_FORCE': 'unprocessable',
  'SHARING.GATEWAY_NOT_IN_AGREEMENT': 'unprocessable',
  'SHARING.JUSTIFICATION_REQUIRED': 'unprocessable',
  'SHARING.DISCLOSER_NOT_PARTY': 'unprocessable',
  // Only ever a reason a recorded disclosure no longer gives access: its emergency window has passed.
  'SHARING.EMERGENCY_PASSED': 'unprocessable',

  'SHARING.RECIPIENT_IS_DISCLOSER': 'unprocessable',
  'SHARING.NOT_HELD_BY_AGENCY': 'forbidden',
  'SHARING.DISCLOSURE_EXISTS': 'conflict',

  'SHARING.AGREEMENT_NOT_FOUND': 'not_found',
  'SHARING.AGREEMENT_EXISTS': 'conflict',
  'SHARING.AGREEMENT_TERMINATED': 'conflict',
  'SHARING.AGREEMENT_ENDED': 'conflict',
  'SHARING.TOO_FEW_PARTIES': 'unprocessable',
  'SHARING.ARTICLE_6_BASIS_REQUIRED': 'unprocessable',
  'SHARING.SCHEDULE_1_CONDITION_REQUIRED': 'unprocessable',
  'SHARING.INVALID_REVIEW_DATE': 'unprocessable',
  'SHARING.INVALID_END_DATE': 'unprocessable',
  'SHARING.TITLE_REQUIRED': 'invalid',
  'SHARING.REASON_REQUIRED': 'invalid',

  'SHARING.CONSENT_NOT_FOUND': 'not_found',
  'SHARING.CONSENT_EXISTS': 'conflict',
  'SHARING.CONSENT_ALREADY_WITHDRAWN': 'conflict',
  'SHARING.CONSENT_GIVEN_IN_FUTURE': 'unprocessable',
  'SHARING.INVALID_EXPIRY': 'unprocessable',
  'SHARING.NO_RECIPIENTS': 'unprocessable',
  'SHARING.AUTHORITY_REQUIRED': 'invalid',

  'SHARING.UNKNOWN_CODE': 'invalid',
  'SHARING.INVALID_DATE': 'invalid',

  // Checked by the application layer against other contexts' read models.
  'SHARING.UNKNOWN_AGENCY': 'unprocessable',
  'SHARING.UNKNOWN_LOCALITY': 'unprocessable',
  'SHARING.UNKNOWN_PERSON': 'unprocessable',
  'SHARING.PERSON_NOT_ACTIVE': 'unprocessable',
} as const satisfies Record<string, ErrorKind>;

export type SharingErrorCode = keyof typeof SHARING_ERRORS;

/** One error class for the context: the code fixes the kind. Messages never hold personal data. */
export class SharingError extends CodedError(SHARING_ERRORS) {}

/** Refuses a value outside a fixed list; the value is not echoed (it could be misplaced personal data). */
export function requireCodes<T extends string>(list: readonly T[], values: readonly string[], what: string): T[] {
  for (const v of values)
    if (!(list as readonly string[]).includes(v))
      throw new SharingError('SHARING.UNKNOWN_CODE', `Unknown ${what}; expected one of: ${list.join(', ')}.`);
  return [...new Set(values)] as T[];
}

/** Why a basis is, or is not, valid at a moment. */
export type Validity = { valid: true } | { valid: false; code: SharingErrorCode };
export const VALID: Validity = { valid: true };
export const invalid = (code: SharingErrorCode): Validity => ({ valid: false, code });
