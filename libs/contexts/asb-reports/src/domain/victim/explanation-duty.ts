import { EXPLANATION_WINDOW_MONTHS, type DutyWithdrawalReason } from '../codes';
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
 * this report stands (owed or explained; a withdrawn one does not count). The receiving agency of
 * this report owes it.
 */
export function considerExplanationDuty(command: ConsiderExplanationDuty, state: VictimState): ExplanationEvent[] {
  const report = state.reports[command.reportId];
  if (!report || !report.counted) return [];
  if (state.duties[command.dutyId]) return [];
  const others = otherIncidentReports(state, command.reportId);
  if (others.length === 0) return [];
  if (
    Object.values(state.duties).some(
      (d) => d.status !== 'withdrawn' && withinExplanationWindow(d.arisenOn, report.reportedOn),
    )
  )
    return [];
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

/** The victim's counted reports of other incidents within six months of this one, by id. */
function otherIncidentReports(state: VictimState, reportId: string): string[] {
  const report = state.reports[reportId];
  if (!report || !report.counted) return [];
  return Object.entries(state.reports)
    .filter(
      ([id, r]) =>
        id !== reportId &&
        r.counted &&
        r.incidentId !== report.incidentId &&
        withinExplanationWindow(r.reportedOn, report.reportedOn),
    )
    .map(([id]) => id)
    .sort();
}

/** True while the duty's report still makes a second distinct incident within six months. */
export function dutyHolds(state: VictimState, reportId: string): boolean {
  return otherIncidentReports(state, reportId).length > 0;
}

export type ReviewExplanationDuties = {
  type: 'ReviewExplanationDuties';
  partnershipId: string;
  victimPersonId: string;
  /** The report just linked into another's incident, or withdrawn. */
  becauseOfReportId: string;
  reason: DutyWithdrawalReason;
  now: string;
};

/**
 * After a report was linked into another report's incident, or withdrawn: every explanation still
 * owed to the victim whose reports no longer make two distinct incidents within six months is
 * withdrawn, with the reason, rather than left on a work list silently wrong. One already given
 * stays given; an unlink that makes the incidents two again raises a new one.
 */
export function reviewExplanationDuties(command: ReviewExplanationDuties, state: VictimState): ExplanationEvent[] {
  return Object.values(state.duties)
    .filter((d) => d.status === 'due' && !dutyHolds(state, d.reportId))
    .sort((a, b) => a.dutyId.localeCompare(b.dutyId))
    .map((d) => ({
      type: 'CaseReviewExplanationWithdrawn' as const,
      data: {
        dutyId: d.dutyId,
        partnershipId: command.partnershipId,
        victimPersonId: command.victimPersonId,
        agencyId: d.agencyId,
        reason: command.reason,
        becauseOfReportId: command.becauseOfReportId,
        withdrawnAt: command.now,
      },
    }));
}
