import { addDays, addMonths } from '@hubline/calendar';

/**
 * The last day of "the period of `months` months beginning with" `day`, as the Act words its two
 * time limits (s.104(11)). "Beginning with" counts `day` itself, so the period ends the day before
 * the same date `months` later: one month beginning with 10 January ends on 9 February. When the
 * later month has no such date the period runs to that month's end: one month beginning with
 * 31 January (or 29 or 30 January, in a common year) ends on 28 February.
 */
export function lastDayOfPeriodBeginningWith(day: string, months: number): string {
  const sameDateLater = addMonths(day, months);
  const hasSameDate = sameDateLater.slice(8) === day.slice(8);
  return hasSameDate ? addDays(sameDateLater, -1) : sameDateLater;
}
