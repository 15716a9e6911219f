import { londonDay } from '@hubline/calendar';
import { retentionVerdict, type CaseEnd, type RetentionCandidate } from './eligibility';

const closed = (caseId: string, endedAt: string): CaseEnd => ({ caseId, open: false, endedAt });
const open = (caseId: string): CaseEnd => ({ caseId, open: true, endedAt: null });
const person = (cases: CaseEnd[], extra: Partial<RetentionCandidate> = {}): RetentionCandidate => ({
  personId: 'p1',
  forgotten: false,
  onHold: false,
  cases,
  ...extra,
});

describe('retention eligibility', () => {
  const asOf = '2032-06-15';

  it('forgets a person whose only case closed more than six years before the day', () => {
    expect(retentionVerdict(person([closed('c1', '2026-06-14T10:00:00.000Z')]), 6, asOf)).toEqual({
      personId: 'p1',
      decision: 'forget',
      lastEndedOn: '2026-06-14',
      retainedUntil: '2032-06-14',
    });
  });

  it('keeps the record through the last day of the period, and forgets it the day after', () => {
    const p = person([closed('c1', '2026-06-15T10:00:00.000Z')]);
    expect(retentionVerdict(p, 6, '2032-06-15')).toMatchObject({
      decision: 'keep',
      because: 'within_period',
      retainedUntil: '2032-06-15',
    });
    expect(retentionVerdict(p, 6, '2032-06-16')).toMatchObject({ decision: 'forget' });
  });

  it("counts from the latest closure of all the person's cases", () => {
    const p = person([closed('c1', '2020-01-01T10:00:00.000Z'), closed('c2', '2027-03-01T10:00:00.000Z')]);
    expect(retentionVerdict(p, 6, asOf)).toEqual({
      personId: 'p1',
      decision: 'keep',
      because: 'within_period',
      lastEndedOn: '2027-03-01',
      retainedUntil: '2033-03-01',
    });
  });

  it('keeps everything while any case is open, however old the others', () => {
    expect(retentionVerdict(person([closed('c1', '2001-01-01T10:00:00.000Z'), open('c2')]), 6, asOf)).toEqual({
      personId: 'p1',
      decision: 'keep',
      because: 'open_case',
    });
  });

  it('reports an expired person on legal hold as held, not forgotten', () => {
    expect(
      retentionVerdict(person([closed('c1', '2020-01-01T10:00:00.000Z')], { onHold: true }), 6, asOf),
    ).toMatchObject({ decision: 'held', retainedUntil: '2026-01-01' });
  });

  it('does not report a hold on someone whose period has not run', () => {
    expect(
      retentionVerdict(person([closed('c1', '2031-01-01T10:00:00.000Z')], { onHold: true }), 6, asOf),
    ).toMatchObject({ decision: 'keep', because: 'within_period' });
  });

  it('leaves the already forgotten and people without cases alone', () => {
    expect(retentionVerdict(person([closed('c1', '2001-01-01T10:00:00.000Z')], { forgotten: true }), 6, asOf)).toEqual({
      personId: 'p1',
      decision: 'keep',
      because: 'already_forgotten',
    });
    expect(retentionVerdict(person([]), 6, asOf)).toEqual({ personId: 'p1', decision: 'keep', because: 'no_cases' });
  });

  it("follows the partnership's period", () => {
    const p = person([closed('c1', '2029-06-01T10:00:00.000Z')]);
    expect(retentionVerdict(p, 6, asOf).decision).toBe('keep');
    expect(retentionVerdict(p, 2, asOf).decision).toBe('forget');
  });

  it('counts the London day: a closure at 23:30 UTC in summer is the next day', () => {
    expect(londonDay('2026-06-14T23:30:00.000Z')).toBe('2026-06-15');
    expect(retentionVerdict(person([closed('c1', '2026-06-14T23:30:00.000Z')]), 6, '2032-06-15')).toMatchObject({
      decision: 'keep',
      retainedUntil: '2032-06-15',
    });
  });
});
