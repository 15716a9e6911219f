import { CodedError, type ErrorKind } from '@hubline/errors';

/**
 * What the working-day functions refuse. A caller that checks its input at the edge never sees
 * these; one that does not gets a 400 (a day that is not a day) rather than a wrong deadline.
 */
export const CALENDAR_ERRORS = {
  'CALENDAR.INVALID_DAY': 'invalid',
  'CALENDAR.INVALID_COUNT': 'invalid',
  // The shipped bank holiday table covers fixed years; a day outside them has no answer.
  'CALENDAR.OUTSIDE_BANK_HOLIDAY_YEARS': 'unprocessable',
} as const satisfies Record<string, ErrorKind>;

export class CalendarError extends CodedError(CALENDAR_ERRORS) {}
