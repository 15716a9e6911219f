/**
 * The deadlines of an ASB Case Review in working days: the partnership's timescales (versioned,
 * each within its allowed range) and where a review stands against each on a given day.
 */
export {
  MILESTONES,
  TIMESCALE_RANGES,
  DEFAULT_TIMESCALES,
  validateTimescales,
  milestonesOf,
  type Milestone,
  type Timescales,
  type ReviewDates,
  type MilestoneStatus,
} from './timescales';
export { TimescaleError, TIMESCALE_ERRORS, type TimescaleErrorCode } from './errors';
