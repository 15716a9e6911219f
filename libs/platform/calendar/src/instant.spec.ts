import { instantDaysBefore, instantMonthsBefore, instantMs, isIsoInstant, normaliseInstant } from './instant';

describe('instants', () => {
  it('accepts only date-times with an explicit zone', () => {
    expect(isIsoInstant('2026-11-23T10:00:00.000Z')).toBe(true);
    expect(isIsoInstant('2026-11-23T10:00:00+01:00')).toBe(true);
    expect(isIsoInstant('2026-11-23T10:00Z')).toBe(true);
    expect(isIsoInstant('2026-11-23T10:00:00')).toBe(false);
    expect(isIsoInstant('2026-11-23')).toBe(false);
    expect(isIsoInstant('2026-13-23T10:00:00Z')).toBe(false);
    expect(isIsoInstant(null)).toBe(false);
  });

  it('compares and stores differently spelt instants as one', () => {
    expect(instantMs('2026-06-30T23:30:00.000Z')).toBe(instantMs('2026-07-01T00:30:00+01:00'));
    expect(normaliseInstant('2026-12-10T10:00:00+00:00')).toBe('2026-12-10T10:00:00.000Z');
    expect(normaliseInstant('2026-07-01T00:30:00+01:00')).toBe('2026-06-30T23:30:00.000Z');
  });

  it('moves back whole days and months, clamping to the end of a shorter month', () => {
    expect(instantDaysBefore('2026-12-10T10:00:00.000Z', 10)).toBe('2026-11-30T10:00:00.000Z');
    expect(instantDaysBefore('2026-03-30T10:00:00.000Z', 2)).toBe('2026-03-28T10:00:00.000Z'); // 48 hours, across the clocks going forward
    expect(instantMonthsBefore('2026-11-23T10:00:00.000Z', 12)).toBe('2025-11-23T10:00:00.000Z');
    expect(instantMonthsBefore('2028-02-29T09:30:00.000Z', 12)).toBe('2027-02-28T09:30:00.000Z');
    expect(instantMonthsBefore('2027-03-31T00:00:00.000Z', 1)).toBe('2027-02-28T00:00:00.000Z');
    expect(instantMonthsBefore('2026-01-15T12:00:00.000Z', 6)).toBe('2025-07-15T12:00:00.000Z');
  });
});
