import type { INestApplicationContext } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { addDays } from '@hubline/calendar';
import {
  AnswerCaseReviewInformationRequest,
  ApplyForCaseReview,
  caseReviewSettingsStream,
  caseReviewStream,
  CaseReviewsClock,
  ChangeCaseReviewSettings,
  DecideCaseReviewThreshold,
  RequestCaseReviewInformation,
  TakeReviewStep,
  type ApplyInput,
  type ReviewStepInput,
} from '@hubline/case-reviews';
import { EVENT_STORE, stableId, type EventStore } from '@hubline/event-store';
import { ChangePartnership } from '@hubline/partnerships';
import { RecordConsent, SharingClock } from '@hubline/sharing';
import type { AsbDemoSummary, ReceivingAgency } from './asb';
import { RECEIVERS, REVIEW_HISTORIES } from './asb';
import { actorOf, type SeededPartnership } from './reference-data';
import { london, performStory, type StoryStep } from './story';
import { THURROCK } from './thurrock';

const COORDINATOR = 'case.review@thurrock.demo';
const CHAIR = 'panel.chair@thurrock.demo';
const PFCC = 'reviews@essex-pfcc.demo';
const CHAIR_NAME = 'Ruth Adeyemi';
type Answerer = ReceivingAgency | 'icb';
const ANSWERERS: Record<Answerer, string> = { ...RECEIVERS, icb: 'safeguarding@mse-icb.demo' };
const RELEVANT_BODIES: Answerer[] = ['police', 'asb', 'housing', 'icb'];

/** One thing done on a review, `day` days after the application. */
type Act =
  | { day: number; do: 'consent'; relationship: string; obtained: 'written' | 'verbal' }
  | { day: number; do: 'step'; as?: string; step: (d: (n: number) => string) => ReviewStepInput; id?: string }
  | { day: number; do: 'request' }
  | { day: number; do: 'answer'; agency: Answerer; round?: number; held?: boolean }
  | { day: number; do: 'threshold'; discretion?: string };

interface ReviewScript {
  key: string;
  route: ApplyInput['route'];
  applicant: 'victim' | { relationship: string; name: string } | 'business';
  /** The status the review is in today, and whether the threshold was met (null: not decided yet). */
  expect: string;
  met: boolean | null;
  acts: Act[];
}

const ack = (day: number, route: 'letter' | 'email' | 'phone' | 'in_person'): Act => ({
  day,
  do: 'step',
  step: (d) => ({ type: 'acknowledge', acknowledgedOn: d(day), route }),
});
const ask = (day: number, answers: Array<[Answerer, number, boolean?]>): Act[] => [
  { day, do: 'request' },
  ...answers.map(([agency, after, held]): Act => ({ day: day + after, do: 'answer', agency, held })),
];
const panel = (
  day: number,
  meetsAfter: number,
  o: { independent?: boolean; victimInvited?: boolean; attended?: boolean; impact?: boolean; held?: boolean } = {},
): Act[] => {
  const independent = o.independent ?? true;
  const acts: Act[] = [
    {
      day,
      do: 'step',
      step: (d) => ({
        type: 'schedule_panel',
        meetingOn: d(day + meetsAfter),
        chairName: independent ? CHAIR_NAME : 'Dana Whitfield',
        independentChair: independent,
        agencyIds: ['police', 'asb', 'housing'],
        victimInvited: o.victimInvited ?? true,
      }),
    },
  ];
  if (o.held === false) return acts;
  return [
    ...acts,
    {
      day: day + meetsAfter,
      do: 'step',
      step: (d) => ({
        type: 'panel_held',
        heldOn: d(day + meetsAfter),
        agenciesAttended: ['police', 'asb', 'housing'],
        victimAttended: o.attended ?? false,
        impactStatementGiven: o.impact ?? false,
      }),
    },
    {
      day: day + meetsAfter,
      do: 'step',
      as: CHAIR,
      step: () => ({ type: 'findings', findings: FINDINGS }),
    },
  ];
};
const FINDINGS =
  'Each agency responded to the reports it received, but no one agency looked at them together or told the victim what was being done. The behaviour has been persistent and the victim’s health has suffered; the alleged perpetrator has had warnings from two agencies that were not followed up.';
const recommend = (day: number, id: string, owner: ReceivingAgency, text: string, dueAfter: number): Act => ({
  day,
  do: 'step',
  as: CHAIR,
  id,
  step: (d) => ({ type: 'recommend', owningAgencyId: owner, text, dueOn: d(day + dueAfter) }),
});
const progress = (
  day: number,
  id: string,
  owner: ReceivingAgency,
  status: 'in_progress' | 'done',
  note: string,
): Act => ({
  day,
  do: 'step',
  as: RECEIVERS[owner],
  step: (d) => ({ type: 'progress_recommendation', recommendationId: id, status, note, on: d(day) }),
});
const plan = (day: number): Act[] => [
  {
    day,
    do: 'step',
    step: (d) => ({
      type: 'consult_victim',
      consultedOn: d(day),
      route: 'phone',
      views: 'Agrees with the plan; asked for one named officer to keep them updated every fortnight.',
    }),
  },
  { day: day + 1, do: 'step', step: (d) => ({ type: 'finalise_plan', finalisedOn: d(day + 1) }) },
];
const outcome = (day: number, route: 'letter' | 'email' = 'letter'): Act => ({
  day,
  do: 'step',
  step: (d) => ({ type: 'send_outcome', sentOn: d(day), route }),
});
const close = (day: number, reason: string, told: string): Act => ({
  day,
  do: 'step',
  step: (d) => ({ type: 'close', closedOn: d(day), reason, toldToVictim: told }),
});
const escalate = (day: number, grounds: string[], detail: string): Act => ({
  day,
  do: 'step',
  id: 'escalation',
  step: (d) => ({ type: 'escalate', requestedOn: d(day), grounds, detail }),
});
const pfcc = (day: number, decision: 'upheld' | 'referred_back', reasons: string): Act => ({
  day,
  do: 'step',
  as: PFCC,
  step: (d) => ({ type: 'pfcc_decision', decision, reasons, decidedOn: d(day) }),
});

const R = {
  police: 'Assign a named neighbourhood officer as the single point of contact and visit the victim fortnightly.',
  housing: 'Serve a notice of seeking possession if the tenancy breaches continue; review the evidence at four weeks.',
  asb: 'Issue a Community Protection Notice to the alleged perpetrator and check compliance weekly for two months.',
  support: 'Refer the victim to the victim support service and to the council’s mental health outreach team.',
};

/**
 * The year's thirteen ASB Case Reviews (Thurrock reported thirteen requests in twelve months),
 * each in its own state today: applied by every route, on the victim's behalf with consent, by a
 * business; acknowledged; information asked of every relevant body and answered (some late, one
 * not yet); the threshold met by the statutory number, by one hate incident (Thurrock's local
 * rule), by discretion, and not met; panels with independent chairs, the victim invited, attending
 * and giving an impact statement; recommendations owned by agencies, some done, some overdue;
 * outcomes sent; closures with reasons; one escalation upheld by the PFCC's office and one referred
 * back and reviewed afresh; one escalation waiting; and open reviews with steps due, one breached.
 */
export const REVIEW_SCRIPTS: ReviewScript[] = [
  {
    key: 'R1',
    met: true,
    route: 'online',
    applicant: 'victim',
    expect: 'closed',
    acts: [
      ack(1, 'letter'),
      ...ask(1, [
        ['police', 2],
        ['asb', 3],
        ['housing', 5],
        ['icb', 4, true],
      ]),
      { day: 12, do: 'threshold' },
      ...panel(14, 16, { attended: true, impact: true }),
      recommend(31, 'police', 'police', R.police, 30),
      recommend(31, 'housing', 'housing', R.housing, 45),
      recommend(31, 'asb', 'asb', R.asb, 60),
      ...plan(33),
      outcome(35),
      progress(50, 'housing', 'housing', 'in_progress', 'Evidence gathered; notice drafted.'),
      progress(55, 'police', 'police', 'done', 'PC Okafor visits fortnightly; the victim has her number.'),
      progress(70, 'housing', 'housing', 'done', 'Notice served; no further breaches in four weeks.'),
      progress(85, 'asb', 'asb', 'done', 'Notice served and complied with.'),
      close(95, 'action_plan_agreed', 'Every action in the plan is done and the reports have stopped.'),
    ],
  },
  {
    key: 'R2',
    met: false,
    route: 'phone',
    applicant: 'victim',
    expect: 'closed',
    acts: [
      ack(2, 'phone'),
      ...ask(2, [
        ['police', 3],
        ['asb', 4],
        ['housing', 5, true],
        ['icb', 6, true],
      ]),
      { day: 13, do: 'threshold' },
      outcome(14),
      close(
        40,
        'threshold_not_met',
        'One complaint in the six months qualified: the other was reported more than a month after the behaviour. The ASB team will keep working with you on the noise.',
      ),
    ],
  },
  {
    key: 'R3',
    met: true,
    route: 'email',
    applicant: { relationship: 'councillor', name: 'Cllr Farida Osei' },
    expect: 'outcome_sent',
    acts: [
      { day: -3, do: 'consent', relationship: 'councillor', obtained: 'written' },
      ack(1, 'email'),
      ...ask(1, [
        ['police', 3],
        ['asb', 4],
        ['housing', 14],
        ['icb', 5, true],
      ]),
      { day: 15, do: 'threshold' },
      ...panel(16, 17, { attended: true, impact: true }),
      recommend(34, 'police', 'police', R.police, 26),
      recommend(34, 'asb', 'asb', R.support, 56),
      recommend(34, 'housing', 'housing', R.housing, 150 - 34),
      ...plan(36),
      outcome(38, 'letter'),
      progress(58, 'police', 'police', 'done', 'Named officer assigned; hate crime investigation file reviewed.'),
      progress(70, 'asb', 'asb', 'in_progress', 'Referral made; the first appointment is booked.'),
    ],
  },
  {
    key: 'R4',
    met: false,
    route: 'paper',
    applicant: 'victim',
    expect: 'closed',
    acts: [
      ack(4, 'letter'),
      ...ask(4, [
        ['police', 2],
        ['asb', 3, true],
        ['housing', 4, true],
        ['icb', 3, true],
      ]),
      { day: 15, do: 'threshold' },
      outcome(16),
      escalate(25, ['threshold_not_met'], 'The applicant says the CVS and the fire service knew about everything.'),
      pfcc(
        45,
        'upheld',
        'The CVS and the fire service are not relevant bodies; one complaint to a relevant body qualified. The decision was right; the council will meet the applicant about the support available.',
      ),
      close(48, 'pfcc_review_upheld', "The PFCC's office agreed with the threshold decision."),
    ],
  },
  {
    key: 'R5',
    met: true,
    route: 'in_person',
    applicant: { relationship: 'family', name: 'Marcus Green (son)' },
    expect: 'closed',
    acts: [
      { day: -1, do: 'consent', relationship: 'family', obtained: 'verbal' },
      ack(1, 'in_person'),
      ...ask(1, [
        ['police', 2],
        ['asb', 2],
        ['housing', 4],
        ['icb', 3, true],
      ]),
      { day: 12, do: 'threshold' },
      ...panel(13, 16, { independent: false, victimInvited: false }),
      recommend(29, 'asb-1', 'asb', R.asb, 30),
      ...plan(31),
      outcome(33),
      progress(38, 'asb-1', 'asb', 'done', 'Notice served.'),
      escalate(40, ['handling'], 'The family were not told of the meeting nor asked what would help.'),
      pfcc(
        55,
        'referred_back',
        'The victim was not invited to the panel nor consulted properly; the review is to be held again with an independent chair.',
      ),
      { day: 60, do: 'threshold' },
      ...panel(61, 14, { attended: true, impact: true }),
      recommend(75, 'police-2', 'police', R.police, 25),
      recommend(75, 'housing-2', 'housing', R.housing, 35),
      ...plan(77),
      outcome(79),
      progress(95, 'police-2', 'police', 'done', 'Fortnightly visits in place.'),
      progress(105, 'housing-2', 'housing', 'done', 'Injunction obtained against the neighbour.'),
      close(115, 'action_plan_agreed', 'The plan agreed at the second panel is complete.'),
    ],
  },
  {
    key: 'R6',
    met: true,
    route: 'online',
    applicant: 'victim',
    expect: 'outcome_sent',
    acts: [
      ack(2, 'email'),
      ...ask(2, [
        ['police', 3],
        ['asb', 3, true],
        ['housing', 4],
        ['icb', 5, true],
      ]),
      {
        day: 14,
        do: 'threshold',
        discretion:
          'Two complaints only, but the victim is 84, lives alone and has stopped leaving the house; the harm is serious and escalating.',
      },
      ...panel(15, 17, { attended: true }),
      recommend(32, 'police', 'police', R.police, 18),
      recommend(32, 'asb', 'asb', R.support, 38),
      ...plan(34),
      outcome(36),
      progress(48, 'police', 'police', 'done', 'Named officer assigned.'),
    ],
  },
  {
    key: 'R13',
    met: false,
    route: 'email',
    applicant: 'victim',
    expect: 'escalated',
    acts: [
      ack(1, 'email'),
      ...ask(1, [
        ['police', 3],
        ['asb', 4],
        ['housing', 4],
        ['icb', 5, true],
      ]),
      { day: 13, do: 'threshold' },
      outcome(15, 'email'),
      escalate(
        30,
        ['threshold_not_met'],
        'The applicant says the police and the council treated the same night as one incident when it was two.',
      ),
    ],
  },
  {
    key: 'R9',
    met: true,
    route: 'in_person',
    applicant: 'victim',
    expect: 'in_review',
    acts: [
      ack(1, 'in_person'),
      ...ask(1, [
        ['police', 3],
        ['asb', 2],
        ['housing', 4],
        ['icb', 4, true],
      ]),
      { day: 14, do: 'threshold' },
      ...panel(16, 51, { attended: true, impact: true }),
      recommend(67, 'police', 'police', R.police, 20),
      recommend(67, 'housing', 'housing', R.housing, 30),
      plan(69)[0],
    ],
  },
  {
    key: 'R8',
    met: true,
    route: 'phone',
    applicant: { relationship: 'professional', name: 'Kerry Lambert (tenancy support worker)' },
    expect: 'in_review',
    acts: [
      { day: -2, do: 'consent', relationship: 'professional', obtained: 'written' },
      ack(2, 'phone'),
      ...ask(2, [
        ['police', 4],
        ['asb', 3],
        ['housing', 5],
        ['icb', 6, true],
      ]),
      { day: 13, do: 'threshold' },
      ...panel(15, 50, { held: false }),
    ],
  },
  {
    key: 'R12',
    met: null,
    route: 'paper',
    applicant: 'victim',
    expect: 'received',
    acts: [
      ack(9, 'letter'),
      ...ask(9, [
        ['police', 3],
        ['asb', 5],
        ['icb', 4, true],
      ]),
    ],
  },
  {
    key: 'R7',
    met: false,
    route: 'email',
    applicant: 'business',
    expect: 'not_met',
    acts: [
      ack(1, 'email'),
      ...ask(1, [
        ['police', 2],
        ['asb', 3],
        ['housing', 4, true],
        ['icb', 4, true],
      ]),
      { day: 15, do: 'threshold' },
    ],
  },
  {
    key: 'R10',
    met: null,
    route: 'online',
    applicant: 'victim',
    expect: 'received',
    acts: [
      ack(1, 'email'),
      ...ask(1, [
        ['police', 2],
        ['asb', 4],
        ['housing', 9],
        ['icb', 3, true],
      ]),
    ],
  },
  { key: 'R11', met: null, route: 'phone', applicant: 'victim', expect: 'received', acts: [] },
];

export interface CaseReviewDemoSummary {
  reviews: number;
  byStatus: Record<string, number>;
  /** The figures a partnership publishes for the year (every application of the story is in its last twelve months). */
  figures: { applications: number; thresholdNotMet: number; reviewsCarriedOut: number; withRecommendations: number };
  stepsRun: number;
  steps: number;
}

/**
 * Tells the case review story through the context's use cases, each with the case reviews' (and
 * the sharing context's, for consents) clock at the moment it happened. Needs the ASB story's
 * review histories. Idempotent like the other stories.
 */
export async function seedCaseReviews(
  commands: CommandBus,
  partnership: SeededPartnership,
  asb: Pick<AsbDemoSummary, 'today' | 'reviewHistories'>,
  app: INestApplicationContext,
): Promise<CaseReviewDemoSummary> {
  const today = asb.today;
  const store = app.get<EventStore>(EVENT_STORE, { strict: false });
  const user = (subject: string): Actor => actorOf(THURROCK, partnership, subject);
  const coordinator = user(COORDINATOR);
  const agency = (key: string) => partnership.agencies[key];
  // The case review roles of Thurrock's agencies: the council's landlord service co-opted, the ICB.
  for (const [key, caseReviewRole] of [
    ['housing', 'co_opted'],
    ['icb', 'icb'],
  ] as const)
    await commands.execute(
      new ChangePartnership(
        partnership.partnershipId,
        { type: 'SetAgencyCaseReviewRole', agencyId: agency(key), caseReviewRole, now: new Date().toISOString() },
        { userId: 'system', agencyId: 'system', correlationId: 'seed' },
      ),
    );
  const steps: StoryStep[] = [];
  const settingsAt = london(addDays(today, -345), 10);
  steps.push({
    key: 'case-review-settings/threshold',
    at: settingsAt,
    stream: caseReviewSettingsStream(partnership.partnershipId),
    run: async (meta) =>
      void (await commands.execute(
        new ChangeCaseReviewSettings(
          user('admin@thurrock.demo'),
          {
            type: 'ChangeThresholdRules',
            rules: {
              qualifyingComplaints: 3,
              windowMonths: 6,
              oneHateIncidentMeets: true,
              community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
              discretionAllowed: true,
            },
          } as never,
          meta(user('admin@thurrock.demo')),
        ),
      )),
  });
  for (const script of REVIEW_SCRIPTS) {
    const history = REVIEW_HISTORIES.find((h) => h.key === script.key)!;
    const victim = asb.reviewHistories[script.key].victimPersonId;
    const reviewId = stableId(partnership.partnershipId, 'case-review', script.key);
    const consentId = stableId(partnership.partnershipId, 'case-review-consent', script.key);
    const applied = addDays(today, -history.appliedDaysAgo);
    const d = (n: number) => addDays(applied, n);
    const stream = caseReviewStream(reviewId);
    let seq = 0;
    let round = 1;
    const at = (day: number) => new Date(Date.parse(london(d(day), 10)) + seq++ * 7 * 60_000).toISOString();
    const applicant: ApplyInput['applicant'] =
      script.applicant === 'victim'
        ? { kind: 'victim' }
        : script.applicant === 'business'
          ? { kind: 'business', name: history.business! }
          : {
              kind: 'on_behalf',
              name: script.applicant.name,
              relationship: script.applicant.relationship,
              consentId,
            };
    const acts = [...script.acts].sort((a, b) => a.day - b.day);
    const before = acts.filter((a) => a.day < 0);
    for (const act of before)
      if (act.do === 'consent')
        steps.push({
          key: `${script.key}/consent`,
          at: at(act.day),
          stream: `consent-${consentId}`,
          run: async (meta) =>
            void (await commands.execute(
              new RecordConsent(
                user(RECEIVERS.asb),
                {
                  personId: victim!,
                  givenBy: { kind: 'person' },
                  recipients: { kind: 'agencies', agencyIds: RELEVANT_BODIES.map(agency) },
                  purposes: ['asb_case_review'],
                  dataCategories: ['incident_details', 'case_actions'],
                  obtained: act.obtained,
                  givenAt: null,
                  expiresAt: null,
                },
                meta(user(RECEIVERS.asb)),
                consentId,
              ),
            )),
        });
    steps.push({
      key: `${script.key}/apply`,
      at: at(0),
      stream,
      readsModel: true,
      run: async (meta) =>
        void (await commands.execute(
          new ApplyForCaseReview(
            coordinator,
            {
              route: script.route,
              receivedOn: d(0),
              applicant,
              victimPersonId: victim,
              wardId: partnership.wards[history.ward],
            },
            meta(coordinator),
            reviewId,
          ),
        )),
    });
    acts
      .filter((a) => a.day >= 0)
      .forEach((act, i) => {
        const key = `${script.key}/${i}-${act.do}`;
        const when = at(act.day);
        switch (act.do) {
          case 'request':
            steps.push({
              key,
              at: when,
              stream,
              readsModel: true,
              run: async (meta) =>
                void (await commands.execute(
                  new RequestCaseReviewInformation(
                    coordinator,
                    reviewId,
                    { askedOn: d(act.day), dueOn: null, agencyId: null },
                    meta(coordinator),
                  ),
                )),
            });
            return;
          case 'answer': {
            const by = user(ANSWERERS[act.agency]);
            const agencyId = agency(act.agency);
            const answerRound = round;
            const reportIds = asb.reviewHistories[script.key].reportIds;
            steps.push({
              key,
              at: when,
              stream,
              readsModel: true,
              run: async (meta) => {
                const events = await store.readStream(stream);
                const asked = events.find(
                  (e) =>
                    e.type === 'CaseReviewInformationRequested' &&
                    e.data.agencyId === agencyId &&
                    e.data.round === answerRound,
                );
                if (!asked) throw new Error(`no information request to ${act.agency}`);
                await commands.execute(
                  new AnswerCaseReviewInformationRequest(
                    by,
                    reviewId,
                    String(asked.data.requestId),
                    {
                      answeredOn: d(act.day),
                      supplied: act.held
                        ? null
                        : {
                            summary:
                              'Our records of the reports, what we did about each and when, and the contact we had with the victim.',
                            reportIds,
                          },
                    },
                    meta(by),
                  ),
                );
              },
            });
            return;
          }
          case 'threshold':
            steps.push({
              key,
              at: when,
              stream,
              readsModel: true,
              run: async (meta) =>
                void (await commands.execute(
                  new DecideCaseReviewThreshold(
                    coordinator,
                    reviewId,
                    { decidedOn: d(act.day), discretionReason: act.discretion ?? null },
                    meta(coordinator),
                  ),
                )),
            });
            return;
          case 'step': {
            const by = user(act.as ?? COORDINATOR);
            let step = act.step(d);
            if (step.type === 'schedule_panel' || step.type === 'panel_held') {
              const names = step.type === 'schedule_panel' ? step.agencyIds : step.agenciesAttended;
              const ids = names.map(agency);
              step = step.type === 'schedule_panel' ? { ...step, agencyIds: ids } : { ...step, agenciesAttended: ids };
            }
            if (step.type === 'recommend') step = { ...step, owningAgencyId: agency(step.owningAgencyId) };
            if (step.type === 'progress_recommendation')
              step = {
                ...step,
                recommendationId: stableId(reviewId, 'recommendation', step.recommendationId),
              };
            if (step.type === 'pfcc_decision' && step.decision === 'referred_back') round += 1;
            const newId = stableId(reviewId, act.id ? 'recommendation' : 'created', act.id ?? String(i));
            const input = step;
            steps.push({
              key,
              at: when,
              stream,
              readsModel: true,
              run: async (meta) =>
                void (await commands.execute(new TakeReviewStep(by, reviewId, input, meta(by), undefined, newId))),
            });
            return;
          }
          case 'consent':
            return;
        }
      });
  }
  steps.sort((a, b) => a.at.localeCompare(b.at));
  const stepsRun = await performStory(app, steps, {
    story: 'Case reviews',
    today,
    clocks: [app.get(CaseReviewsClock, { strict: false }), app.get(SharingClock, { strict: false }) as never],
  });
  const byStatus: Record<string, number> = {};
  for (const s of REVIEW_SCRIPTS) byStatus[s.expect] = (byStatus[s.expect] ?? 0) + 1;
  const has = (s: ReviewScript, type: string) => s.acts.some((a) => a.do === 'step' && a.step(() => '').type === type);
  const held = REVIEW_SCRIPTS.filter((s) => has(s, 'panel_held'));
  return {
    reviews: REVIEW_SCRIPTS.length,
    byStatus,
    figures: {
      applications: REVIEW_SCRIPTS.length,
      thresholdNotMet: REVIEW_SCRIPTS.filter((s) => s.met === false).length,
      reviewsCarriedOut: held.length,
      withRecommendations: held.filter((s) => has(s, 'recommend')).length,
    },
    stepsRun,
    steps: steps.length,
  };
}

/**
 * The partnership's ASB Case Review procedure as Essex partnerships run it: three qualifying
 * complaints in six months, or one hate incident; the ICB is a relevant body alongside the police
 * and the council. Running it again changes nothing (the same rules are no change).
 */
export async function seedCaseReviewProcedure(
  commands: CommandBus,
  partnership: SeededPartnership,
  admin: Actor,
): Promise<void> {
  const meta = {
    userId: admin.userId,
    agencyId: admin.agencyId,
    correlationId: stableId(partnership.partnershipId, 'case-review-procedure'),
  };
  if (partnership.agencies.icb)
    await commands.execute(
      new ChangePartnership(
        partnership.partnershipId,
        {
          type: 'SetAgencyCaseReviewRole',
          agencyId: partnership.agencies.icb,
          caseReviewRole: 'icb',
          now: new Date().toISOString(),
        },
        meta,
      ),
    );
  await commands.execute(
    new ChangeCaseReviewSettings(
      admin,
      {
        type: 'ChangeThresholdRules',
        rules: {
          qualifyingComplaints: 3,
          windowMonths: 6,
          oneHateIncidentMeets: true,
          community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
          discretionAllowed: true,
        },
      },
      meta,
    ),
  );
}
