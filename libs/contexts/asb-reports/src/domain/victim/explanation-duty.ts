import { EXPLANATION_WINDOW_MONTHS } from '../codes';
import { addCalendarMonths } from '../months';
import type { ExplanationEvent } from './events';
import type { VictimState } from './state';

export type ConsiderExplanationDuty = {
  type: 'ConsiderExplanationDuty';
  partnershipId: string;
  victimPersonId: string;
  /** The report just recorded, or just made its own incident again. */
  reportId: string;
  /** Derived from the event that caused the consideration, so a replay decides the same duty. */
  dutyId: string;
  now: string;
};

/** True when the two days are at most six calendar months apart (31 Aug and 28 Feb are; 31 Aug and 27 Feb are not). */
export function withinExplanationWindow(a: string, b: string): boolean {
  const [early, late] = a <= b ? [a, b] : [b, a];
  return early >= addCalendarMonths(late, -EXPLANATION_WINDOW_MONTHS);
}

/**
 * The 2025 statutory guidance: a victim who reports a second incident of ASB within six months is
 * told about the ASB Case Review, whatever the threshold. The duty arises when this report, counted
 * and its own incident or one not yet counted, has another counted report of a DIFFERENT incident
 * (any agency) within six calendar months of it; reports of one incident to several agencies count
 * once. It arises once per six months: not again while a duty that arose within six months of
 * this report stands (owed or explained). The receiving agency of this report owes it.
 */
export function considerExplanationDuty(command: ConsiderExplanationDuty, state: VictimState): ExplanationEvent[] {
  const report = state.reports[command.reportId];
  if (!report || !report.counted) return [];
  if (state.duties[command.dutyId]) return [];
  const others = Object.entries(state.reports)
    .filter(
      ([id, r]) =>
        id !== command.reportId &&
        r.counted &&
        r.incidentId !== report.incidentId &&
        withinExplanationWindow(r.reportedOn, report.reportedOn),
    )
    .map(([id]) => id)
    .sort();
  if (others.length === 0) return [];
  if (Object.values(state.duties).some((d) => withinExplanationWindow(d.arisenOn, report.reportedOn))) return [];
  return [
    {
      type: 'CaseReviewExplanationDue',
      data: {
        dutyId: command.dutyId,
        partnershipId: command.partnershipId,
        victimPersonId: command.victimPersonId,
        agencyId: report.agencyId,
        reportId: command.reportId,
        otherReportIds: others,
        arisenOn: report.reportedOn,
        arisenAt: command.now,
      },
    },
  ];
}
