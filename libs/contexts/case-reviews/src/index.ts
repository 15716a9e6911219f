import { CreateCaseReviewTables1765200300000 } from './migrations/1765200300000-create-case-review-tables';

export { CaseReviewsModule, CaseReviewsSubjectAccessModule, CASE_REVIEWS_PROJECTIONS } from './case-reviews.module';
export { CaseReviewsSubjectAccess } from './subject-access/case-reviews-subject-access';
// The use cases and their clock, for callers that drive them directly (the demo seed).
export { ApplyForCaseReview, type ApplyInput } from './commands/apply/apply.handler';
export { TakeReviewStep, type ReviewStepInput } from './commands/review-steps/review-steps.handler';
export {
  RequestCaseReviewInformation,
  AnswerCaseReviewInformationRequest,
} from './commands/information-requests/information-requests.handler';
export { DecideCaseReviewThreshold } from './commands/decide-threshold/decide-threshold.handler';
export { ChangeCaseReviewSettings } from './commands/change-settings/change-settings.handler';
export { CaseReviewsClock } from './case-reviews-clock';
// The published figures as CSV, as the API gives them, for pages that offer the download.
export { figuresCsv, type CaseReviewFigures } from './queries/case-review-figures';
export {
  caseReviewStream,
  caseReviewSettingsStream,
  CASE_REVIEW_ERRORS,
  CASE_REVIEW_EVENT_TYPES,
  type CaseReviewErrorCode,
  type CaseReviewEvent,
  type CaseReviewSettingsEvent,
} from './domain';

export const CASE_REVIEWS_MIGRATIONS = [CreateCaseReviewTables1765200300000];
