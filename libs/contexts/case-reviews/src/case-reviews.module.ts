import { Module } from '@nestjs/common';
import { AsbReportRecordsModule } from '@hubline/asb-reports';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { SharingBasisModule } from '@hubline/sharing';
import { CaseReviewsClock } from './case-reviews-clock';
import { ApplyForCaseReviewHandler } from './commands/apply/apply.handler';
import { CaseReviewReferences } from './commands/case-review-references';
import { CaseReviewStreams } from './commands/case-review-streams';
import { ChangeCaseReviewSettingsHandler } from './commands/change-settings/change-settings.handler';
import { DecideCaseReviewThresholdHandler } from './commands/decide-threshold/decide-threshold.handler';
import {
  AnswerCaseReviewInformationRequestHandler,
  RequestCaseReviewInformationHandler,
} from './commands/information-requests/information-requests.handler';
import { TakeReviewStepHandler } from './commands/review-steps/review-steps.handler';
import { CaseReviewsController } from './http/case-reviews.controller';
import { CaseReviewSettingsController } from './http/settings.controller';
import { CaseReviewsProjection } from './projections/case-reviews.projection';
import { CaseReviewFiguresService } from './queries/case-review-figures';
import { CaseReviewViews } from './queries/case-review-views';
import { CaseReviewsReadModel } from './queries/case-reviews-read-model';
import { ReviewDeadlines } from './queries/review-deadlines';
import { CaseReviewsSubjectAccess } from './subject-access/case-reviews-subject-access';

/**
 * ASB Case Reviews: applications, information requests, the threshold, the panel and its
 * recommendations, the outcome and the PFCC's review. Reads partnership reference data, people,
 * consents and ASB reports through their facades.
 */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule, SharingBasisModule, AsbReportRecordsModule],
  controllers: [CaseReviewSettingsController, CaseReviewsController],
  providers: [
    CaseReviewsClock,
    CaseReviewStreams,
    CaseReviewReferences,
    CaseReviewsReadModel,
    CaseReviewViews,
    CaseReviewFiguresService,
    ReviewDeadlines,
    ApplyForCaseReviewHandler,
    TakeReviewStepHandler,
    RequestCaseReviewInformationHandler,
    AnswerCaseReviewInformationRequestHandler,
    DecideCaseReviewThresholdHandler,
    ChangeCaseReviewSettingsHandler,
  ],
})
export class CaseReviewsModule {}

/**
 * What the case reviews hold about a person, for the subject access export (the retention
 * context): an app that composes it must run the case reviews' migrations.
 */
@Module({
  providers: [CaseReviewsReadModel, CaseReviewsSubjectAccess],
  exports: [CaseReviewsSubjectAccess],
})
export class CaseReviewsSubjectAccessModule {}

/** The case reviews' projections; an app lists them in ProjectionsModule. */
export const CASE_REVIEWS_PROJECTIONS = [CaseReviewsProjection];
