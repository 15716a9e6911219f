/** The pure ASB Case Review domain: the review's decider, the partnership's settings, and the engine's rules. */
export type { Sealed } from './sealed';
export { CaseReviewError, CASE_REVIEW_ERRORS, type CaseReviewErrorCode } from './errors';
export * from './review';
export * from './settings';
