import { Module } from '@nestjs/common';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { AsbClock } from './asb-clock';
import { AsbReferences } from './commands/asb-references';
import { AsbStreams } from './commands/asb-streams';
import { ExplainCaseReviewHandler } from './commands/explain-case-review/explain-case-review.handler';
import { LinkAsbReportHandler, UnlinkAsbReportHandler } from './commands/incident-link/incident-link.handler';
import { RecordAsbReportHandler } from './commands/record-report/record-report.handler';
import { WithdrawAsbReportHandler } from './commands/withdraw-report/withdraw-report.handler';
import { AsbReportsProjection } from './projections/asb-reports.projection';
import { ExplanationDutyReactor } from './projections/explanation-duty.reactor';
import { AsbReadModel } from './queries/asb-read-model';
import { AsbReportRecords } from './queries/asb-report-records';
import { ReportViews } from './queries/report-views';
import { AsbReportsSubjectAccess } from './subject-access/asb-subject-access';
import { ReportsController } from './http/reports.controller';
import { WorkListController } from './http/work-list.controller';

/**
 * ASB and hate incident reports: recording, one incident reported to several agencies, and the
 * Case Review explanation owed at a victim's second incident in six months. Needs the identity
 * context's Users (global), the access and privacy modules, and reads partnership reference data
 * and people through their facades.
 */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule],
  controllers: [ReportsController, WorkListController],
  providers: [
    AsbClock,
    AsbReadModel,
    ReportViews,
    AsbReferences,
    AsbStreams,
    RecordAsbReportHandler,
    LinkAsbReportHandler,
    UnlinkAsbReportHandler,
    WithdrawAsbReportHandler,
    ExplainCaseReviewHandler,
  ],
})
export class AsbReportsModule {}

/**
 * The published facade alone (with the migrations): for a context that counts complaints (the ASB
 * Case Review), and for subject access exports.
 */
@Module({
  providers: [AsbReadModel, AsbReportRecords, AsbReportsSubjectAccess],
  exports: [AsbReportRecords, AsbReportsSubjectAccess],
})
export class AsbReportRecordsModule {}

/** The reports read model; an app lists it in its projections. */
export const ASB_REPORTS_PROJECTIONS = [AsbReportsProjection];
/** The second-report duty; an app lists it in its reactors. */
export const ASB_REPORTS_REACTORS = [ExplanationDutyReactor];
