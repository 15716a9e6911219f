export { seedPartnership, actorOf, type PartnershipSpec, type SeededPartnership } from './reference-data';
export { seedPeople, type SeededPerson } from './people';
export { seedLocalityActionGroups, type LagDemoOptions, type LagDemoSummary } from './lag';
export { seedSharingAgreement } from './sharing';
export { seedCaseReviewProcedure } from './case-reviews';
export { SeededRandom } from './random';
export { THURROCK } from './thurrock';
export { stableId } from '@hubline/event-store';
