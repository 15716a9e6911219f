import type { INestApplicationContext } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import {
  AsbClock,
  ExplainCaseReview,
  LinkAsbReport,
  RecordAsbReport,
  reportStream,
  victimStream,
  WithdrawAsbReport,
  type AsbCategory,
  type RecordAsbReportInput,
} from '@hubline/asb-reports';
import { addDays, londonDay } from '@hubline/calendar';
import { EVENT_STORE, stableId, type EventStore } from '@hubline/event-store';
import { ProjectionsService } from '@hubline/projections';
import {
  BUSINESS_NARRATIVES,
  COMMUNITY_NARRATIVES,
  FIRE_NARRATIVES,
  HATE_NARRATIVES,
  REPORT_NARRATIVES,
  type HateCharacteristic,
} from './asb-narratives';
import type { SeededPerson } from './people';
import { SeededRandom } from './random';
import { actorOf, type SeededPartnership } from './reference-data';
import { hashOf, london, performStory, recordedStoryDay, type StoryStep } from './story';
import { THURROCK } from './thurrock';

/** The agencies that receive reports in the demo: three relevant bodies, and two that are not. */
export type ReceivingAgency = 'police' | 'asb' | 'housing' | 'fire' | 'cvs';

/** The demo user who records each agency's reports and explains the Case Review for it. */
export const RECEIVERS: Record<ReceivingAgency, string> = {
  police: 'pc.okafor@essex-police.demo',
  asb: 'asb.officer@thurrock.demo',
  housing: 'panel.housing@thurrock.demo',
  fire: 'station.officer@essex-fire.demo',
  cvs: 'support@thurrock-cvs.demo',
};

/** How a victim's report history leads to the Case Review they apply for (see case-reviews.ts). */
export interface ReviewHistory {
  key: string;
  /** The application is received this many days before the story's today. */
  appliedDaysAgo: number;
  ward: string;
  /** A business applies for itself about its premises: it made the reports, and no person is the victim. */
  business?: string;
  reports: Array<{
    /** Reported this many days before the application. */
    before: number;
    agency: ReceivingAgency;
    category: AsbCategory;
    characteristic?: HateCharacteristic;
    /** Reported this many days after the behaviour (default 0 or 1). */
    late?: number;
    /** Also reported by the victim to this agency the next day, recorded as the same incident. */
    alsoTo?: ReceivingAgency;
  }>;
}

/**
 * The report histories of the thirteen people and businesses who apply for a Case Review in the
 * year (Thurrock reported thirteen requests in twelve months). The case review story tells what
 * became of each application; here they are only reports, recorded as they happened.
 */
export const REVIEW_HISTORIES: ReviewHistory[] = [
  {
    key: 'R1',
    appliedDaysAgo: 330,
    ward: 'Grays Riverside',
    reports: [
      { before: 150, agency: 'police', category: 'personal' },
      { before: 95, agency: 'asb', category: 'personal', alsoTo: 'housing' },
      { before: 40, agency: 'housing', category: 'nuisance' },
      { before: 12, agency: 'police', category: 'personal' },
    ],
  },
  {
    key: 'R2',
    appliedDaysAgo: 290,
    ward: 'Stifford Clays',
    reports: [
      { before: 250, agency: 'police', category: 'nuisance' },
      { before: 120, agency: 'police', category: 'nuisance' },
      { before: 5, agency: 'asb', category: 'nuisance', late: 45 },
    ],
  },
  {
    key: 'R3',
    appliedDaysAgo: 250,
    ward: 'Tilbury St Chads',
    reports: [
      { before: 200, agency: 'asb', category: 'nuisance' },
      { before: 21, agency: 'police', category: 'hate', characteristic: 'race' },
    ],
  },
  {
    key: 'R4',
    appliedDaysAgo: 215,
    ward: 'Belhus',
    reports: [
      { before: 60, agency: 'cvs', category: 'personal' },
      { before: 30, agency: 'fire', category: 'environmental' },
      { before: 10, agency: 'police', category: 'personal' },
    ],
  },
  {
    key: 'R5',
    appliedDaysAgo: 190,
    ward: 'South Ockendon',
    reports: [
      { before: 150, agency: 'police', category: 'personal' },
      { before: 70, agency: 'housing', category: 'personal', alsoTo: 'asb' },
      { before: 25, agency: 'asb', category: 'personal' },
    ],
  },
  {
    key: 'R6',
    appliedDaysAgo: 140,
    ward: 'Chadwell St Mary',
    reports: [
      { before: 80, agency: 'police', category: 'personal' },
      { before: 20, agency: 'housing', category: 'nuisance' },
    ],
  },
  {
    key: 'R13',
    appliedDaysAgo: 85,
    ward: 'Stanford East and Corringham Town',
    reports: [
      { before: 230, agency: 'housing', category: 'nuisance' },
      { before: 60, agency: 'police', category: 'personal', alsoTo: 'asb' },
    ],
  },
  {
    key: 'R9',
    appliedDaysAgo: 70,
    ward: 'Grays Thurrock',
    reports: [
      { before: 100, agency: 'asb', category: 'nuisance' },
      { before: 50, agency: 'police', category: 'nuisance', alsoTo: 'housing' },
      { before: 20, agency: 'police', category: 'personal' },
    ],
  },
  {
    key: 'R8',
    appliedDaysAgo: 45,
    ward: 'Tilbury Riverside and Thurrock Park',
    reports: [
      { before: 130, agency: 'police', category: 'personal' },
      { before: 60, agency: 'asb', category: 'personal' },
      { before: 14, agency: 'housing', category: 'personal' },
    ],
  },
  {
    key: 'R12',
    appliedDaysAgo: 30,
    ward: 'Aveley and Uplands',
    reports: [
      { before: 150, agency: 'housing', category: 'nuisance' },
      { before: 70, agency: 'asb', category: 'nuisance' },
      { before: 33, agency: 'police', category: 'nuisance' },
    ],
  },
  {
    key: 'R7',
    appliedDaysAgo: 18,
    ward: 'South Ockendon',
    business: 'Derwent Parade Convenience Store',
    reports: [
      { before: 90, agency: 'police', category: 'nuisance' },
      { before: 40, agency: 'asb', category: 'nuisance' },
      { before: 12, agency: 'police', category: 'personal' },
    ],
  },
  {
    key: 'R10',
    appliedDaysAgo: 12,
    ward: 'West Thurrock and South Stifford',
    reports: [
      { before: 80, agency: 'police', category: 'personal' },
      { before: 30, agency: 'asb', category: 'personal' },
      { before: 9, agency: 'police', category: 'personal' },
    ],
  },
  {
    key: 'R11',
    appliedDaysAgo: 2,
    ward: 'Little Thurrock Blackshots',
    reports: [
      { before: 40, agency: 'police', category: 'hate', characteristic: 'disability' },
      { before: 5, agency: 'housing', category: 'personal' },
    ],
  },
];

/** Reports by businesses and community groups about their premises and area: no person is the victim. */
const ORGANISATIONS: Array<{ kind: 'business' | 'community_group'; name: string; ward: string; reports: number }> = [
  { kind: 'business', name: 'Grays Beach Café', ward: 'Grays Riverside', reports: 3 },
  { kind: 'business', name: 'Calcutta Road Pharmacy', ward: 'Tilbury Riverside and Thurrock Park', reports: 2 },
  { kind: 'community_group', name: "Chadwell St Mary Residents' Association", ward: 'Chadwell St Mary', reports: 3 },
  { kind: 'community_group', name: 'Belhus Park Allotment Society', ward: 'Belhus', reports: 2 },
];

export interface AsbDemoOptions {
  /** The application the commands run in: the ASB reports clock is set to each step's moment. */
  app: INestApplicationContext;
  /** Victims of the general story besides the review histories (default 120). */
  victims?: number;
  seed?: number;
  /** The story ends the day before this one (default today in London); a later run keeps the day of the first. */
  today?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface AsbDemoSummary {
  today: string;
  /** The first day a report was made. */
  from: string;
  reports: number;
  /** Distinct incidents: reports of one incident to several agencies count once. */
  incidents: number;
  /** Incidents reported to two agencies and recorded as one. */
  sharedIncidents: number;
  byAgency: Record<string, number>;
  byCategory: Record<AsbCategory, number>;
  /** Reports made to agencies that are not relevant bodies (fire and rescue, the CVS). */
  toOtherBodies: number;
  /** Reports naming no alleged perpetrator. */
  perpetratorUnknown: number;
  byBusinessesOrGroups: number;
  withdrawn: number;
  /** Case Review explanations owed at a second incident in six months, as the context raised them. */
  /** Withdrawn: no longer due, the reports that made it due having been linked as one incident. */
  explanations: {
    arisen: number;
    explained: number;
    due: number;
    withdrawn: number;
    dueByAgency: Record<string, number>;
  };
  /** Each review history's victim (null for a business) and its reports. */
  reviewHistories: Record<string, { victimPersonId: string | null; reportIds: string[] }>;
  stepsRun: number;
  steps: number;
}

const WEIGHTED_AGENCIES: ReceivingAgency[] = [
  ...Array<ReceivingAgency>(8).fill('police'),
  ...Array<ReceivingAgency>(6).fill('asb'),
  ...Array<ReceivingAgency>(4).fill('housing'),
  'fire',
  'cvs',
];
const RELEVANT: ReceivingAgency[] = ['police', 'asb', 'housing'];
const WEIGHTED_CATEGORIES: AsbCategory[] = [
  'personal',
  'personal',
  'personal',
  'nuisance',
  'nuisance',
  'environmental',
];
const WEIGHTED_CHARACTERISTICS: HateCharacteristic[] = [
  'race',
  'race',
  'race',
  'religion_belief',
  'sexual_orientation',
  'sexual_orientation',
  'disability',
  'disability',
  'gender_reassignment',
  'sex',
  'age',
];
const HOT_SPOTS = ['Grays Riverside', 'Tilbury Riverside and Thurrock Park', 'South Ockendon', 'Belhus'];
const WARDS = THURROCK.localities.flatMap((l) => l.wards);
const WEIGHTED_WARDS = [...WARDS, ...HOT_SPOTS, ...HOT_SPOTS];
const localityOf = (ward: string) => THURROCK.localities.find((l) => l.wards.includes(ward))!.name;

interface PlannedReport {
  key: string;
  id: string;
  agency: ReceivingAgency;
  at: string;
  input: RecordAsbReportInput;
  /** The report this one is recorded as the same incident as. */
  sameAs: PlannedReport | null;
  /** Linked to another report's incident a few days after it was recorded. */
  linkLater?: PlannedReport;
  withdrawLater?: boolean;
}

/**
 * A year of ASB and hate incident reports in the demo partnership, ending yesterday: reports to
 * the police, the council's ASB team and housing across the wards, a few to the fire service and
 * the CVS (not relevant bodies), every category, hate incidents with the characteristic targeted,
 * incidents reported to two agencies recorded as one (a few linked only days later, which
 * withdraws the explanation the second report made due), businesses and residents' groups
 * reporting, an entry keyed twice and withdrawn, alleged perpetrators from the register or unknown; and the histories of
 * the year's Case Review applicants. The context raises the Case Review explanation at a victim's
 * second incident in six months; the agency that owes it explains it, usually within days, and a
 * few are still due.
 *
 * Every report goes through the context's use cases with its clock set to the moment the report
 * was made. Deterministic (seeded) and idempotent, like the LAG story: a step already in its
 * stream is skipped.
 */
export async function seedAsbReports(
  commands: CommandBus,
  partnership: SeededPartnership,
  people: SeededPerson[],
  options: AsbDemoOptions,
): Promise<AsbDemoSummary> {
  const seed = options.seed ?? 2025;
  const id = (...parts: string[]) => stableId(partnership.partnershipId, 'asb', String(seed), ...parts);
  const first = id('report', 'R1', '0');
  const today = (await recordedStoryDay(options.app, [reportStream(first)])) ?? options.today ?? londonDay(new Date());
  const plan = planReports(partnership, people, { seed, today, victims: options.victims ?? 120, id });
  const clock = options.app.get(AsbClock, { strict: false });
  const actor = (agency: ReceivingAgency) => actorOf(THURROCK, partnership, RECEIVERS[agency]);
  const steps: StoryStep[] = [];
  for (const r of plan.reports) {
    steps.push({
      key: r.key,
      at: r.at,
      stream: reportStream(r.id),
      run: async (meta) =>
        void (await commands.execute(new RecordAsbReport(actor(r.agency), r.input, meta(actor(r.agency)), r.id))),
    });
    if (r.linkLater) {
      const target = r.linkLater;
      steps.push({
        key: `${r.key}/link`,
        at: london(addDays(londonDay(r.at), 3), 11, 20),
        stream: reportStream(r.id),
        run: async (meta) =>
          void (await commands.execute(new LinkAsbReport(actor(r.agency), r.id, target.id, meta(actor(r.agency))))),
      });
    }
    if (r.withdrawLater)
      steps.push({
        key: `${r.key}/withdraw`,
        at: london(addDays(londonDay(r.at), 1), 9, 40),
        stream: reportStream(r.id),
        run: async (meta) =>
          void (await commands.execute(
            new WithdrawAsbReport(actor(r.agency), r.id, 'duplicate_entry', meta(actor(r.agency))),
          )),
      });
  }
  steps.sort((a, b) => a.at.localeCompare(b.at));
  let stepsRun = await performStory(options.app, steps, {
    story: 'ASB reports',
    today,
    clocks: [clock],
    onProgress: options.onProgress,
  });

  // The duties arose as the context's reactor followed the reports: explain most of them.
  await options.app.get(ProjectionsService, { strict: false }).waitForCatchUp(120_000);
  const store = options.app.get<EventStore>(EVENT_STORE, { strict: false });
  const victimOf = ({ input }: PlannedReport) =>
    input.victimPersonId !== undefined
      ? input.victimPersonId
      : input.reporter.kind === 'person'
        ? input.reporter.personId
        : null;
  const victims = [...new Set(plan.reports.map(victimOf).filter((v): v is string => !!v))];
  const agencyOf = new Map(
    (Object.keys(RECEIVERS) as ReceivingAgency[]).map((k) => [partnership.agencies[k], k] as const),
  );
  const explanations: StoryStep[] = [];
  const duties: Array<{ agencyId: string; status: 'due' | 'explained' | 'withdrawn' }> = [];
  for (const victim of victims) {
    const events = await store.readStream(victimStream(victim));
    const ended = (type: string) => new Set(events.filter((e) => e.type === type).map((e) => e.data.dutyId));
    const [explained, withdrawn] = [ended('CaseReviewExplained'), ended('CaseReviewExplanationWithdrawn')];
    for (const e of events.filter((x) => x.type === 'CaseReviewExplanationDue')) {
      const d = e.data as { dutyId: string; agencyId: string; reportId: string; arisenOn: string };
      const explain = explanationOf(d.reportId, d.arisenOn, today);
      if (withdrawn.has(d.dutyId)) {
        duties.push({ agencyId: d.agencyId, status: 'withdrawn' });
        continue;
      }
      duties.push({ agencyId: d.agencyId, status: explained.has(d.dutyId) || explain ? 'explained' : 'due' });
      const key = `explain/${d.reportId}`;
      // A step an earlier run took stays in the plan (and is skipped); one an officer took is theirs.
      if (!explain || (explained.has(d.dutyId) && !events.some((x) => x.metadata.demoStep === key))) continue;
      const by = actor(agencyOf.get(d.agencyId)!);
      explanations.push({
        key,
        at: explain.at,
        stream: victimStream(victim),
        run: async (meta) =>
          void (await commands.execute(
            new ExplainCaseReview(by, d.dutyId, { how: explain.how, explainedOn: explain.on }, meta(by)),
          )),
      });
    }
  }
  explanations.sort((a, b) => a.at.localeCompare(b.at));
  stepsRun += await performStory(options.app, explanations, { story: 'ASB reports', today, clocks: [clock] });

  const agencyName = (key: ReceivingAgency) => THURROCK.agencies.find((a) => a.key === key)!.name;
  const count = <T>(items: T[], p: (t: T) => boolean) => items.filter(p).length;
  const reports = plan.reports;
  const due = duties.filter((d) => d.status === 'due');
  return {
    today,
    from: reports.map((r) => r.input.reportedOn).sort()[0],
    reports: reports.length,
    incidents: count(reports, (r) => !r.sameAs && !r.linkLater),
    sharedIncidents: count(reports, (r) => !!r.sameAs || !!r.linkLater),
    byAgency: Object.fromEntries(
      (Object.keys(RECEIVERS) as ReceivingAgency[]).map((k) => [agencyName(k), count(reports, (r) => r.agency === k)]),
    ),
    byCategory: Object.fromEntries(
      (['personal', 'nuisance', 'environmental', 'hate'] as const).map((c) => [
        c,
        count(reports, (r) => r.input.category === c),
      ]),
    ) as Record<AsbCategory, number>,
    toOtherBodies: count(reports, (r) => !RELEVANT.includes(r.agency)),
    perpetratorUnknown: count(reports, (r) => r.input.alleged.length === 0),
    byBusinessesOrGroups: count(reports, (r) => r.input.reporter.kind !== 'person'),
    withdrawn: count(reports, (r) => !!r.withdrawLater),
    explanations: {
      arisen: duties.length,
      explained: count(duties, (d) => d.status === 'explained'),
      due: due.length,
      withdrawn: count(duties, (d) => d.status === 'withdrawn'),
      dueByAgency: due.reduce<Record<string, number>>((acc, d) => {
        const name = agencyName(agencyOf.get(d.agencyId)!);
        return { ...acc, [name]: (acc[name] ?? 0) + 1 };
      }, {}),
    },
    reviewHistories: plan.histories,
    stepsRun,
    steps: steps.length + explanations.length,
  };
}

/**
 * Whether and when the owing agency explained the Case Review: chosen from the report that made it
 * due (so the choice is the same on every run), usually within a few days; most duties of the last
 * fortnight, and a few older ones, are still on the agencies' lists.
 */
function explanationOf(
  reportId: string,
  arisenOn: string,
  today: string,
): { on: string; at: string; how: ExplainCaseReview['input']['how'] } | null {
  const r = new SeededRandom(hashOf(reportId));
  const recent = arisenOn >= addDays(today, -14);
  if (r.chance(recent ? 0.6 : 0.07)) return null;
  const on = addDays(arisenOn, r.int(1, recent ? 4 : 12));
  if (on >= today) return null;
  const how = r.pick(['phone', 'phone', 'in_person', 'in_person', 'letter', 'email', 'other'] as const);
  return { on, at: london(on, r.int(9, 16), r.int(0, 59)), how };
}

// ---- the plan ----

function planReports(
  partnership: SeededPartnership,
  people: SeededPerson[],
  o: { seed: number; today: string; victims: number; id: (...parts: string[]) => string },
): { reports: PlannedReport[]; histories: AsbDemoSummary['reviewHistories'] } {
  const r = new SeededRandom(o.seed);
  const reports: PlannedReport[] = [];
  const histories: AsbDemoSummary['reviewHistories'] = {};
  // A fifth of the cohort are the people others complain about, each known in one locality.
  const perpetratorCount = Math.max(5, Math.floor(people.length / 5));
  const perpetrators = people.slice(0, perpetratorCount).map((p, i) => ({
    personId: p.personId,
    locality: THURROCK.localities[i % THURROCK.localities.length].name,
  }));
  const victims = people.slice(perpetratorCount).map((p) => p.personId);
  const needed = REVIEW_HISTORIES.filter((h) => !h.business).length + o.victims;
  if (victims.length < needed) throw new Error(`the ASB story needs ${needed + perpetratorCount} people`);
  const references: Record<ReceivingAgency, number> = { police: 0, asb: 0, housing: 0, fire: 0, cvs: 0 };
  const yy = (day: string) => day.slice(2, 4);
  const reference = (agency: ReceivingAgency, day: string) => {
    const n = ++references[agency];
    switch (agency) {
      case 'police':
        return `42/${String(100_000 + ((n * 7919) % 900_000)).padStart(6, '0')}/${yy(day)}`;
      case 'asb':
        return `ASB/${yy(day)}/${String(n).padStart(4, '0')}`;
      case 'housing':
        return `HSG-ASB-${String(20_000 + n)}`;
      case 'fire':
        return `EFRS/IR/${String(310_000 + n * 13)}`;
      case 'cvs':
        return `CVS-VS-${String(n).padStart(4, '0')}`;
    }
  };
  const knownIn = (ward: string) => perpetrators.filter((p) => p.locality === localityOf(ward)).map((p) => p.personId);
  const narrativeFor = (agency: ReceivingAgency, category: AsbCategory, c: HateCharacteristic | null) =>
    category === 'hate'
      ? r.pick(HATE_NARRATIVES[c!])
      : agency === 'fire'
        ? r.pick(FIRE_NARRATIVES)
        : r.pick(REPORT_NARRATIVES[category]);

  const add = (
    key: string,
    agency: ReceivingAgency,
    reportedOn: string,
    fields: Omit<RecordAsbReportInput, 'agencyReference' | 'reportedOn' | 'sameIncidentAsReportId'>,
    sameAs: PlannedReport | null = null,
  ): PlannedReport => {
    const report: PlannedReport = {
      key,
      id: o.id('report', ...key.split('/')),
      agency,
      // Police take calls at any hour; the council and the others in working hours.
      at: london(reportedOn, agency === 'police' ? r.int(7, 22) : r.int(9, 16), r.int(0, 59)),
      input: {
        ...fields,
        agencyReference: reference(agency, reportedOn),
        reportedOn,
        sameIncidentAsReportId: sameAs?.id ?? null,
      },
      sameAs,
    };
    // Recorded after the report it joins, even when both were made the same day.
    if (sameAs && report.at <= sameAs.at) report.at = new Date(Date.parse(sameAs.at) + 47 * 60_000).toISOString();
    reports.push(report);
    return report;
  };

  /** One incident: reported to an agency, perhaps also to a second, recorded as the same incident. */
  const incident = (
    key: string,
    victim: string,
    ward: string,
    day: string,
    agency: ReceivingAgency,
    category: AsbCategory,
    c: HateCharacteristic | null,
    alleged: string[],
    extra: { late?: number; alsoTo?: ReceivingAgency; linkLater?: boolean } = {},
  ) => {
    const late = extra.late ?? r.pick([0, 0, 0, 1, 1, 2]);
    const persistent = extra.late === undefined && category !== 'hate' && r.chance(0.15);
    const behaviourOn = persistent ? addDays(day, -r.int(3, 12)) : addDays(day, -late);
    const fields = {
      reporter: { kind: 'person' as const, personId: victim },
      behaviourOn,
      behaviourTo: persistent ? day : null,
      category,
      protectedCharacteristics: c ? [c] : [],
      ward: partnership.wards[ward],
      alleged,
      narrative: narrativeFor(agency, category, c),
    };
    const first = add(key, agency, day, fields);
    if (extra.alsoTo) {
      const second = extra.alsoTo;
      const nextDay = addDays(day, r.int(0, 1));
      const also = add(
        `${key}/also`,
        second,
        nextDay < o.today ? nextDay : day,
        { ...fields, narrative: narrativeFor(second, category, c) },
        extra.linkLater ? null : first,
      );
      // Recorded as an incident of its own, then linked once the second agency saw the first report.
      if (extra.linkLater) also.linkLater = first;
    }
  };

  // The review applicants' histories.
  let next = 0;
  for (const h of REVIEW_HISTORIES) {
    const applied = addDays(o.today, -h.appliedDaysAgo);
    const victim = h.business ? null : victims[next++];
    const alleged = r.chance(0.8) ? [r.pick(knownIn(h.ward))] : [];
    const start = reports.length;
    h.reports.forEach((x, i) => {
      const day = addDays(applied, -x.before);
      const key = `${h.key}/${i}`;
      if (victim) {
        incident(key, victim, h.ward, day, x.agency, x.category, x.characteristic ?? null, alleged, {
          late: x.late ?? i % 2,
          alsoTo: x.alsoTo,
        });
        return;
      }
      add(key, x.agency, day, {
        reporter: { kind: 'business', name: h.business! },
        victimPersonId: null,
        behaviourOn: addDays(day, -(x.late ?? 0)),
        behaviourTo: null,
        category: x.category,
        protectedCharacteristics: [],
        ward: partnership.wards[h.ward],
        alleged: [],
        narrative: r.pick(BUSINESS_NARRATIVES),
      });
    });
    histories[h.key] = { victimPersonId: victim, reportIds: reports.slice(start).map((x) => x.id) };
  }

  // The general story: victims reporting once or several times over the year.
  let laterLinks = 2;
  for (let v = 0; v < o.victims; v++) {
    const victim = victims[next++];
    const ward = r.pick(WEIGHTED_WARDS);
    const hate = r.chance(0.12) ? r.pick(WEIGHTED_CHARACTERISTICS) : null;
    const usual = hate ? 'hate' : r.pick(WEIGHTED_CATEGORIES);
    const known = r.chance(0.55)
      ? knownIn(ward)
          .filter(() => r.chance(0.4))
          .slice(0, 2)
      : [];
    const times = r.pick([1, 1, 1, 1, 2, 2, 2, 3, 3, 4]);
    let day = addDays(o.today, -r.int(times > 1 ? 60 : 2, 364));
    for (let i = 0; i < times && day < o.today; i++) {
      const category = r.chance(0.75) ? usual : r.pick(WEIGHTED_CATEGORIES);
      const agency = category === 'hate' && r.chance(0.7) ? 'police' : r.pick(WEIGHTED_AGENCIES);
      const alsoTo =
        RELEVANT.includes(agency) && r.chance(0.18) ? r.pick(RELEVANT.filter((a) => a !== agency)) : undefined;
      incident(
        `v${v}/${i}`,
        victim,
        ward,
        day,
        agency,
        category,
        category === 'hate' ? (hate ?? r.pick(WEIGHTED_CHARACTERISTICS)) : null,
        known,
        {
          alsoTo,
          linkLater: !!alsoTo && times === 1 && day < addDays(o.today, -5) && laterLinks-- > 0,
        },
      );
      day = addDays(day, r.int(12, 120));
    }
  }

  // Businesses and residents' groups: one reported the same evening twice, linked once seen;
  // one entry keyed twice by mistake and withdrawn.
  ORGANISATIONS.forEach((org, g) => {
    let day = addDays(o.today, -r.int(120, 340));
    for (let i = 0; i < org.reports && day < o.today; i++) {
      const agency = r.pick(RELEVANT);
      const report = add(`org${g}/${i}`, agency, day, {
        reporter: { kind: org.kind, name: org.name },
        victimPersonId: null,
        behaviourOn: day,
        behaviourTo: null,
        category: r.pick(['nuisance', 'nuisance', 'environmental'] as const),
        protectedCharacteristics: [],
        ward: partnership.wards[org.ward],
        alleged: [],
        narrative: r.pick(org.kind === 'business' ? BUSINESS_NARRATIVES : COMMUNITY_NARRATIVES),
      });
      if (i === 0 && g === 0) {
        // Told to a second agency the next day, which sees the first report and links its own to it.
        const other = add(`org${g}/${i}/again`, agency === 'police' ? 'asb' : 'police', addDays(day, 1), {
          ...report.input,
          narrative: r.pick(BUSINESS_NARRATIVES),
        });
        other.linkLater = report;
      }
      if (i === 0 && g === 1) add(`org${g}/${i}/again`, agency, day, { ...report.input }).withdrawLater = true;
      day = addDays(day, r.int(20, 90));
    }
  });
  return { reports, histories };
}
