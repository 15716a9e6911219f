import { CodedError, type ErrorKind } from '@hubline/errors';

/** What the timescales refuse. Codes are a public contract: add new ones, never change their meaning. */
export const TIMESCALE_ERRORS = {
  'CASE_REVIEW.INVALID_TIMESCALES': 'invalid',
  'CASE_REVIEW.INVALID_REVIEW_DATES': 'invalid',
} as const satisfies Record<string, ErrorKind>;

export type TimescaleErrorCode = keyof typeof TIMESCALE_ERRORS;

export class TimescaleError extends CodedError(TIMESCALE_ERRORS) {}
