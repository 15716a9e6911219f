import { addYears, londonDay } from '@hubline/calendar';

/**
 * The retention rule, pure so it can be tested against a fixed day: a person's personal data is
 * forgotten once every LAG case naming them has ended (closed, or declined) and the retention
 * period has run, counted in whole years from the London calendar day of the latest ending, unless
 * a legal hold keeps it. A case still open keeps everything, however old the others are.
 */

export type CaseEnd = {
  caseId: string;
  open: boolean;
  /** The instant the case last ended (null while open). */ endedAt: string | null;
};
export type RetentionCandidate = { personId: string; forgotten: boolean; onHold: boolean; cases: CaseEnd[] };

export type KeepReason = 'already_forgotten' | 'no_cases' | 'open_case' | 'within_period';
export type RetentionVerdict =
  | { personId: string; decision: 'forget' | 'held'; lastEndedOn: string; retainedUntil: string }
  | { personId: string; decision: 'keep'; because: KeepReason; lastEndedOn?: string; retainedUntil?: string };

/** The verdict for one person as of `asOf` (YYYY-MM-DD): kept through `retainedUntil`, forgotten from the day after. */
export function retentionVerdict(
  candidate: RetentionCandidate,
  retentionYears: number,
  asOf: string,
): RetentionVerdict {
  const { personId } = candidate;
  if (candidate.forgotten) return { personId, decision: 'keep', because: 'already_forgotten' };
  if (candidate.cases.length === 0) return { personId, decision: 'keep', because: 'no_cases' };
  if (candidate.cases.some((c) => c.open || c.endedAt === null))
    return { personId, decision: 'keep', because: 'open_case' };
  const lastEndedOn = candidate.cases
    .map((c) => londonDay(c.endedAt!))
    .sort()
    .at(-1)!;
  const retainedUntil = addYears(lastEndedOn, retentionYears);
  if (asOf <= retainedUntil)
    return { personId, decision: 'keep', because: 'within_period', lastEndedOn, retainedUntil };
  return { personId, decision: candidate.onHold ? 'held' : 'forget', lastEndedOn, retainedUntil };
}
