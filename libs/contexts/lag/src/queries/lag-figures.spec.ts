import type { HistoryEntry } from './lag-read-model';
import { casesByBand, managedSpans, monthsEndingWith } from './lag-figures';

const at = (day: string) => `${day}T10:00:00.000Z`;
const counts = (standard: number, medium: number, high: number, very_high: number) => ({
  standard,
  medium,
  high,
  very_high,
});

describe('LAG figures: cases by band per month', () => {
  it('names the months ending with the one asked about, across a year end', () => {
    expect(monthsEndingWith('2026-02-14', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsEndingWith('2026-12-31', 12)[0]).toBe('2026-01');
  });

  it('counts a case from its acceptance to its closure, at its band at the end of each month', () => {
    const history: HistoryEntry[] = [
      { type: 'referred', at: at('2026-01-20'), band: 'medium' },
      { type: 'accepted', at: at('2026-02-03') },
      { type: 'risk_reassessed', at: at('2026-03-10'), band: 'high' },
      { type: 'closed', at: at('2026-05-02') },
    ];
    const months = casesByBand([history], '2026-06-15', 6);
    expect(months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(months.map((m) => m.total)).toEqual([0, 1, 1, 1, 1, 0]);
    expect(months[1].bands).toEqual(counts(0, 1, 0, 0));
    expect(months[2].bands).toEqual(counts(0, 0, 1, 0));
    expect(months[4].bands).toEqual(counts(0, 0, 1, 0));
  });

  it('uses the band when a case closed within the month, not a later reassessment', () => {
    const history: HistoryEntry[] = [
      { type: 'referred', at: at('2026-01-05'), band: 'very_high' },
      { type: 'accepted', at: at('2026-01-06') },
      { type: 'closed', at: at('2026-01-20') },
      { type: 'risk_reassessed', at: at('2026-01-25'), band: 'standard' },
    ];
    expect(casesByBand([history], '2026-01-31', 1)[0].bands).toEqual(counts(0, 0, 0, 1));
  });

  it('does not count referrals declined or awaiting a decision, and counts a reopened case again', () => {
    const declined: HistoryEntry[] = [
      { type: 'referred', at: at('2026-01-05'), band: 'high' },
      { type: 'declined', at: at('2026-01-07') },
    ];
    const waiting: HistoryEntry[] = [{ type: 'referred', at: at('2026-01-05'), band: 'high' }];
    const reopened: HistoryEntry[] = [
      { type: 'referred', at: at('2025-12-01'), band: 'standard' },
      { type: 'accepted', at: at('2025-12-02') },
      { type: 'closed', at: at('2025-12-20') },
      { type: 'reopened', at: at('2026-02-11') },
    ];
    expect(managedSpans(declined)).toEqual([]);
    expect(managedSpans(waiting)).toEqual([]);
    expect(managedSpans(reopened)).toHaveLength(2);
    const months = casesByBand([declined, waiting, reopened], '2026-02-28', 3);
    expect(months.map((m) => m.total)).toEqual([1, 0, 1]);
    expect(months[2].bands).toEqual(counts(1, 0, 0, 0));
  });

  it('counts the current month up to the day asked about only', () => {
    const later: HistoryEntry[] = [
      { type: 'referred', at: at('2026-03-20'), band: 'high' },
      { type: 'accepted', at: at('2026-03-21') },
    ];
    expect(casesByBand([later], '2026-03-15', 1)[0].total).toBe(0);
    expect(casesByBand([later], '2026-03-25', 1)[0].total).toBe(1);
  });
});
