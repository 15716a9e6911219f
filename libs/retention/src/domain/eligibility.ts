/**
 * The retention rule, pure so it can be tested against a fixed day: a person's personal data is
 * forgotten once every LAG case naming them has ended (closed, or declined) and the retention
 * period has run, counted in whole years from the London calendar day of the latest ending, unless
 * a legal hold keeps it. A case still open keeps everything, however old the others are.
 */

// Partnerships are in England and Wales: a closure "on" a day is that day in London.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
export const londonDay = (at: Date | string): string => LONDON_DAY.format(typeof at === 'string' ? new Date(at) : at);

/** `years` calendar years after a day; 29 February lands on 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export type CaseEnd = { caseId: string; open: boolean; /** The instant the case last ended (null while open). */ endedAt: string | null };
export type RetentionCandidate = { personId: string; forgotten: boolean; onHold: boolean; cases: CaseEnd[] };

export type KeepReason = 'already_forgotten' | 'no_cases' | 'open_case' | 'within_period';
export type RetentionVerdict =
  | { personId: string; decision: 'forget' | 'held'; lastEndedOn: string; retainedUntil: string }
  | { personId: string; decision: 'keep'; because: KeepReason; lastEndedOn?: string; retainedUntil?: string };

/** The verdict for one person as of `asOf` (YYYY-MM-DD): kept through `retainedUntil`, forgotten from the day after. */
export function retentionVerdict(candidate: RetentionCandidate, retentionYears: number, asOf: string): RetentionVerdict {
  const { personId } = candidate;
  if (candidate.forgotten) return { personId, decision: 'keep', because: 'already_forgotten' };
  if (candidate.cases.length === 0) return { personId, decision: 'keep', because: 'no_cases' };
  if (candidate.cases.some((c) => c.open || c.endedAt === null)) return { personId, decision: 'keep', because: 'open_case' };
  const lastEndedOn = candidate.cases.map((c) => londonDay(c.endedAt!)).sort().at(-1)!;
  const retainedUntil = addYears(lastEndedOn, retentionYears);
  if (asOf <= retainedUntil) return { personId, decision: 'keep', because: 'within_period', lastEndedOn, retainedUntil };
  return { personId, decision: candidate.onHold ? 'held' : 'forget', lastEndedOn, retainedUntil };
}

/** A real calendar day in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
