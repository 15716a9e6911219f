import { addWorkingDays, isIsoDate, workingDaysBetween } from '@hubline/calendar';
import { TimescaleError } from './errors';

/**
 * The steps of an ASB Case Review that have a deadline. The law sets none of these: each
 * partnership's published procedure does, in working days (Monday to Friday, less the bank
 * holidays of England and Wales).
 */
export type Milestone = 'acknowledgement' | 'threshold_decision' | 'panel_meeting' | 'outcome' | 'appeal_window';
export const MILESTONES: readonly Milestone[] = [
  'acknowledgement',
  'threshold_decision',
  'panel_meeting',
  'outcome',
  'appeal_window',
];

/** A partnership's timescales, in working days. Each decision records the version it used. */
export interface Timescales {
  version: number;
  /** From receipt of the application to its acknowledgement. */
  acknowledgeWorkingDays: number;
  /** From receipt to the threshold decision (after asking every relevant body for its records). */
  thresholdDecisionWorkingDays: number;
  /** From the threshold decision (met) to the panel meeting. */
  panelMeetingWorkingDays: number;
  /** From the panel meeting to the outcome and action plan reaching the applicant. */
  outcomeWorkingDays: number;
  /** From the outcome (or the letter saying the threshold was not met) being sent: the time to appeal. */
  appealWindowWorkingDays: number;
}

type Days = Exclude<keyof Timescales, 'version'>;

/**
 * The range each timescale may be set in: wide enough for the procedures in use (acknowledge in
 * 2 to 10 working days, decide in 10 to 15, meet in about 20, report 5 to 10 after, appeal in
 * 15 to 21), narrow enough that a mistyped value is refused.
 */
export const TIMESCALE_RANGES: Record<Days, { min: number; max: number }> = {
  acknowledgeWorkingDays: { min: 1, max: 10 },
  thresholdDecisionWorkingDays: { min: 5, max: 20 },
  panelMeetingWorkingDays: { min: 10, max: 30 },
  outcomeWorkingDays: { min: 1, max: 10 },
  appealWindowWorkingDays: { min: 10, max: 25 },
};

export const DEFAULT_TIMESCALES: Timescales = {
  version: 1,
  acknowledgeWorkingDays: 5,
  thresholdDecisionWorkingDays: 15,
  panelMeetingWorkingDays: 20,
  outcomeWorkingDays: 5,
  appealWindowWorkingDays: 20,
};

const whole = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Throws `CASE_REVIEW.INVALID_TIMESCALES`, with every problem in `details.problems`. */
export function validateTimescales(t: Timescales): void {
  if (typeof t !== 'object' || t === null)
    throw new TimescaleError('CASE_REVIEW.INVALID_TIMESCALES', 'The timescales are missing.', {
      problems: ['timescales: an object.'],
    });
  const problems: string[] = [];
  if (!whole(t.version, 1, Number.MAX_SAFE_INTEGER)) problems.push('version: a whole number from 1.');
  for (const [field, { min, max }] of Object.entries(TIMESCALE_RANGES) as [Days, { min: number; max: number }][])
    if (!whole(t[field], min, max)) problems.push(`${field}: a whole number of working days from ${min} to ${max}.`);
  if (problems.length)
    throw new TimescaleError('CASE_REVIEW.INVALID_TIMESCALES', 'The timescales are not valid.', { problems });
}

/** The days (YYYY-MM-DD) a review reached each step; null where it has not (yet). */
export interface ReviewDates {
  receivedOn: string;
  acknowledgedOn: string | null;
  thresholdDecidedOn: string | null;
  thresholdMet: boolean | null;
  panelHeldOn: string | null;
  outcomeSentOn: string | null;
  closedOn: string | null;
}

export interface MilestoneStatus {
  milestone: Milestone;
  /** False for the panel and its outcome when the threshold was not met. */
  applies: boolean;
  /** Null when the step it counts from has not happened, or it does not apply. */
  dueOn: string | null;
  doneOn: string | null;
  /** Working days from today to dueOn: 0 due today, negative overdue; null when done or not started. */
  workingDaysLeft: number | null;
  /** Done after dueOn, or still open after dueOn. Never for the appeal window: that is the applicant's time. */
  breached: boolean;
}

function checkDates(dates: ReviewDates, today: string): void {
  const problems: string[] = [];
  if (!isIsoDate(today)) problems.push('today: a calendar day, YYYY-MM-DD.');
  if (typeof dates !== 'object' || dates === null) problems.push('dates: the review dates.');
  else {
    if (!isIsoDate(dates.receivedOn)) problems.push('receivedOn: a calendar day, YYYY-MM-DD.');
    for (const field of ['acknowledgedOn', 'thresholdDecidedOn', 'panelHeldOn', 'outcomeSentOn', 'closedOn'] as const) {
      const day = dates[field];
      if (day === null) continue;
      if (!isIsoDate(day)) problems.push(`${field}: a calendar day, YYYY-MM-DD, or null.`);
      else if (isIsoDate(dates.receivedOn) && day < dates.receivedOn) problems.push(`${field}: not before receivedOn.`);
    }
    if (dates.thresholdMet !== null && typeof dates.thresholdMet !== 'boolean')
      problems.push('thresholdMet: true, false or null.');
    if ((dates.thresholdDecidedOn === null) !== (dates.thresholdMet === null))
      problems.push('thresholdMet: given exactly when thresholdDecidedOn is.');
    if (dates.thresholdMet === false && dates.panelHeldOn !== null)
      problems.push('panelHeldOn: no panel is held when the threshold was not met.');
  }
  if (problems.length)
    throw new TimescaleError('CASE_REVIEW.INVALID_REVIEW_DATES', 'The review dates are not valid.', { problems });
}

/**
 * Where a review stands against each deadline on `today`:
 * - acknowledgement and threshold decision: counted from receipt;
 * - panel meeting: from the threshold decision, when it was met;
 * - outcome: from the panel meeting. When the threshold was not met there is no panel, and the
 *   outcome is the letter saying so: it does not apply, and its `doneOn` is the day it was sent;
 * - appeal window: from the outcome (or that letter) being sent, until the review is closed.
 * A deadline counts `n` working days after its starting day, the starting day not counted.
 */
export function milestonesOf(dates: ReviewDates, t: Timescales, today: string): MilestoneStatus[] {
  validateTimescales(t);
  checkDates(dates, today);
  const met = dates.thresholdMet;
  const track = (
    milestone: Milestone,
    from: string | null,
    days: number,
    doneOn: string | null,
    applies = true,
    canBreach = true,
  ): MilestoneStatus => {
    const dueOn = applies && from !== null ? addWorkingDays(from, days) : null;
    const open = dueOn !== null && doneOn === null;
    return {
      milestone,
      applies,
      dueOn,
      doneOn,
      workingDaysLeft: open ? workingDaysBetween(today, dueOn) : null,
      breached: canBreach && dueOn !== null && (doneOn !== null ? doneOn > dueOn : today > dueOn),
    };
  };
  return [
    track('acknowledgement', dates.receivedOn, t.acknowledgeWorkingDays, dates.acknowledgedOn),
    track('threshold_decision', dates.receivedOn, t.thresholdDecisionWorkingDays, dates.thresholdDecidedOn),
    track(
      'panel_meeting',
      met === true ? dates.thresholdDecidedOn : null,
      t.panelMeetingWorkingDays,
      dates.panelHeldOn,
      met !== false,
    ),
    track('outcome', dates.panelHeldOn, t.outcomeWorkingDays, dates.outcomeSentOn, met !== false),
    track('appeal_window', dates.outcomeSentOn, t.appealWindowWorkingDays, dates.closedOn, true, false),
  ];
}
