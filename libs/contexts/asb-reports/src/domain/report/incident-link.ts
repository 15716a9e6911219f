import { UNLINK_REASONS, type UnlinkReason } from '../codes';
import { AsbError, requireKnown } from '../errors';
import type { ReportEvent } from './events';
import type { ExistingReport } from './state';

/** The facts about the acting officer the report's who-may rules judge. */
export type AsbActor = { userId: string; agencyId: string };

/** The report another one is linked to, as its own stream folds it now. */
export type LinkTarget = { reportId: string; incidentId: string; withdrawn: boolean };

export type LinkToIncident = {
  type: 'LinkToIncident';
  reportId: string;
  partnershipId: string;
  target: LinkTarget;
  /** True when other reports have joined this report's own incident (then link them, or link the other way). */
  othersShareThisIncident: boolean;
  actor: AsbActor;
  now: string;
};

export type UnlinkFromIncident = {
  type: 'UnlinkFromIncident';
  reportId: string;
  partnershipId: string;
  reason: UnlinkReason;
  actor: AsbActor;
  now: string;
};

/** Only the receiving agency's officers change how their report is counted. */
export function requireReceivingAgency(report: ExistingReport, actor: AsbActor): void {
  if (report.record.agencyId !== actor.agencyId)
    throw new AsbError(
      'ASB_REPORT.NOT_YOUR_AGENCY',
      "Only an officer of the agency that received the report may change it; ask that agency, or link your own agency's report instead.",
    );
}

export function requireNotWithdrawn(report: ExistingReport): asserts report is ExistingReport & { status: 'recorded' } {
  if (report.status === 'withdrawn')
    throw new AsbError('ASB_REPORT.WITHDRAWN', 'This report was withdrawn as recorded in error.');
}

/** A report joins the incident of another report, never its own, and never a withdrawn one's. */
export function requireLinkable(reportId: string, target: LinkTarget): void {
  if (target.reportId === reportId)
    throw new AsbError('ASB_REPORT.LINK_TO_ITSELF', 'A report cannot be linked to itself.');
  if (target.withdrawn)
    throw new AsbError('ASB_REPORT.LINK_TO_WITHDRAWN', 'That report was withdrawn; it is no incident to join.');
}

/**
 * The recording agency says its report tells of the same incident as another report (of any
 * agency): it joins that report's incident, so the incident counts once. A report whose own
 * incident others have joined is not moved (the others would be left on an incident of one).
 */
export function linkToIncident(command: LinkToIncident, report: ExistingReport): ReportEvent[] {
  requireNotWithdrawn(report);
  requireReceivingAgency(report, command.actor);
  const { target } = command;
  requireLinkable(command.reportId, target);
  if (target.incidentId === report.record.incidentId)
    throw new AsbError('ASB_REPORT.ALREADY_SAME_INCIDENT', 'The two reports are already one incident.');
  if (command.othersShareThisIncident)
    throw new AsbError(
      'ASB_REPORT.HAS_LINKED_REPORTS',
      'Other reports are linked to this one; link that report to this one instead, or unlink the others first.',
    );
  return [
    {
      type: 'AsbReportLinkedToIncident',
      data: {
        reportId: command.reportId,
        partnershipId: command.partnershipId,
        victimPersonId: report.record.victimPersonId,
        incidentId: target.incidentId,
        previousIncidentId: report.record.incidentId,
        sameIncidentAsReportId: target.reportId,
        linkedByUserId: command.actor.userId,
        linkedByAgencyId: command.actor.agencyId,
        linkedAt: command.now,
      },
    },
  ];
}

/** A wrong link is undone, with the reason: the report is its own incident again. */
export function unlinkFromIncident(command: UnlinkFromIncident, report: ExistingReport): ReportEvent[] {
  requireNotWithdrawn(report);
  requireReceivingAgency(report, command.actor);
  const reason = requireKnown(UNLINK_REASONS, command.reason, 'ASB_REPORT.UNKNOWN_CODE', 'reason');
  if (report.record.incidentId === command.reportId)
    throw new AsbError('ASB_REPORT.NOT_LINKED', 'This report is not linked to another report’s incident.');
  return [
    {
      type: 'AsbReportUnlinkedFromIncident',
      data: {
        reportId: command.reportId,
        partnershipId: command.partnershipId,
        victimPersonId: report.record.victimPersonId,
        incidentId: command.reportId,
        previousIncidentId: report.record.incidentId,
        reason,
        unlinkedByUserId: command.actor.userId,
        unlinkedByAgencyId: command.actor.agencyId,
        unlinkedAt: command.now,
      },
    },
  ];
}
