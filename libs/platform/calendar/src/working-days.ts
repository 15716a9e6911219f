/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays. Statutory and local
 * timescales (an ASB Case Review's acknowledgement "within 5 working days") are counted in these.
 *
 * The bank holidays are a table generated from the date-holidays package (never typed by hand;
 * see scripts/generate-bank-holidays.mjs), so these functions stay pure: no I/O and no clock.
 * A day outside the table's years is refused with `CALENDAR.OUTSIDE_BANK_HOLIDAY_YEARS` rather
 * than answered as if it had no holidays.
 */
import { BANK_HOLIDAYS } from './bank-holidays.generated';
import { CalendarError } from './calendar-errors';
import { addDays, isIsoDate } from './calendar-day';

const HOLIDAY_NAMES: ReadonlyMap<string, string> = new Map(BANK_HOLIDAYS.days.map(([day, name]) => [day, name]));

/** The years the bank holiday table covers, and where it comes from. */
export const BANK_HOLIDAY_YEARS = {
  first: BANK_HOLIDAYS.firstYear,
  last: BANK_HOLIDAYS.lastYear,
  source: BANK_HOLIDAYS.source,
} as const;

function requireDay(day: unknown, what = 'day'): string {
  if (!isIsoDate(day))
    throw new CalendarError('CALENDAR.INVALID_DAY', `The ${what} must be a calendar day, YYYY-MM-DD.`);
  return day;
}

function requireCovered(day: string): void {
  const year = Number(day.slice(0, 4));
  if (year < BANK_HOLIDAYS.firstYear || year > BANK_HOLIDAYS.lastYear)
    throw new CalendarError(
      'CALENDAR.OUTSIDE_BANK_HOLIDAY_YEARS',
      `Bank holidays are known for ${BANK_HOLIDAYS.firstYear} to ${BANK_HOLIDAYS.lastYear} only (${BANK_HOLIDAYS.source}); ${year} is outside them.`,
      { firstYear: BANK_HOLIDAYS.firstYear, lastYear: BANK_HOLIDAYS.lastYear },
    );
}

function requireInteger(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw new CalendarError('CALENDAR.INVALID_COUNT', `The ${what} must be a whole number.`);
  return n;
}

/** 0 Sunday ... 6 Saturday, for a day already checked. */
const weekday = (day: string): number => new Date(`${day}T00:00:00.000Z`).getUTCDay();

const isWeekend = (day: string): boolean => {
  const d = weekday(day);
  return d === 0 || d === 6;
};

/**
 * Whether `day` is a bank holiday in England and Wales. A holiday that falls at a weekend is one
 * on its own day (Boxing Day, Saturday 26 December 2026) and gives a substitute weekday (Monday
 * 28 December 2026), which is one too.
 */
export function isBankHoliday(day: string): boolean {
  requireCovered(requireDay(day));
  return HOLIDAY_NAMES.has(day);
}

/** The bank holiday's name (`Boxing Day (substitute day)`), or null when `day` is not one. */
export function bankHolidayName(day: string): string | null {
  requireCovered(requireDay(day));
  return HOLIDAY_NAMES.get(day) ?? null;
}

/** Monday to Friday and not a bank holiday. */
export function isWorkingDay(day: string): boolean {
  return workingDay(requireDay(day));
}

/**
 * `isWorkingDay` for a day already known to be one (the counting loops make each day from the
 * last with `addDays`): checking each again was most of the cost of counting a review's deadlines.
 */
function workingDay(day: string): boolean {
  requireCovered(day);
  return !isWeekend(day) && !HOLIDAY_NAMES.has(day);
}

/**
 * The `n`-th working day after `day`, `day` itself not counted: a deadline "5 working days from
 * receipt". `n = 0` gives `day` back, whatever day it is. A negative `n` counts back: the `|n|`-th
 * working day before `day`.
 */
export function addWorkingDays(day: string, n: number): string {
  requireDay(day);
  requireInteger(n, 'number of working days');
  const step = n < 0 ? -1 : 1;
  let current = day;
  for (let left = Math.abs(n); left > 0;) {
    current = addDays(current, step);
    if (workingDay(current)) left -= 1;
  }
  return current;
}

/**
 * The working days in `(from, to]`: after `from`, up to and including `to`. So
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Negative (the working days in `(to, from]`)
 * when `to` is before `from`; 0 when they are the same day.
 */
export function workingDaysBetween(from: string, to: string): number {
  requireDay(from, 'first day');
  requireDay(to, 'second day');
  if (to < from) return -workingDaysBetween(to, from);
  requireCovered(from);
  requireCovered(to);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (workingDay(d)) count += 1;
  return count;
}

/**
 * The day `months` calendar months after `day` (before, when negative), on the same day of the
 * month, or the month's last day when it is shorter: 31 January + 1 month is 28 February (29 in a
 * leap year); 31 March - 1 month is 28 or 29 February.
 */
export function addMonths(day: string, months: number): string {
  requireDay(day);
  requireInteger(months, 'number of months');
  const [y, m, d] = day.split('-').map(Number);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  if (year < 1 || year > 9999)
    throw new CalendarError('CALENDAR.INVALID_COUNT', 'The number of months leaves the years a day can be written in.');
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(d, daysInMonth(year, month)), 2)}`;
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The days in a month, 1-12 (written out: `Date.UTC` reads years below 100 as 19xx). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
