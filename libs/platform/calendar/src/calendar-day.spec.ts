import { addDays, addYears, daysBetween, isIsoDate, londonDay } from './calendar-day';

describe('calendar days', () => {
  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(isIsoDate('2026-11-23T10:00:00Z')).toBe(false);
    expect(isIsoDate(20261123)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
  });

  describe('the London day of an instant', () => {
    it('is the UTC day in winter (GMT) and the next day from 23:00 UTC in summer (BST)', () => {
      expect(londonDay('2026-12-31T23:30:00.000Z')).toBe('2026-12-31');
      expect(londonDay('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
      expect(londonDay('2026-06-14T23:30:00.000Z')).toBe('2026-06-15');
      expect(londonDay('2026-06-14T22:59:59.999Z')).toBe('2026-06-14');
    });

    it('follows the clocks going forward (01:00 UTC on 29 March 2026)', () => {
      expect(londonDay('2026-03-28T23:30:00.000Z')).toBe('2026-03-28'); // still GMT
      expect(londonDay('2026-03-29T00:59:59.999Z')).toBe('2026-03-29'); // 00:59 GMT
      expect(londonDay('2026-03-29T22:59:59.999Z')).toBe('2026-03-29'); // 23:59 BST
      expect(londonDay('2026-03-29T23:00:00.000Z')).toBe('2026-03-30'); // midnight BST
    });

    it('follows the clocks going back (01:00 UTC on 25 October 2026)', () => {
      expect(londonDay('2026-10-24T22:59:59.999Z')).toBe('2026-10-24'); // 23:59 BST
      expect(londonDay('2026-10-24T23:00:00.000Z')).toBe('2026-10-25'); // midnight BST
      expect(londonDay('2026-10-25T23:30:00.000Z')).toBe('2026-10-25'); // 23:30 GMT
      expect(londonDay('2026-10-26T00:00:00.000Z')).toBe('2026-10-26');
    });

    it('reads any zone an instant is written in, and Dates', () => {
      expect(londonDay('2026-07-01T00:30:00+01:00')).toBe('2026-07-01');
      expect(londonDay('2026-01-01T00:30:00+01:00')).toBe('2025-12-31');
      expect(londonDay(new Date('2026-06-14T23:30:00.000Z'))).toBe('2026-06-15');
    });
  });

  it('moves whole calendar days, across month, year and clock changes', () => {
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-26', -1)).toBe('2026-10-25');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
  });

  it('adds whole years, 29 February landing on 28 February', () => {
    expect(addYears('2028-02-29', 6)).toBe('2034-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2026-12-31', 6)).toBe('2032-12-31');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
  });

  it('counts the days between two days, whatever the clocks did in between', () => {
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
    expect(daysBetween('2026-11-23', '2026-11-13')).toBe(-10);
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0);
  });
});
