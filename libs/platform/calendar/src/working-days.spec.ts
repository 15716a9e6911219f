import Holidays from 'date-holidays';
import { version as dateHolidaysVersion } from 'date-holidays/package.json';
import fc from 'fast-check';

import { BANK_HOLIDAYS } from './bank-holidays.generated';
import { CalendarError } from './calendar-errors';
import {
  BANK_HOLIDAY_YEARS,
  addMonths,
  addWorkingDays,
  bankHolidayName,
  isBankHoliday,
  isWorkingDay,
  workingDaysBetween,
} from './working-days';

/** The calendar error a call throws (fails the test when it throws nothing). */
function errorOf(call: () => unknown): CalendarError {
  try {
    call();
  } catch (e) {
    if (e instanceof CalendarError) return e;
    throw e;
  }
  throw new Error('expected a CalendarError');
}

describe('the bank holiday table', () => {
  it('is exactly what date-holidays gives for England and Wales, holidays of type public, in its years', () => {
    const calendar = new Holidays('GB', 'ENG');
    const expected: [string, string][] = [];
    for (let year = BANK_HOLIDAYS.firstYear; year <= BANK_HOLIDAYS.lastYear; year++)
      for (const h of calendar.getHolidays(year)) if (h.type === 'public') expected.push([h.date.slice(0, 10), h.name]);
    expected.sort(([a], [b]) => a.localeCompare(b));

    expect(BANK_HOLIDAYS.days).toEqual(expected);
    expect(BANK_HOLIDAYS.source).toBe(`date-holidays ${dateHolidaysVersion} (GB-ENG, public)`);
  });

  it('covers the years from the Act coming into force to 2040', () => {
    expect(BANK_HOLIDAY_YEARS).toMatchObject({ first: 2015, last: 2040 });
    const years = new Set(BANK_HOLIDAYS.days.map(([day]) => Number(day.slice(0, 4))));
    for (let year = 2015; year <= 2040; year++) expect(years.has(year)).toBe(true);
  });

  it('has the one-off days the country had (jubilee, state funeral, coronation)', () => {
    expect(bankHolidayName('2022-06-03')).toMatch(/Jubilee/);
    expect(bankHolidayName('2022-09-19')).toMatch(/Funeral/);
    expect(bankHolidayName('2023-05-08')).toMatch(/Coronation/);
    expect(isBankHoliday('2020-05-08')).toBe(true); // VE day: the early May bank holiday moved
    expect(isBankHoliday('2020-05-04')).toBe(false);
  });
});

describe('working days in England and Wales', () => {
  it('Christmas 2026: Friday 25, Boxing Day on Saturday 26 with its substitute on Monday 28', () => {
    expect(isBankHoliday('2026-12-25')).toBe(true);
    expect(isBankHoliday('2026-12-26')).toBe(true);
    expect(isBankHoliday('2026-12-27')).toBe(false); // a Sunday, not a holiday
    expect(isBankHoliday('2026-12-28')).toBe(true);
    expect(bankHolidayName('2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(bankHolidayName('2026-12-29')).toBeNull();

    expect(isWorkingDay('2026-12-24')).toBe(true);
    for (const day of ['2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28']) expect(isWorkingDay(day)).toBe(false);
    expect(isWorkingDay('2026-12-29')).toBe(true);
  });

  it('New Year 2027 falls on Friday 1 January', () => {
    expect(isBankHoliday('2027-01-01')).toBe(true);
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(isWorkingDay('2026-12-31')).toBe(true);
    expect(isWorkingDay('2027-01-04')).toBe(true);
  });

  it('Easter 2027: Good Friday 26 March and Easter Monday 29 March', () => {
    expect(isBankHoliday('2027-03-26')).toBe(true);
    expect(isBankHoliday('2027-03-29')).toBe(true);
    expect(isWorkingDay('2027-03-25')).toBe(true);
    expect(isWorkingDay('2027-03-30')).toBe(true);
    expect(addWorkingDays('2027-03-25', 1)).toBe('2027-03-30');
    expect(workingDaysBetween('2027-03-25', '2027-03-30')).toBe(1);
  });

  it('the early May bank holiday 2027 is Monday 3 May; Christmas 2027 falls at a weekend, substitutes on 27 and 28', () => {
    expect(isBankHoliday('2027-05-03')).toBe(true);
    expect(addWorkingDays('2027-04-30', 1)).toBe('2027-05-04');
    expect(isBankHoliday('2027-12-27')).toBe(true);
    expect(isBankHoliday('2027-12-28')).toBe(true);
    expect(addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
  });

  it('counts a deadline across Christmas and New Year: 5 working days from Wednesday 23 December 2026', () => {
    // 24 Thu (1), 25-28 holidays and weekend, 29 (2), 30 (3), 31 (4), 1 Jan holiday, 2-3 weekend, 4 Jan (5).
    expect(addWorkingDays('2026-12-23', 5)).toBe('2027-01-04');
    expect(workingDaysBetween('2026-12-23', '2027-01-04')).toBe(5);
  });

  it('does not count the starting day, and 0 working days is the day itself, working or not', () => {
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday -> Monday
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday -> Monday
    expect(addWorkingDays('2026-12-05', 0)).toBe('2026-12-05');
    expect(addWorkingDays('2026-12-25', 0)).toBe('2026-12-25');
    expect(workingDaysBetween('2026-12-05', '2026-12-06')).toBe(0); // a weekend
    expect(workingDaysBetween('2026-12-04', '2026-12-04')).toBe(0);
  });

  it('counts a leap day as a working day when it is a weekday (Tuesday 29 February 2028)', () => {
    expect(isWorkingDay('2028-02-29')).toBe(true);
    expect(workingDaysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addWorkingDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('counts spans backwards as negative, and negative working days count back', () => {
    expect(workingDaysBetween('2027-01-04', '2026-12-23')).toBe(-5);
    expect(addWorkingDays('2027-01-04', -5)).toBe('2026-12-23');
    expect(addWorkingDays('2027-03-30', -1)).toBe('2027-03-25');
    expect(workingDaysBetween('2026-12-07', '2026-12-04')).toBe(-1); // Monday back to Friday
  });

  it('keeps addWorkingDays and workingDaysBetween consistent on any day and span', () => {
    const day = fc
      .integer({ min: 0, max: 8000 })
      .map((offset) => new Date(Date.UTC(2016, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 80 }), (d, n) => {
        const due = addWorkingDays(d, n);
        expect(workingDaysBetween(d, due)).toBe(n);
        if (n > 0) expect(isWorkingDay(due)).toBe(true);
        if (n > 0 && isWorkingDay(d)) expect(addWorkingDays(due, -n)).toBe(d);
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendar months', () => {
  it.each([
    ['2026-12-15', 1, '2027-01-15'],
    ['2027-01-15', -1, '2026-12-15'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'], // leap year
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-10-31', 1, '2026-11-30'],
    ['2026-05-10', 0, '2026-05-10'],
    ['2027-03-31', -25, '2025-02-28'],
  ])('%s %+d months is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('refused input', () => {
  it.each([['2026-02-30'], ['2026-2-1'], ['2026-12-25T00:00:00Z'], [''], [20261225], [null]])(
    'a day written %p is not a day',
    (day) => {
      for (const call of [
        () => isBankHoliday(day as string),
        () => isWorkingDay(day as string),
        () => addWorkingDays(day as string, 1),
        () => workingDaysBetween(day as string, '2026-12-25'),
        () => workingDaysBetween('2026-12-25', day as string),
        () => addMonths(day as string, 1),
      ])
        expect(errorOf(call)).toMatchObject({ code: 'CALENDAR.INVALID_DAY', kind: 'invalid' });
    },
  );

  it('refuses counts that are not whole numbers', () => {
    expect(errorOf(() => addWorkingDays('2026-12-23', 1.5)).code).toBe('CALENDAR.INVALID_COUNT');
    expect(errorOf(() => addWorkingDays('2026-12-23', Number.NaN)).code).toBe('CALENDAR.INVALID_COUNT');
    expect(errorOf(() => addMonths('2026-12-23', 0.5)).code).toBe('CALENDAR.INVALID_COUNT');
    expect(errorOf(() => addMonths('2026-12-23', 1e6)).code).toBe('CALENDAR.INVALID_COUNT');
  });

  it('refuses to answer for a year the bank holiday table does not cover, rather than guess', () => {
    for (const call of [
      () => isBankHoliday('2014-12-25'),
      () => isWorkingDay('2041-01-01'),
      () => workingDaysBetween('2014-12-20', '2015-01-10'),
      () => addWorkingDays('2040-12-28', 5),
    ])
      expect(errorOf(call)).toMatchObject({
        code: 'CALENDAR.OUTSIDE_BANK_HOLIDAY_YEARS',
        kind: 'unprocessable',
        details: { firstYear: 2015, lastYear: 2040 },
      });
    expect(addWorkingDays('2040-12-21', 4)).toBe('2040-12-31'); // Christmas 2040: Tuesday 25 and Wednesday 26
  });
});
