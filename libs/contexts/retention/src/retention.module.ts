import { Module } from '@nestjs/common';
import { AsbReportRecordsModule } from '@hubline/asb-reports';
import { CaseReviewsSubjectAccessModule } from '@hubline/case-reviews';
import { EnforcementRecordsModule } from '@hubline/enforcement';
import { LagCaseRecordsModule } from '@hubline/lag';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { SharingSubjectAccessModule } from '@hubline/sharing';
import { RetentionController } from './http/retention.controller';
import { SubjectAccessController } from './http/subject-access.controller';
import { SubjectAccessExporter } from './subject-access/subject-access-export';
import { RetentionPolicies } from './sweep/retention-policies';
import { RetentionSweeper } from './sweep/retention-sweeper';

/**
 * Retention (the partnership's policy, legal holds, the sweep and its schedule) and subject access
 * exports. The sweep asks the LAG (LagCaseRecords) which cases name whom and when they ended, and
 * the ASB reports (AsbReportRecords) which reports name whom and when they were recorded, the
 * enforcement context (EnforcementRecords) which orders were served on whom and when they ended, and
 * the people context (PeopleDirectory) how records were merged; it forgets through the people
 * context's ForgetPerson command, so the app must also serve PeopleModule. A subject access export
 * asks each context for what it holds about the person (PeopleSubjectAccess, LagSubjectAccess,
 * SharingSubjectAccess, AsbReportsSubjectAccess, CaseReviewsSubjectAccess, EnforcementSubjectAccess) and reads the consultation log (a platform table) itself.
 */
@Module({
  imports: [
    PartnershipDirectoryModule,
    PeopleDirectoryModule,
    LagCaseRecordsModule,
    SharingSubjectAccessModule,
    AsbReportRecordsModule,
    CaseReviewsSubjectAccessModule,
    EnforcementRecordsModule,
  ],
  controllers: [RetentionController, SubjectAccessController],
  providers: [RetentionPolicies, RetentionSweeper, SubjectAccessExporter],
})
export class RetentionModule {}
