import { clockChart, markerState } from './clock-chart';
import { dateFrom } from './forms';
import { readStep, stepForm } from './steps';

describe('the clock chart', () => {
  const review = (
    id: string,
    receivedOn: string,
    milestones: Parameters<typeof clockChart>[0][number]['milestones'],
  ) => ({
    reviewId: id,
    label: id,
    receivedOn,
    milestones,
  });

  it('draws each review from receipt to today, with a marker per deadline in its state', () => {
    const chart = clockChart(
      [
        review('a', '2026-03-02', [
          {
            milestone: 'acknowledgement',
            dueOn: '2026-03-09',
            doneOn: '2026-03-05',
            workingDaysLeft: null,
            breached: false,
          },
          { milestone: 'threshold_decision', dueOn: '2026-03-23', doneOn: null, workingDaysLeft: -3, breached: true },
          { milestone: 'appeal_window', dueOn: '2026-05-01', doneOn: null, workingDaysLeft: 10, breached: false },
        ]),
        review('b', '2026-03-20', [
          { milestone: 'acknowledgement', dueOn: '2026-03-27', doneOn: null, workingDaysLeft: 2, breached: false },
        ]),
      ],
      '2026-03-26',
    );
    expect(chart.rows.map((r) => r.markers.map((m) => [m.milestone, m.state]))).toEqual([
      [
        ['acknowledgement', 'done'],
        ['threshold_decision', 'overdue'],
      ],
      [['acknowledgement', 'due']],
    ]);
    const [a, b] = chart.rows;
    // The axis runs from the first receipt to the last due day: earlier days are further left.
    expect(a.barX).toBe(chart.plotLeft);
    expect(b.barX).toBeGreaterThan(a.barX);
    expect(a.barX + a.barWidth).toBeCloseTo(chart.todayX, 0);
    expect(a.markers[1].x).toBeLessThan(chart.todayX);
    expect(b.markers[0].x).toBeGreaterThan(chart.todayX);
    expect(b.markers[0].x).toBeLessThanOrEqual(chart.plotRight);
    expect(chart.ticks.map((t) => t.label)).toEqual([]);
  });

  it('marks a deadline met late as done late', () => {
    expect(
      markerState({
        milestone: 'outcome',
        dueOn: '2026-03-02',
        doneOn: '2026-03-04',
        workingDaysLeft: null,
        breached: true,
      }),
    ).toBe('done_late');
  });

  it('labels the first day of each month on the axis', () => {
    const chart = clockChart(
      [
        review('a', '2026-01-15', [
          { milestone: 'outcome', dueOn: '2026-04-10', doneOn: null, workingDaysLeft: 5, breached: false },
        ]),
      ],
      '2026-04-01',
    );
    expect(chart.ticks.map((t) => t.label)).toEqual(['Feb 2026', 'Mar 2026', 'Apr 2026']);
  });
});

describe('reading a step of a review', () => {
  const agencies = [
    { value: '6f1c2b0e-0d5a-4c59-9a57-6f1fd0b1f001', text: 'Essex Police' },
    { value: '6f1c2b0e-0d5a-4c59-9a57-6f1fd0b1f002', text: 'Thurrock Council' },
  ];
  const optionsOf = (f: { kind: string; options?: Array<{ value: string; text: string }> }) =>
    f.options ?? (f.kind === 'agency' || f.kind === 'agencies' ? agencies : []);

  it('takes the panel’s form as the API asks it: a day, yes and no, the agencies ticked', () => {
    const { values, errors } = readStep(
      stepForm('panel')!,
      {
        'meetingOn-day': '7',
        'meetingOn-month': '4',
        'meetingOn-year': '2026',
        chairName: ' Ruth Adeyemi ',
        independentChair: 'yes',
        [`agencyIds-${agencies[1].value}`]: 'yes',
        victimInvited: 'no',
      },
      optionsOf,
    );
    expect(errors).toEqual([]);
    expect(stepForm('panel')!.body(values)).toEqual({
      meetingOn: '2026-04-07',
      chairName: 'Ruth Adeyemi',
      independentChair: true,
      agencyIds: [agencies[1].value],
      victimInvited: false,
    });
  });

  it('names each field left empty or wrong, linked to its first input', () => {
    const { errors } = readStep(
      stepForm('panel')!,
      { 'meetingOn-day': '31', 'meetingOn-month': '2', 'meetingOn-year': '2026', victimInvited: 'maybe' },
      optionsOf,
    );
    expect(errors.map((e) => e.href)).toEqual([
      '#meetingOn-day',
      '#chairName',
      '#independentChair',
      `#agencyIds-${agencies[0].value}`,
      '#victimInvited',
    ]);
    expect(errors[0].text).toContain('real date');
  });

  it('asks for what was supplied only when the agency supplies something', () => {
    const form = stepForm('answer')!;
    const base = { 'answeredOn-day': '2', 'answeredOn-month': '3', 'answeredOn-year': '2026' };
    const nothing = readStep(form, { ...base, answer: 'not_held' }, optionsOf);
    expect(nothing.errors).toEqual([]);
    expect(form.body(nothing.values)).toEqual({ answeredOn: '2026-03-02', nothingHeld: true });
    expect(readStep(form, { ...base, answer: 'supplied' }, optionsOf).errors.map((e) => e.href)).toEqual(['#summary']);
  });

  it('refuses a choice that is not offered', () => {
    const { errors } = readStep(stepForm('recommendation')!, { owningAgencyId: 'not-an-agency', text: 'x' }, optionsOf);
    expect(errors.map((e) => e.href)).toContain('#owningAgencyId');
  });

  it('reads GOV.UK date inputs strictly', () => {
    expect(dateFrom('29', '2', '2028')).toBe('2028-02-29');
    expect(dateFrom('29', '2', '2027')).toBeNull();
    expect(dateFrom('', '', '')).toBe('');
    expect(dateFrom('1', '13', '2026')).toBeNull();
  });
});
