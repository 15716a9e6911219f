/**
 * The ASB Case Review threshold: whether an application must (or, under the partnership's own
 * rules, may) go to a review. Pure: the caller supplies the complaints, the rules in force and the
 * day of the application, and records the judgement with the rules' version.
 */
export {
  STATUTORY_MAX_QUALIFYING_COMPLAINTS,
  STATUTORY_WINDOW_MONTHS,
  COMPLAINT_CATEGORIES,
  DEFAULT_THRESHOLD_RULES,
  THRESHOLD_RULE_RANGES,
  validateThresholdRules,
  type ComplaintCategory,
  type ThresholdRules,
} from './rules';
export {
  judgeThreshold,
  type Complaint,
  type ThresholdInput,
  type ComplaintReason,
  type ComplaintVerdict,
  type ThresholdBasis,
  type NotMetReason,
  type ThresholdJudgement,
} from './judge';
export { lastDayOfPeriodBeginningWith } from './periods';
export { ThresholdError, THRESHOLD_ERRORS, type ThresholdErrorCode } from './errors';
