import { formatDate, words } from './format';

describe('dates as GOV.UK writes them', () => {
  it('writes a date, in London whatever the server’s zone', () => {
    expect(formatDate('2026-12-05')).toBe('5 December 2026');
    expect(formatDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(formatDate('2026-06-30T23:30:00Z', 'shortdate')).toBe('1 Jul 2026');
  });

  it('writes a time in the afternoon and in summer time', () => {
    expect(formatDate('2026-12-05T14:30:00Z', 'datetime')).toBe('5 December 2026 at 2:30pm');
    expect(formatDate('2026-07-01T08:05:00Z', 'shortdatetime')).toBe('1 Jul 2026 at 9:05am');
    expect(formatDate('2026-07-01T11:00:00Z', 'time')).toBe('12:00pm');
  });

  it('writes nothing for no date or one that is not a date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('not a date', 'datetime')).toBe('');
  });

  it('gives the same answers however many dates a page writes', () => {
    const dates = Array.from({ length: 500 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString());
    const first = dates.map((d) => formatDate(d, 'datetime'));
    expect(dates.map((d) => formatDate(d, 'datetime'))).toEqual(first);
    expect(first[0]).toBe('1 January 2026 at 12:00am');
    expect(first[13]).toBe('1 January 2026 at 1:00pm');
  });
});

describe('codes as words', () => {
  it('writes a code as a sentence', () => {
    expect(words('acceptable_behaviour_contract')).toBe('Acceptable behaviour contract');
    expect(words('VictimReferred')).toBe('Victim referred');
    expect(words(undefined)).toBe('');
  });
});
