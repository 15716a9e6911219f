import { addDays, instantDaysBefore, instantMonthsBefore, isIsoDate, isIsoInstant, normaliseInstant } from './calendar';

describe('calendar arithmetic', () => {
  it('accepts only real calendar days and zoned date-times', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(isIsoInstant('2026-11-23T10:00:00.000Z')).toBe(true);
    expect(isIsoInstant('2026-11-23T10:00:00+01:00')).toBe(true);
    expect(isIsoInstant('2026-11-23T10:00:00')).toBe(false);
    expect(isIsoInstant('2026-11-23')).toBe(false);
  });

  it('moves whole days and months, clamping to the end of a shorter month', () => {
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(instantDaysBefore('2026-12-10T10:00:00.000Z', 10)).toBe('2026-11-30T10:00:00.000Z');
    expect(instantMonthsBefore('2026-11-23T10:00:00.000Z', 12)).toBe('2025-11-23T10:00:00.000Z');
    expect(instantMonthsBefore('2028-02-29T09:30:00.000Z', 12)).toBe('2027-02-28T09:30:00.000Z');
    expect(instantMonthsBefore('2027-03-31T00:00:00.000Z', 1)).toBe('2027-02-28T00:00:00.000Z');
    expect(normaliseInstant('2026-12-10T10:00:00+00:00')).toBe('2026-12-10T10:00:00.000Z');
  });
});
