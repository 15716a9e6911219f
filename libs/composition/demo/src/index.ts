export { seedPartnership, actorOf, type PartnershipSpec, type SeededPartnership } from './reference-data';
export { seedPeople, type SeededPerson } from './people';
export { seedLocalityActionGroups, type LagDemoOptions, type LagDemoSummary } from './lag';
export { seedSharingAgreement } from './sharing';
export {
  seedAsbReports,
  REVIEW_HISTORIES,
  RECEIVERS,
  type AsbDemoOptions,
  type AsbDemoSummary,
  type ReviewHistory,
} from './asb';
export { seedCaseReviews, seedCaseReviewProcedure, REVIEW_SCRIPTS, type CaseReviewDemoSummary } from './case-reviews';
export { seedEnforcementOrders, type EnforcementDemoSummary } from './enforcement';
export { SeededRandom } from './random';
export { THURROCK } from './thurrock';
export { stableId } from '@hubline/event-store';
