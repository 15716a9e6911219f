import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * What the threshold engine refuses, with the kind the HTTP edge maps to a status. Codes are a
 * public contract: add new ones, never change their meaning. Messages hold no personal data.
 */
export const THRESHOLD_ERRORS = {
  // The Act caps the number of qualifying complaints a partnership may ask for at three.
  'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT': 'unprocessable',
  'CASE_REVIEW.INVALID_THRESHOLD_RULES': 'invalid',
  'CASE_REVIEW.INVALID_THRESHOLD_INPUT': 'invalid',
  // Senior-manager discretion is used only where the partnership's rules allow it, with a reason.
  'CASE_REVIEW.DISCRETION_NOT_ALLOWED': 'unprocessable',
  'CASE_REVIEW.DISCRETION_REASON_REQUIRED': 'invalid',
} as const satisfies Record<string, ErrorKind>;

export type ThresholdErrorCode = keyof typeof THRESHOLD_ERRORS;

export class ThresholdError extends CodedError(THRESHOLD_ERRORS) {}
