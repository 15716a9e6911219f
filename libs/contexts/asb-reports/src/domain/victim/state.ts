import type { DutyWithdrawalReason, ExplanationMethod } from '../codes';

/** One of the victim's reports as the duty counts it. */
export interface CountedReport {
  incidentId: string;
  agencyId: string;
  reportedOn: string;
  /** False once withdrawn. */
  counted: boolean;
}

export interface Duty {
  dutyId: string;
  agencyId: string;
  reportId: string;
  arisenOn: string;
  status: 'due' | 'explained' | 'withdrawn';
  how?: ExplanationMethod;
  explainedOn?: string;
  withdrawalReason?: DutyWithdrawalReason;
}

/**
 * What the second-report duty of one victim is decided on: their reports (from the report
 * streams' events, in log order) and the duties that arose. JSON-safe: the duty reactor keeps it.
 */
export interface VictimState {
  reports: Record<string, CountedReport>;
  duties: Record<string, Duty>;
}

export const initialVictimState: VictimState = { reports: {}, duties: {} };
