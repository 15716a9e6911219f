import { CreateAsbReportTables1765100000000 } from './migrations/1765100000000-create-asb-report-tables';

export {
  AsbReportsModule,
  AsbReportRecordsModule,
  ASB_REPORTS_PROJECTIONS,
  ASB_REPORTS_REACTORS,
} from './asb-reports.module';
export { AsbReportRecords, type ComplaintRecord, type ReportNaming } from './queries/asb-report-records';
export { AsbReportsSubjectAccess } from './subject-access/asb-subject-access';
// The use cases, for callers that drive them directly (the demo seed, tests).
export {
  RecordAsbReport,
  type RecordAsbReportInput,
  type RecordAsbReportResult,
} from './commands/record-report/record-report.handler';
export { LinkAsbReport, UnlinkAsbReport } from './commands/incident-link/incident-link.handler';
export { WithdrawAsbReport } from './commands/withdraw-report/withdraw-report.handler';
export { ExplainCaseReview } from './commands/explain-case-review/explain-case-review.handler';
export { AsbClock } from './asb-clock';
export {
  ASB_CATEGORIES,
  ASB_ERRORS,
  EXPLANATION_METHODS,
  reportStream,
  victimStream,
  type AsbCategory,
  type AsbErrorCode,
  type ReportEvent,
  type ExplanationEvent,
} from './domain';

export const ASB_REPORTS_MIGRATIONS = [CreateAsbReportTables1765100000000];
