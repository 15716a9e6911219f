import type { AsbCategory, HateCharacteristic, Reporter, UnlinkReason, WithdrawalReason } from '../codes';
import type { Sealed } from '../sealed';

export const reportStream = (reportId: string) => `asb-report-${reportId}`;

// ---- events (stored contracts: names and meanings never change; days `YYYY-MM-DD`, times ISO instants) ----

export type AsbReportRecordedData = {
  reportId: string;
  partnershipId: string;
  /** The report's incident: its own id until it is linked to another report's incident. */
  incidentId: string;
  /** The receiving agency (the recording officer's) and its own reference for the report. */
  agencyId: string;
  agencyReference: string;
  reporter: Reporter;
  /** The person the behaviour was against; null for a business or group report with no person. */
  victimPersonId: string | null;
  behaviourOn: string;
  /** The last day of behaviour over several days; null for one day. */
  behaviourTo: string | null;
  reportedOn: string;
  category: AsbCategory;
  /** Empty unless the category is hate. */
  protectedCharacteristics: HateCharacteristic[];
  /** The partnership's ward (its id in the partnerships context). */
  ward: string;
  /** Alleged perpetrators, registered people; empty when unknown. */
  alleged: string[];
  narrative: Sealed;
  /** Whose key seals the narrative: the victim's, else the reporter's, else the report's own. */
  sealedWith: string;
  recordedByUserId: string;
  recordedAt: string;
};

export type AsbReportLinkedToIncidentData = {
  reportId: string;
  partnershipId: string;
  victimPersonId: string | null;
  incidentId: string;
  previousIncidentId: string;
  /** The report whose incident this one joined. */
  sameIncidentAsReportId: string;
  linkedByUserId: string;
  linkedByAgencyId: string;
  linkedAt: string;
};

export type AsbReportUnlinkedFromIncidentData = {
  reportId: string;
  partnershipId: string;
  victimPersonId: string | null;
  /** The report is its own incident again. */
  incidentId: string;
  previousIncidentId: string;
  reason: UnlinkReason;
  unlinkedByUserId: string;
  unlinkedByAgencyId: string;
  unlinkedAt: string;
};

export type AsbReportWithdrawnData = {
  reportId: string;
  partnershipId: string;
  victimPersonId: string | null;
  reason: WithdrawalReason;
  withdrawnByUserId: string;
  withdrawnByAgencyId: string;
  withdrawnAt: string;
};

export type ReportEvent =
  | { type: 'AsbReportRecorded'; data: AsbReportRecordedData }
  | { type: 'AsbReportLinkedToIncident'; data: AsbReportLinkedToIncidentData }
  | { type: 'AsbReportUnlinkedFromIncident'; data: AsbReportUnlinkedFromIncidentData }
  | { type: 'AsbReportWithdrawn'; data: AsbReportWithdrawnData };

export const REPORT_EVENT_TYPES: ReadonlyArray<ReportEvent['type']> = [
  'AsbReportRecorded',
  'AsbReportLinkedToIncident',
  'AsbReportUnlinkedFromIncident',
  'AsbReportWithdrawn',
];
