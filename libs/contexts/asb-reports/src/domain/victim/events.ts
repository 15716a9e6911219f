import type { DutyWithdrawalReason, ExplanationMethod } from '../codes';

/**
 * The victim's stream: the Case Review explanations owed to this person and given. Hubline appends
 * CaseReviewExplanationDue and CaseReviewExplanationWithdrawn (the duty reactor); an officer
 * appends CaseReviewExplained.
 */
export const victimStream = (personId: string) => `asb-victim-${personId}`;

export type CaseReviewExplanationDueData = {
  dutyId: string;
  partnershipId: string;
  victimPersonId: string;
  /** The receiving agency of the report that made it due: it owes the explanation. */
  agencyId: string;
  reportId: string;
  /** The victim's other reports, of other incidents, within six months of it. */
  otherReportIds: string[];
  /** The day the triggering report was made. */
  arisenOn: string;
  arisenAt: string;
};

export type CaseReviewExplainedData = {
  dutyId: string;
  partnershipId: string;
  victimPersonId: string;
  agencyId: string;
  how: ExplanationMethod;
  explainedOn: string;
  explainedByUserId: string;
  recordedAt: string;
};

/**
 * An explanation still owed that no longer holds: the reports that made it due were linked as one
 * incident, or one was withdrawn. One already given stays given.
 */
export type CaseReviewExplanationWithdrawnData = {
  dutyId: string;
  partnershipId: string;
  victimPersonId: string;
  agencyId: string;
  reason: DutyWithdrawalReason;
  /** The report whose link or withdrawal undid it. */
  becauseOfReportId: string;
  withdrawnAt: string;
};

export type ExplanationEvent =
  | { type: 'CaseReviewExplanationDue'; data: CaseReviewExplanationDueData }
  | { type: 'CaseReviewExplained'; data: CaseReviewExplainedData }
  | { type: 'CaseReviewExplanationWithdrawn'; data: CaseReviewExplanationWithdrawnData };

export const EXPLANATION_EVENT_TYPES: ReadonlyArray<ExplanationEvent['type']> = [
  'CaseReviewExplanationDue',
  'CaseReviewExplained',
  'CaseReviewExplanationWithdrawn',
];
