import type { AsbReportRecordedData } from './events';

export type ReportRecord = Omit<AsbReportRecordedData, 'narrative'>;

export type ReportState =
  { status: 'none' } | { status: 'recorded'; record: ReportRecord } | { status: 'withdrawn'; record: ReportRecord };

export type ExistingReport = Exclude<ReportState, { status: 'none' }>;

export const initialReportState: ReportState = { status: 'none' };
