import { TimescaleError } from './errors';
import {
  DEFAULT_TIMESCALES,
  milestonesOf,
  validateTimescales,
  type Milestone,
  type MilestoneStatus,
  type ReviewDates,
  type Timescales,
} from './timescales';

const review = (over: Partial<ReviewDates> & { receivedOn: string }): ReviewDates => ({
  acknowledgedOn: null,
  thresholdDecidedOn: null,
  thresholdMet: null,
  panelHeldOn: null,
  outcomeSentOn: null,
  closedOn: null,
  ...over,
});

function statusOn(dates: ReviewDates, today: string, t: Timescales = DEFAULT_TIMESCALES) {
  const list = milestonesOf(dates, t, today);
  expect(list.map((m) => m.milestone)).toEqual([
    'acknowledgement',
    'threshold_decision',
    'panel_meeting',
    'outcome',
    'appeal_window',
  ]);
  return Object.fromEntries(list.map((m) => [m.milestone, m])) as Record<Milestone, MilestoneStatus>;
}

function codeOf(call: () => unknown): { code: string; problems: unknown } {
  try {
    call();
  } catch (e) {
    if (e instanceof TimescaleError) return { code: e.code, problems: e.details?.problems };
    throw e;
  }
  throw new Error('expected a TimescaleError');
}

describe('case review timescales', () => {
  it('default to 5, 15, 20, 5 and 20 working days', () => {
    expect(DEFAULT_TIMESCALES).toEqual({
      version: 1,
      acknowledgeWorkingDays: 5,
      thresholdDecisionWorkingDays: 15,
      panelMeetingWorkingDays: 20,
      outcomeWorkingDays: 5,
      appealWindowWorkingDays: 20,
    });
    expect(() => validateTimescales(DEFAULT_TIMESCALES)).not.toThrow();
  });

  it('accept each end of each allowed range', () => {
    const low = {
      version: 2,
      acknowledgeWorkingDays: 1,
      thresholdDecisionWorkingDays: 5,
      panelMeetingWorkingDays: 10,
      outcomeWorkingDays: 1,
      appealWindowWorkingDays: 10,
    };
    const high = {
      version: 3,
      acknowledgeWorkingDays: 10,
      thresholdDecisionWorkingDays: 20,
      panelMeetingWorkingDays: 30,
      outcomeWorkingDays: 10,
      appealWindowWorkingDays: 25,
    };
    expect(() => validateTimescales(low)).not.toThrow();
    expect(() => validateTimescales(high)).not.toThrow();
  });

  it.each<[keyof Timescales, number]>([
    ['acknowledgeWorkingDays', 0],
    ['acknowledgeWorkingDays', 11],
    ['thresholdDecisionWorkingDays', 4],
    ['thresholdDecisionWorkingDays', 21],
    ['panelMeetingWorkingDays', 9],
    ['panelMeetingWorkingDays', 31],
    ['outcomeWorkingDays', 0],
    ['outcomeWorkingDays', 11],
    ['appealWindowWorkingDays', 9],
    ['appealWindowWorkingDays', 26],
    ['acknowledgeWorkingDays', 2.5],
    ['version', 0],
  ])('refuse %s of %d', (field, value) => {
    const { code, problems } = codeOf(() => validateTimescales({ ...DEFAULT_TIMESCALES, [field]: value }));
    expect(code).toBe('CASE_REVIEW.INVALID_TIMESCALES');
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${field}:`))]);
  });
});

describe('where a review stands', () => {
  it('an application received on Wednesday 23 December 2026: the acknowledgement is due after Christmas and New Year', () => {
    // 24 Dec (1); 25 Christmas, 26-27 weekend, 28 Boxing Day substitute; 29 (2), 30 (3), 31 (4);
    // 1 Jan New Year, 2-3 weekend; 4 Jan (5).
    const dates = review({ receivedOn: '2026-12-23' });
    const onChristmasEve = statusOn(dates, '2026-12-24');
    expect(onChristmasEve.acknowledgement).toEqual({
      milestone: 'acknowledgement',
      applies: true,
      dueOn: '2027-01-04',
      doneOn: null,
      workingDaysLeft: 4,
      breached: false,
    });
    // 15 working days: the 5 above, then 5-8 Jan (9), 11-15 Jan (14), 18 Jan (15).
    expect(onChristmasEve.threshold_decision).toMatchObject({ dueOn: '2027-01-18', workingDaysLeft: 14 });
    expect(onChristmasEve.panel_meeting).toMatchObject({ applies: true, dueOn: null, workingDaysLeft: null });
    expect(onChristmasEve.outcome).toMatchObject({ dueOn: null, breached: false });
    expect(onChristmasEve.appeal_window).toMatchObject({ dueOn: null, breached: false });

    expect(statusOn(dates, '2027-01-01').acknowledgement).toMatchObject({ workingDaysLeft: 1, breached: false });
    expect(statusOn(dates, '2027-01-04').acknowledgement).toMatchObject({ workingDaysLeft: 0, breached: false });
    expect(statusOn(dates, '2027-01-05').acknowledgement).toMatchObject({ workingDaysLeft: -1, breached: true });

    const acknowledgedInTime = statusOn({ ...dates, acknowledgedOn: '2026-12-31' }, '2027-01-12');
    expect(acknowledgedInTime.acknowledgement).toMatchObject({
      doneOn: '2026-12-31',
      workingDaysLeft: null,
      breached: false,
    });
    const acknowledgedLate = statusOn({ ...dates, acknowledgedOn: '2027-01-05' }, '2027-01-12');
    expect(acknowledgedLate.acknowledgement).toMatchObject({ doneOn: '2027-01-05', breached: true });
  });

  it('an application received on Thursday 25 March 2027: the acknowledgement is due after Easter', () => {
    // 26 Good Friday, 27-28 weekend, 29 Easter Monday; 30 (1), 31 (2), 1 Apr (3), 2 Apr (4), 5 Apr (5).
    const status = statusOn(review({ receivedOn: '2027-03-25' }), '2027-03-26');
    expect(status.acknowledgement).toMatchObject({ dueOn: '2027-04-05', workingDaysLeft: 5 });
  });

  it('a review that met the threshold, step by step, with its panel held late', () => {
    const dates = review({
      receivedOn: '2027-01-11',
      acknowledgedOn: '2027-01-13',
      thresholdDecidedOn: '2027-01-29',
      thresholdMet: true,
      panelHeldOn: '2027-03-03',
      outcomeSentOn: '2027-03-09',
    });
    const status = statusOn(dates, '2027-03-15');
    expect(status.acknowledgement).toMatchObject({ dueOn: '2027-01-18', breached: false });
    expect(status.threshold_decision).toMatchObject({ dueOn: '2027-02-01', doneOn: '2027-01-29', breached: false });
    // 20 working days from Friday 29 January: four whole weeks.
    expect(status.panel_meeting).toMatchObject({ dueOn: '2027-02-26', doneOn: '2027-03-03', breached: true });
    expect(status.outcome).toMatchObject({ dueOn: '2027-03-10', doneOn: '2027-03-09', breached: false });
    // 20 working days from 9 March, over Easter 2027 (26 and 29 March): 8 April.
    expect(status.appeal_window).toMatchObject({
      applies: true,
      dueOn: '2027-04-08',
      doneOn: null,
      workingDaysLeft: 16,
      breached: false,
    });
    // The appeal window running out is the applicant's time, not a breach by the partnership.
    expect(statusOn(dates, '2027-04-20').appeal_window).toMatchObject({ workingDaysLeft: -8, breached: false });
    expect(statusOn({ ...dates, closedOn: '2027-04-09' }, '2027-04-20').appeal_window).toMatchObject({
      doneOn: '2027-04-09',
      workingDaysLeft: null,
      breached: false,
    });
  });

  it('a panel meeting that is overdue while still to be held', () => {
    const dates = review({ receivedOn: '2027-01-11', thresholdDecidedOn: '2027-01-29', thresholdMet: true });
    expect(statusOn(dates, '2027-03-01').panel_meeting).toMatchObject({
      dueOn: '2027-02-26',
      doneOn: null,
      workingDaysLeft: -1,
      breached: true,
    });
    // The acknowledgement was never recorded: still open, and long overdue.
    expect(statusOn(dates, '2027-03-01').acknowledgement).toMatchObject({ breached: true, workingDaysLeft: -30 });
  });

  it('when the threshold was not met, no panel and no outcome are due; the letter starts the appeal window', () => {
    const dates = review({
      receivedOn: '2027-01-11',
      acknowledgedOn: '2027-01-12',
      thresholdDecidedOn: '2027-01-25',
      thresholdMet: false,
      outcomeSentOn: '2027-01-26',
    });
    const status = statusOn(dates, '2027-06-01');
    expect(status.panel_meeting).toEqual({
      milestone: 'panel_meeting',
      applies: false,
      dueOn: null,
      doneOn: null,
      workingDaysLeft: null,
      breached: false,
    });
    expect(status.outcome).toEqual({
      milestone: 'outcome',
      applies: false,
      dueOn: null,
      doneOn: '2027-01-26',
      workingDaysLeft: null,
      breached: false,
    });
    expect(status.appeal_window).toMatchObject({ applies: true, dueOn: '2027-02-23', breached: false });
  });

  it('uses the timescales it is given', () => {
    const fast = { ...DEFAULT_TIMESCALES, version: 2, acknowledgeWorkingDays: 2 };
    expect(statusOn(review({ receivedOn: '2026-12-23' }), '2026-12-23', fast).acknowledgement.dueOn).toBe('2026-12-29');
  });

  it.each<[string, Partial<ReviewDates>, string]>([
    ['a received day that is not a day', { receivedOn: '2027-02-30' }, 'receivedOn'],
    ['an acknowledgement before receipt', { receivedOn: '2027-01-11', acknowledgedOn: '2027-01-10' }, 'acknowledgedOn'],
    ['a decision with no result', { receivedOn: '2027-01-11', thresholdDecidedOn: '2027-01-20' }, 'thresholdMet'],
    ['a result with no decision', { receivedOn: '2027-01-11', thresholdMet: true }, 'thresholdMet'],
    [
      'a panel after a threshold not met',
      { receivedOn: '2027-01-11', thresholdDecidedOn: '2027-01-20', thresholdMet: false, panelHeldOn: '2027-02-01' },
      'panelHeldOn',
    ],
  ])('refuses %s', (_what, over, field) => {
    const { code, problems } = codeOf(() =>
      milestonesOf(review({ receivedOn: '2027-01-11', ...over }), DEFAULT_TIMESCALES, '2027-03-01'),
    );
    expect(code).toBe('CASE_REVIEW.INVALID_REVIEW_DATES');
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${field}:`))]);
  });

  it('refuses a today that is not a day, and timescales out of range', () => {
    expect(
      codeOf(() => milestonesOf(review({ receivedOn: '2027-01-11' }), DEFAULT_TIMESCALES, '11/01/2027')).code,
    ).toBe('CASE_REVIEW.INVALID_REVIEW_DATES');
    expect(
      codeOf(() =>
        milestonesOf(
          review({ receivedOn: '2027-01-11' }),
          { ...DEFAULT_TIMESCALES, outcomeWorkingDays: 40 },
          '2027-01-11',
        ),
      ).code,
    ).toBe('CASE_REVIEW.INVALID_TIMESCALES');
  });
});
