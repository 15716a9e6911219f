import { ThresholdError } from './errors';
import { judgeThreshold, type Complaint, type ComplaintReason, type NotMetReason, type ThresholdBasis } from './judge';
import { lastDayOfPeriodBeginningWith } from './periods';
import { DEFAULT_THRESHOLD_RULES, type ThresholdRules } from './rules';

/** A report to the council by the victim, of its own incident, on the day of the behaviour unless said. */
function c(reportId: string, behaviourOn: string, reportedOn = behaviourOn, extra: Partial<Complaint> = {}): Complaint {
  return {
    reportId,
    incidentId: `incident-${reportId}`,
    agencyId: 'agency-council',
    agencyIsRelevantBody: true,
    reporterKey: 'person-victim',
    behaviourOn,
    reportedOn,
    category: 'nuisance',
    ...extra,
  };
}
const toPolice = { agencyId: 'agency-police' };
const toCharity = { agencyId: 'agency-charity', agencyIsRelevantBody: false };
const hate = { category: 'hate' as const };
const by = (reporterKey: string) => ({ reporterKey });

function rules(
  overrides: Partial<Omit<ThresholdRules, 'community'>> & { community?: Partial<ThresholdRules['community']> } = {},
) {
  return {
    ...DEFAULT_THRESHOLD_RULES,
    ...overrides,
    community: { ...DEFAULT_THRESHOLD_RULES.community, ...overrides.community },
  } as ThresholdRules;
}
const communityOn = (over: Partial<ThresholdRules['community']> = {}) => ({ community: { enabled: true, ...over } });

/** Two complaints that qualify for an application in March 2027, so a third decides the statutory number. */
const twoGood = [c('good-1', '2027-01-20'), c('good-2', '2027-02-03')];

type Case = {
  name: string;
  applicationOn: string;
  complaints: Complaint[];
  communityComplaints?: Complaint[];
  rules?: ThresholdRules;
  discretion?: { reason: string };
  met: boolean;
  basis: ThresholdBasis | null;
  qualifyingIncidents?: number;
  notMetReasons?: NotMetReason[];
  /** The verdicts to check, by report: its reasons, and the report it duplicates. */
  verdicts?: Record<string, ComplaintReason[] | { reasons: ComplaintReason[]; sameAs: string }>;
  community?: { reports: number; reporters: number } | null;
};

const CASES: Case[] = [
  // One month beginning with the day of the behaviour.
  {
    name: 'a complaint on the last day of the month beginning with the behaviour (10 Jan -> 9 Feb) qualifies',
    applicationOn: '2027-03-01',
    complaints: [...twoGood, c('edge', '2027-01-10', '2027-02-09')],
    met: true,
    basis: 'statutory_number',
    qualifyingIncidents: 3,
    verdicts: { edge: [] },
  },
  {
    name: 'a complaint exactly one calendar month after the behaviour (10 Jan -> 10 Feb) is one day too late',
    applicationOn: '2027-03-01',
    complaints: [...twoGood, c('late', '2027-01-10', '2027-02-10')],
    met: false,
    basis: null,
    qualifyingIncidents: 2,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
    verdicts: { late: ['REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'] },
  },
  {
    name: 'month end: behaviour on 31 Jan 2027, reported 28 Feb (no 31 Feb, so the month runs to its end)',
    applicationOn: '2027-03-15',
    complaints: [...twoGood, c('edge', '2027-01-31', '2027-02-28')],
    met: true,
    basis: 'statutory_number',
    verdicts: { edge: [] },
  },
  {
    name: 'month end: behaviour on 31 Jan 2027, reported 1 Mar is too late',
    applicationOn: '2027-03-15',
    complaints: [...twoGood, c('late', '2027-01-31', '2027-03-01')],
    met: false,
    basis: null,
    verdicts: { late: ['REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'] },
  },
  {
    name: 'leap year: behaviour on 31 Jan 2028, reported on 29 Feb 2028, qualifies',
    applicationOn: '2028-03-10',
    complaints: [c('a', '2028-01-05'), c('b', '2028-01-20'), c('edge', '2028-01-31', '2028-02-29')],
    met: true,
    basis: 'statutory_number',
    verdicts: { edge: [] },
  },
  {
    name: 'month end: behaviour on 28 Jan 2027 has 28 Feb, so its month ends on 27 Feb and 28 Feb is late',
    applicationOn: '2027-03-15',
    complaints: [...twoGood, c('late', '2027-01-28', '2027-02-28')],
    met: false,
    basis: null,
    verdicts: { late: ['REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'] },
  },

  // Six months beginning with the day of the complaint.
  {
    name: 'an application on the last day of the six months beginning with the complaint (10 Jan -> 9 Jul)',
    applicationOn: '2027-07-09',
    complaints: [c('edge', '2027-01-10'), c('b', '2027-03-01'), c('c', '2027-05-01')],
    met: true,
    basis: 'statutory_number',
    verdicts: { edge: [] },
  },
  {
    name: 'an application exactly six calendar months after the complaint (10 Jan -> 10 Jul) is one day too late',
    applicationOn: '2027-07-10',
    complaints: [c('old', '2027-01-10'), c('b', '2027-03-01'), c('c', '2027-05-01')],
    met: false,
    basis: null,
    qualifyingIncidents: 2,
    verdicts: { old: ['APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT'], b: [], c: [] },
  },
  {
    name: 'month end: a complaint on 31 Aug 2026 still counts for an application on 28 Feb 2027',
    applicationOn: '2027-02-28',
    complaints: [c('edge', '2026-08-31'), c('b', '2026-11-02'), c('c', '2027-01-04')],
    met: true,
    basis: 'statutory_number',
    verdicts: { edge: [] },
  },
  {
    name: 'month end: a complaint on 31 Aug 2026 no longer counts for an application on 1 Mar 2027',
    applicationOn: '2027-03-01',
    complaints: [c('old', '2026-08-31'), c('b', '2026-11-02'), c('c', '2027-01-04')],
    met: false,
    basis: null,
    verdicts: { old: ['APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT'] },
  },
  {
    name: 'a complaint made after the application does not count',
    applicationOn: '2027-03-01',
    complaints: [...twoGood, c('after', '2027-02-25', '2027-03-02')],
    met: false,
    basis: null,
    verdicts: { after: ['REPORTED_AFTER_APPLICATION'] },
  },
  {
    name: 'a complaint made on the day of the application counts',
    applicationOn: '2027-03-01',
    complaints: [...twoGood, c('same-day', '2027-02-27', '2027-03-01')],
    met: true,
    basis: 'statutory_number',
    verdicts: { 'same-day': [] },
  },
  {
    name: 'a complaint to a body that is not a relevant body does not count',
    applicationOn: '2027-03-01',
    complaints: [...twoGood, c('charity', '2027-02-10', '2027-02-10', toCharity)],
    met: false,
    basis: null,
    verdicts: { charity: ['NOT_MADE_TO_A_RELEVANT_BODY'] },
  },

  // One incident reported to several agencies counts once.
  {
    name: 'one incident reported to the council and the police counts once: the earlier report, the later names it',
    applicationOn: '2027-03-01',
    complaints: [
      ...twoGood,
      c('council', '2027-02-10', '2027-02-11', { incidentId: 'incident-x' }),
      c('police', '2027-02-10', '2027-02-10', { incidentId: 'incident-x', ...toPolice }),
    ],
    met: true,
    basis: 'statutory_number',
    qualifyingIncidents: 3,
    verdicts: { police: [], council: { reasons: ['SAME_INCIDENT_AS_ANOTHER'], sameAs: 'police' } },
  },
  {
    name: 'three reports of two incidents are two: below the statutory number',
    applicationOn: '2027-03-01',
    complaints: [
      c('first', '2027-01-20'),
      c('again', '2027-01-20', '2027-01-21', { incidentId: 'incident-first', ...toPolice }),
      c('second', '2027-02-03'),
    ],
    met: false,
    basis: null,
    qualifyingIncidents: 2,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
    verdicts: { first: [], again: { reasons: ['SAME_INCIDENT_AS_ANOTHER'], sameAs: 'first' } },
  },
  {
    name: 'when the earliest report of an incident does not qualify, the earliest that does counts',
    applicationOn: '2027-03-01',
    complaints: [
      ...twoGood,
      c('charity', '2027-02-10', '2027-02-10', { incidentId: 'incident-x', ...toCharity }),
      c('council', '2027-02-10', '2027-02-12', { incidentId: 'incident-x' }),
    ],
    met: true,
    basis: 'statutory_number',
    verdicts: { charity: ['NOT_MADE_TO_A_RELEVANT_BODY'], council: [] },
  },
  {
    name: 'two reports of one incident on the same day: the first listed counts',
    applicationOn: '2027-03-01',
    complaints: [
      c('police', '2027-02-10', '2027-02-10', { incidentId: 'incident-x', ...toPolice }),
      c('council', '2027-02-10', '2027-02-10', { incidentId: 'incident-x' }),
    ],
    met: false,
    basis: null,
    qualifyingIncidents: 1,
    verdicts: { police: [], council: { reasons: ['SAME_INCIDENT_AS_ANOTHER'], sameAs: 'police' } },
  },

  // One hate incident (the Essex procedure).
  {
    name: 'hate incident rule on: one qualifying hate incident meets the threshold',
    applicationOn: '2027-03-01',
    rules: rules({ oneHateIncidentMeets: true }),
    complaints: [c('hate', '2027-02-20', '2027-02-20', hate)],
    met: true,
    basis: 'hate_incident',
    qualifyingIncidents: 1,
  },
  {
    name: 'hate incident rule off: one hate incident is one complaint like any other',
    applicationOn: '2027-03-01',
    complaints: [c('hate', '2027-02-20', '2027-02-20', hate)],
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
  },
  {
    name: 'hate incident rule on, but the hate incident was reported too late',
    applicationOn: '2027-03-01',
    rules: rules({ oneHateIncidentMeets: true }),
    complaints: [c('hate', '2027-01-05', '2027-02-20', hate), c('other', '2027-02-01')],
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS', 'NO_QUALIFYING_HATE_INCIDENT'],
    verdicts: { hate: ['REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'], other: [] },
  },
  {
    name: 'hate incident rule on, but the hate incident was reported only to a body that is not relevant',
    applicationOn: '2027-03-01',
    rules: rules({ oneHateIncidentMeets: true }),
    complaints: [c('hate', '2027-02-20', '2027-02-20', { ...hate, ...toCharity })],
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS', 'NO_QUALIFYING_HATE_INCIDENT'],
  },

  // The community threshold: 5 incidents in 6 months from at least 2 reporters (when on).
  {
    name: 'community threshold: five incidents about the problem from two reporters',
    applicationOn: '2027-03-01',
    rules: rules(communityOn()),
    complaints: [c('own', '2027-02-20')],
    communityComplaints: [
      c('n1', '2027-01-05', '2027-01-05', by('person-neighbour')),
      c('n2', '2027-01-12', '2027-01-12', by('person-neighbour')),
      c('n3', '2027-01-19', '2027-01-19', by('person-neighbour')),
      c('n4', '2027-02-02', '2027-02-02', by('person-neighbour')),
    ],
    met: true,
    basis: 'community',
    qualifyingIncidents: 1,
    community: { reports: 5, reporters: 2 },
  },
  {
    name: 'community threshold: five incidents all from one reporter fall short of two reporters',
    applicationOn: '2027-03-01',
    rules: rules(communityOn()),
    complaints: [],
    communityComplaints: ['n1', 'n2', 'n3', 'n4', 'n5'].map((id, i) =>
      c(id, `2027-01-0${i + 1}`, `2027-01-0${i + 1}`, by('org:Riverside Residents')),
    ),
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS', 'COMMUNITY_TOO_FEW_REPORTERS'],
    community: { reports: 5, reporters: 1 },
  },
  {
    name: 'community threshold: five reports of four incidents are four',
    applicationOn: '2027-03-01',
    rules: rules(communityOn()),
    complaints: [c('own', '2027-02-20')],
    communityComplaints: [
      c('n1', '2027-01-05', '2027-01-05', by('person-neighbour')),
      c('n1-police', '2027-01-05', '2027-01-06', { incidentId: 'incident-n1', ...by('person-other'), ...toPolice }),
      c('n2', '2027-01-12', '2027-01-12', by('person-neighbour')),
      c('n3', '2027-01-19', '2027-01-19', by('person-neighbour')),
    ],
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS', 'COMMUNITY_TOO_FEW_REPORTS'],
    community: { reports: 4, reporters: 3 },
  },
  {
    name: 'community threshold: reports outside its window, late, or to a body that is not relevant do not count',
    applicationOn: '2027-03-01',
    rules: rules(communityOn({ windowMonths: 3 })),
    complaints: [c('own', '2027-02-20')],
    communityComplaints: [
      c('old', '2026-11-20', '2026-11-20', by('person-a')), // three months beginning 20 Nov end 19 Feb
      c('late', '2027-01-02', '2027-02-15', by('person-b')),
      c('charity', '2027-02-01', '2027-02-01', { ...by('person-c'), ...toCharity }),
      c('n1', '2027-01-12', '2027-01-12', by('person-d')),
      c('n2', '2027-02-12', '2027-02-12', by('person-e')),
    ],
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS', 'COMMUNITY_TOO_FEW_REPORTS'],
    community: { reports: 3, reporters: 3 },
  },
  {
    name: "community threshold off: the community's reports are not counted",
    applicationOn: '2027-03-01',
    complaints: [c('own', '2027-02-20')],
    communityComplaints: ['n1', 'n2', 'n3', 'n4', 'n5'].map((id, i) =>
      c(id, `2027-01-0${i + 1}`, `2027-01-0${i + 1}`, by(`person-${id}`)),
    ),
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
    community: null,
  },

  // Senior-manager discretion below the threshold.
  {
    name: 'discretion allowed: a senior manager accepts an application below the threshold, with a reason',
    applicationOn: '2027-03-01',
    complaints: [c('one', '2027-02-20')],
    discretion: { reason: 'Escalating harm to a disabled victim' },
    met: true,
    basis: 'discretion',
    qualifyingIncidents: 1,
  },
  {
    name: 'discretion offered when the statutory number is met anyway: the statutory number is the basis',
    applicationOn: '2027-03-01',
    complaints: [...twoGood, c('third', '2027-02-20')],
    discretion: { reason: 'Persistent behaviour' },
    met: true,
    basis: 'statutory_number',
  },

  // The partnership's number, 1 to 3.
  {
    name: 'local number 1: one qualifying complaint meets the threshold',
    applicationOn: '2027-03-01',
    rules: rules({ qualifyingComplaints: 1 }),
    complaints: [c('one', '2027-02-20')],
    met: true,
    basis: 'local_number',
  },
  {
    name: 'local number 1: a complaint that does not qualify does not meet it',
    applicationOn: '2027-03-01',
    rules: rules({ qualifyingComplaints: 1 }),
    complaints: [c('one', '2027-02-20', '2027-02-20', toCharity)],
    met: false,
    basis: null,
    qualifyingIncidents: 0,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
  },
  {
    name: 'local number 2: two incidents meet it',
    applicationOn: '2027-03-01',
    rules: rules({ qualifyingComplaints: 2 }),
    complaints: twoGood,
    met: true,
    basis: 'local_number',
  },
  {
    name: 'local number 2: two reports of one incident do not',
    applicationOn: '2027-03-01',
    rules: rules({ qualifyingComplaints: 2 }),
    complaints: [c('a', '2027-02-01'), c('b', '2027-02-01', '2027-02-02', { incidentId: 'incident-a', ...toPolice })],
    met: false,
    basis: null,
    qualifyingIncidents: 1,
  },
  {
    name: 'local number 3: two incidents are not enough',
    applicationOn: '2027-03-01',
    rules: rules({ qualifyingComplaints: 3 }),
    complaints: twoGood,
    met: false,
    basis: null,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
  },
  {
    name: 'local number 2 with three incidents: the statutory number applies first',
    applicationOn: '2027-03-01',
    rules: rules({ qualifyingComplaints: 2 }),
    complaints: [...twoGood, c('third', '2027-02-20')],
    met: true,
    basis: 'statutory_number',
  },
  {
    name: 'three qualifying incidents meet the threshold whatever else the local rules say',
    applicationOn: '2027-03-01',
    rules: rules({ oneHateIncidentMeets: true, discretionAllowed: false, ...communityOn({ reports: 10 }) }),
    complaints: [...twoGood, c('third', '2027-02-20')],
    met: true,
    basis: 'statutory_number',
    community: { reports: 3, reporters: 1 },
  },

  // A local window longer than the Act's six months.
  {
    name: 'a 12-month local window: an eight-month-old complaint counts locally, not in the Act',
    applicationOn: '2027-03-01',
    rules: rules({ windowMonths: 12 }),
    complaints: [...twoGood, c('older', '2026-07-01')],
    met: true,
    basis: 'local_number',
    qualifyingIncidents: 3,
    verdicts: { older: [] },
  },
  {
    name: 'a 12-month local window: a complaint older than the window does not count',
    applicationOn: '2027-03-01',
    rules: rules({ windowMonths: 12 }),
    complaints: [...twoGood, c('oldest', '2026-02-27')],
    met: false,
    basis: null,
    verdicts: { oldest: ['APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT', 'OUTSIDE_LOCAL_WINDOW'] },
  },

  // Mixed.
  {
    name: 'mixed: each complaint keeps its own reasons, and only the two good incidents count',
    applicationOn: '2027-03-01',
    complaints: [
      c('good-1', '2027-01-20'),
      c('late', '2027-01-02', '2027-02-15'),
      c('charity', '2027-02-01', '2027-02-01', toCharity),
      c('after', '2027-03-01', '2027-03-03'),
      c('dup', '2027-01-20', '2027-01-22', { incidentId: 'incident-good-1', ...toPolice }),
      c('too-old', '2026-08-01'),
      c('good-2', '2027-02-03'),
      c('charity-late', '2026-12-01', '2027-01-15', toCharity),
    ],
    met: false,
    basis: null,
    qualifyingIncidents: 2,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
    verdicts: {
      'good-1': [],
      late: ['REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'],
      charity: ['NOT_MADE_TO_A_RELEVANT_BODY'],
      after: ['REPORTED_AFTER_APPLICATION'],
      dup: { reasons: ['SAME_INCIDENT_AS_ANOTHER'], sameAs: 'good-1' },
      'too-old': ['APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT'],
      'good-2': [],
      'charity-late': ['NOT_MADE_TO_A_RELEVANT_BODY', 'REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'],
    },
  },
  {
    name: 'no complaints at all: not met, with the reason',
    applicationOn: '2027-03-01',
    complaints: [],
    met: false,
    basis: null,
    qualifyingIncidents: 0,
    notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'],
  },
];

describe('the ASB Case Review threshold', () => {
  it.each(CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => {
    const judgement = judgeThreshold({
      applicationOn: k.applicationOn,
      complaints: k.complaints,
      communityComplaints: k.communityComplaints,
      rules: k.rules ?? DEFAULT_THRESHOLD_RULES,
      discretion: k.discretion,
    });

    expect({ met: judgement.met, basis: judgement.basis }).toEqual({ met: k.met, basis: k.basis });
    expect(judgement.rulesVersion).toBe((k.rules ?? DEFAULT_THRESHOLD_RULES).version);
    // "Not met" always says why; "met" never does.
    if (k.met) expect(judgement.notMetReasons).toEqual([]);
    else expect(judgement.notMetReasons.length).toBeGreaterThan(0);
    if (k.notMetReasons) expect(judgement.notMetReasons).toEqual(k.notMetReasons);
    if (k.qualifyingIncidents !== undefined) expect(judgement.qualifyingIncidents).toBe(k.qualifyingIncidents);
    if (k.community !== undefined) expect(judgement.community).toEqual(k.community);

    // One verdict per complaint, in input order; a verdict qualifies exactly when it has no reason.
    expect(judgement.complaints.map((v) => v.reportId)).toEqual(k.complaints.map((x) => x.reportId));
    for (const v of judgement.complaints) expect(v.qualifies).toBe(v.reasons.length === 0);
    for (const [reportId, want] of Object.entries(k.verdicts ?? {})) {
      const v = judgement.complaints.find((x) => x.reportId === reportId)!;
      if (Array.isArray(want)) {
        expect(v.reasons).toEqual(want);
        expect(v.sameAsReportId).toBeUndefined();
      } else expect({ reasons: v.reasons, sameAs: v.sameAsReportId }).toEqual(want);
    }
  });

  it('has at least thirty cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it("counts the Act's qualifying complaints apart from the ones a longer local window adds", () => {
    const judgement = judgeThreshold({
      applicationOn: '2027-03-01',
      complaints: [...twoGood, c('older', '2026-07-01')],
      rules: rules({ windowMonths: 12 }),
    });
    expect(judgement).toMatchObject({ qualifyingIncidents: 3, statutoryQualifyingIncidents: 2, requiredIncidents: 3 });
    expect(judgement.complaints.map((v) => [v.reportId, v.statutory])).toEqual([
      ['good-1', true],
      ['good-2', true],
      ['older', false],
    ]);
  });

  it("prefers the report of an incident that qualifies in the Act's window to an earlier one that counts only locally", () => {
    // Behaviour on 1 Jan, reported on 1 Jan and again on 30 Jan; the application on 15 Jul is more
    // than six months after the first report but not the second.
    const judgement = judgeThreshold({
      applicationOn: '2027-07-15',
      complaints: [
        c('first', '2027-01-01', '2027-01-01', { incidentId: 'incident-x' }),
        c('second', '2027-01-01', '2027-01-30', { incidentId: 'incident-x', ...toPolice }),
        c('b', '2027-04-01'),
        c('c', '2027-06-01'),
      ],
      rules: rules({ windowMonths: 12 }),
    });
    expect(judgement).toMatchObject({ met: true, basis: 'statutory_number', statutoryQualifyingIncidents: 3 });
    expect(judgement.complaints[0]).toMatchObject({ qualifies: false, sameAsReportId: 'second' });
  });
});

describe('refusals', () => {
  function codeOf(call: () => unknown): string {
    try {
      call();
    } catch (e) {
      if (e instanceof ThresholdError) return e.code;
      throw e;
    }
    throw new Error('expected a ThresholdError');
  }
  const judge =
    (over: Partial<Parameters<typeof judgeThreshold>[0]> = {}) =>
    () =>
      judgeThreshold({ applicationOn: '2027-03-01', complaints: twoGood, rules: DEFAULT_THRESHOLD_RULES, ...over });

  it('refuses a local number above three: the law caps it', () => {
    expect(codeOf(judge({ rules: rules({ qualifyingComplaints: 4 }) }))).toBe(
      'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT',
    );
  });

  it('refuses discretion where the rules do not allow it, and discretion without a reason', () => {
    expect(codeOf(judge({ rules: rules({ discretionAllowed: false }), discretion: { reason: 'Harm' } }))).toBe(
      'CASE_REVIEW.DISCRETION_NOT_ALLOWED',
    );
    expect(codeOf(judge({ discretion: { reason: '  ' } }))).toBe('CASE_REVIEW.DISCRETION_REASON_REQUIRED');
  });

  it.each<[string, Partial<Parameters<typeof judgeThreshold>[0]>]>([
    ['an application day that is not a day', { applicationOn: '2027-02-30' }],
    ['a complaint reported before the behaviour', { complaints: [c('x', '2027-02-10', '2027-02-09')] }],
    ['a complaint with no incident', { complaints: [c('x', '2027-02-10', '2027-02-10', { incidentId: '' })] }],
    ['a report listed twice', { complaints: [c('x', '2027-02-10'), c('x', '2027-02-11')] }],
    ['an unknown category', { complaints: [c('x', '2027-02-10', '2027-02-10', { category: 'noise' as never })] }],
    ['a community complaint with a bad day', { communityComplaints: [c('x', '2027-2-10')] }],
  ])('refuses %s', (_what, over) => {
    expect(codeOf(judge(over))).toBe('CASE_REVIEW.INVALID_THRESHOLD_INPUT');
  });
});

describe('a period of months beginning with a day', () => {
  it.each([
    ['2027-01-10', 1, '2027-02-09'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2027-01-29', 1, '2027-02-28'],
    ['2027-01-28', 1, '2027-02-27'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-03-01', 1, '2027-03-31'],
    ['2026-12-15', 1, '2027-01-14'],
    ['2027-01-10', 6, '2027-07-09'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-08-30', 6, '2027-02-28'],
  ])('%s, %d month(s): to %s', (day, months, last) => {
    expect(lastDayOfPeriodBeginningWith(day, months)).toBe(last);
  });
});
