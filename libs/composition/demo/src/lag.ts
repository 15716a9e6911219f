import type { INestApplicationContext } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { addDays, daysBetween, instantDaysBefore, londonDay, PARTNERSHIP_TIME_ZONE } from '@hubline/calendar';
import { EVENT_STORE, stableId, type EventMetadata, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { DEFAULT_ASB_RISK_MATRIX, DEFAULT_REVIEW_CADENCE, meetingStream, referralStream } from '@hubline/lag';
import { ProjectionsService } from '@hubline/projections';
import {
  AgreeAction,
  DecideOnReferral,
  LagClock,
  RecordCaseDiscussion,
  ReferVictim,
  RunMeeting,
  ScheduleMeeting,
  UpdateAction,
  type ActionInput,
  type CaseDiscussionInput,
  type MeetingStep,
  type ReferVictimInput,
} from '@hubline/lag';
import {
  ASB_INCIDENTS,
  CANCELLED_BECAUSE,
  CLOSURES,
  DECLINES,
  DISCUSSION_OPENINGS,
  HATE_INCIDENTS,
  JUDGEMENT_REASONS,
  MULTI_AGENCY_REASONS,
  PLAYBOOK,
  REOPEN_REASONS,
  UPDATES,
  URGENT_REASON,
  type AgencyKey,
  type Play,
} from './lag-narratives';
import type { SeededPerson } from './people';
import { SeededRandom } from './random';
import { actorOf, type SeededPartnership } from './reference-data';
import { THURROCK } from './thurrock';

type Band = NonNullable<ReferVictimInput['professionalJudgement']>['band'];
type Characteristic = ReferVictimInput['protectedCharacteristics'][number];
type Vulnerability = ReferVictimInput['vulnerabilities'][number];
type Decision = CaseDiscussionInput['decisions'][number];
type ActionStatus = 'open' | 'in_progress' | 'completed' | 'cancelled';

export interface LagDemoOptions {
  /** The application the commands run in: its LAG clock is set to each step's time, and its projections awaited where the LAG reads them. */
  app: INestApplicationContext;
  /** Default 60. */
  referrals?: number;
  seed?: number;
  /** The story ends the day before this one (default today in London); a later run keeps the day of the first. */
  today?: string;
  /** Told after each step, run or skipped: how many of the story's steps are done. */
  onProgress?: (done: number, total: number) => void;
}

export interface LagDemoSummary {
  today: string;
  referrals: { referred: number; accepted: number; declined: number; closed: number };
  reopened: number;
  repeat: number;
  hateCrime: number;
  professionalJudgement: number;
  bands: Record<Band, number>;
  reviews: { overdue: number; dueWithinAWeek: number };
  meetings: { held: number; urgent: number; cancelled: number; upcoming: number };
  actions: { agreed: number; completed: number; cancelled: number; outstanding: number; overdue: number };
  overdueByAgency: Record<string, number>;
  /** Steps run by this call; 0 when an earlier run seeded everything. */
  stepsRun: number;
  steps: number;
}

/**
 * The Locality Action Groups of the demo partnership, lived through from about four months ago
 * to yesterday: referrals in every state, monthly meetings per locality with agendas, attendance,
 * the confidentiality statement, case discussions and action plans, reviews, closures, a
 * reopened case, repeat referrals, an urgent meeting, and the next meetings with agendas ready.
 *
 * Everything goes through the LAG's own commands, so every rule is applied and every narrative
 * sealed. Those commands read the time from the LAG's clock (and rightly refuse, say, an action
 * due before today), so each step runs with that clock set to the step's moment in the story;
 * while seeding, nothing else should use the application. Events carry the story's times; the
 * store's own recordedAt stays the real time, and each event's metadata names its demo step and
 * the story's day.
 *
 * Deterministic (seeded) and idempotent: a step whose events are already in its stream is
 * skipped, so a second run appends nothing and an interrupted one carries on where it stopped.
 */
export async function seedLocalityActionGroups(
  commands: CommandBus,
  partnership: SeededPartnership,
  people: SeededPerson[],
  options: LagDemoOptions,
): Promise<LagDemoSummary> {
  const seed = options.seed ?? 2017;
  const store = options.app.get<EventStore>(EVENT_STORE, { strict: false });
  const ids = {
    referral: (i: number) => stableId(partnership.partnershipId, 'lag-referral', String(seed), String(i)),
    meeting: (locality: string, label: string) =>
      stableId(partnership.partnershipId, 'lag-meeting', String(seed), locality, label),
  };
  const today =
    (await storyDay(store, [referralStream(ids.referral(0)), meetingStream(ids.meeting(LOCALITIES[0].name, 'M1'))])) ??
    options.today ??
    londonDay(new Date());
  const plan = new Plan(commands, partnership, people, { referrals: options.referrals ?? 60, seed, today, ids });
  const stepsRun = await perform(options.app, store, plan.steps, today, options.onProgress);
  return { ...plan.summary(), stepsRun, steps: plan.steps.length };
}

// ---- the story's calendar ----

const later = (instant: string, minutes: number) => new Date(Date.parse(instant) + minutes * 60_000).toISOString();
const ZONE = new Intl.DateTimeFormat('en-GB', { timeZone: PARTNERSHIP_TIME_ZONE, timeZoneName: 'shortOffset' });

/** The instant of a wall-clock time in London, where the partnership works ("GMT" or "GMT+1"). */
function london(day: string, hour: number, minute = 0): string {
  const utc = Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const zone = ZONE.formatToParts(new Date(utc)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return new Date(utc - Number(zone.slice(3) || 0) * 3_600_000).toISOString();
}

/** Each LAG meets monthly on its own weekday (0 = Sunday); Grays and Tilbury have their next meeting booked. */
const LOCALITIES = [
  { name: 'Grays', weekday: 2, hour: 10, next: true },
  { name: 'Tilbury', weekday: 3, hour: 10, next: true },
  { name: 'Ockendon', weekday: 4, hour: 10, next: false },
  { name: 'Chafford', weekday: 3, hour: 14, next: false },
] as const;
type Locality = (typeof LOCALITIES)[number];

// ---- who does what ----

const CHAIR = 'lag.chair@thurrock.demo';
/** The demo user who acts for each agency, where it has one; the chair reports for the others. */
const USERS: Partial<Record<AgencyKey, string>> = {
  police: 'pc.okafor@essex-police.demo',
  asb: CHAIR,
  housing: 'panel.housing@thurrock.demo',
  fire: 'station.officer@essex-fire.demo',
};
const REFERRERS: AgencyKey[] = ['police', 'police', 'housing', 'housing', 'asb', 'fire'];
const ATTENDEES: AgencyKey[] = ['police', 'asb', 'housing', 'yos', 'fire', 'publicHealth', 'probation', 'cvs'];
const URGENT_ATTENDEES: AgencyKey[] = ['police', 'asb', 'housing', 'fire'];

// ---- risk: answers to the default matrix that score in a chosen band ----

const BANDS: Band[] = ['standard', 'medium', 'high', 'very_high'];
const { thresholds } = DEFAULT_ASB_RISK_MATRIX;
const SCORES: Record<Band, [number, number]> = {
  standard: [4, thresholds.medium - 1],
  medium: [thresholds.medium, thresholds.high - 1],
  high: [thresholds.high, thresholds.veryHigh - 1],
  very_high: [thresholds.veryHigh, thresholds.veryHigh + 6],
};
const HATE_QUESTION = 'hate_motivated';

/** Random answers nudged one step at a time until they score in the band (each step moves the score by at most 2, less than any band's width). */
function answersFor(random: SeededRandom, band: Band, hate: boolean): Record<string, string> {
  const questions = DEFAULT_ASB_RISK_MATRIX.questions;
  const chosen = new Map(questions.map((q) => [q.id, random.int(0, q.answers.length - 1)]));
  const hateQuestion = questions.find((q) => q.id === HATE_QUESTION)!;
  chosen.set(
    HATE_QUESTION,
    hateQuestion.answers.findIndex((a) => a.id === (hate ? 'yes' : 'no')),
  );
  const score = () => questions.reduce((sum, q) => sum + q.answers[chosen.get(q.id)!].score, 0);
  const [low, high] = SCORES[band];
  for (let s = score(); s < low || s > high; s = score()) {
    const up = s < low;
    const q = random.pick(
      questions.filter(
        (x) => x.id !== HATE_QUESTION && (up ? chosen.get(x.id)! < x.answers.length - 1 : chosen.get(x.id)! > 0),
      ),
    );
    chosen.set(q.id, chosen.get(q.id)! + (up ? 1 : -1));
  }
  return Object.fromEntries(questions.map((q) => [q.id, q.answers[chosen.get(q.id)!].id]));
}

const WEIGHTED_BANDS: Band[] = ['standard', 'medium', 'medium', 'medium', 'high', 'high', 'high', 'high', 'very_high'];
const WEIGHTED_CHARACTERISTICS: Characteristic[] = [
  'race',
  'race',
  'race',
  'religion',
  'sexual_orientation',
  'sexual_orientation',
  'disability',
  'disability',
  'transgender_identity',
  'sex',
  'alternative_subculture',
];
const VULNERABILITIES: Vulnerability[] = [
  'physical_disability',
  'learning_disability',
  'mental_health',
  'long_term_illness',
  'older_person',
  'substance_misuse',
  'language_barrier',
  'carer',
  'financial_hardship',
];

// ---- the cases' fates ----

/**
 * Twelve fates, repeated: so even a dozen referrals show every state. Windows are counted from the
 * locality's three past meetings (m0, m1, m2, four weeks apart) and the story's last days.
 */
const FATES = [
  'open_long',
  'closed',
  'awaiting',
  'open_mid',
  'declined',
  'reopened',
  'open_recent',
  'closed_late',
  'repeat',
  'open_next',
  'late',
  'missed',
] as const;
type Fate = (typeof FATES)[number] | 'awaiting_late';
const HATE_FATES = new Set<Fate>(['awaiting', 'reopened', 'open_recent', 'open_next']);

interface Action {
  key: string;
  id?: string;
  play: Play;
  due: string;
  status: ActionStatus;
}

interface Case {
  key: string;
  id: string;
  fate: Fate;
  urgent: boolean;
  locality: Locality;
  referrer: Actor;
  referrerAgency: AgencyKey;
  input: ReferVictimInput;
  band: Band;
  status: 'none' | 'referred' | 'accepted' | 'declined' | 'closed';
  acceptedAt: string | null;
  reviewsFrom: string;
  nextReview: string;
  /** Discussions since acceptance or reopening. */
  discussions: number;
  agendas: number;
  /** Closed after this many discussions; missed (out of time) at this agenda appearance. */
  closeAt: number | null;
  missAt: number | null;
  actions: Action[];
  reopened: boolean;
  counter: number;
}

interface Meeting {
  key: string;
  id: string;
  locality: Locality;
  startsAt: string;
  cutOffAt: string;
  upcoming: boolean;
  urgent: boolean;
  agenda: Array<{ c: Case; item: 'new' | 'review'; appearance: number }>;
  status: 'planned' | 'scheduled' | 'cancelled' | 'closed';
}

interface Step {
  key: string;
  at: string;
  /** Where this step's events go; on a re-run, events there naming the step mean it is done. */
  stream: string;
  /** The command reads the LAG's read model, which must first have caught up. */
  readsModel?: boolean;
  /** Writes a referral: the read model must show it before the next step that reads it. */
  writesCase: boolean;
  run: (meta: (actor: Actor) => EventMetadata) => Promise<void>;
  /** For a step an earlier run did: restores what later steps need (action ids) from its events in stream `from`. */
  recover?: { from: string; apply: (events: RecordedEvent[]) => void };
}

const isOutstanding = (a: Action) => a.status === 'open' || a.status === 'in_progress';
const agreedIn = (events: RecordedEvent[], key: string) =>
  events.filter((e) => e.metadata.demoStep === key && e.type === 'ActionAgreed').map((e) => String(e.data.actionId));

/**
 * The story, simulated in time order to decide every step (what each agenda holds, which reviews
 * fall due, what is outstanding when a case closes), mirroring the LAG's rules closely enough that
 * the commands accept every step. Nothing is sent until `perform` runs the steps.
 */
class Plan {
  readonly steps: Step[] = [];
  private readonly random: SeededRandom;
  private readonly queue: Array<{ at: string; seq: number; happen: () => void }> = [];
  private seq = 0;
  private readonly end: string;
  private readonly cases: Case[] = [];
  private readonly meetings: Meeting[] = [];
  private readonly chair: Actor;
  private readonly pastMeetingDays = new Map<string, string[]>();
  /** The moment being simulated: the time of the steps it produces. */
  private current = '';

  constructor(
    private readonly commands: CommandBus,
    private readonly partnership: SeededPartnership,
    people: SeededPerson[],
    private readonly o: {
      referrals: number;
      seed: number;
      today: string;
      ids: { referral: (i: number) => string; meeting: (locality: string, label: string) => string };
    },
  ) {
    this.random = new SeededRandom(o.seed);
    this.end = london(o.today, 0);
    this.chair = actorOf(THURROCK, partnership, CHAIR);
    for (const l of LOCALITIES) this.planMeetings(l);
    this.cast(people);
    while (this.queue.length) this.next();
  }

  summary(): Omit<LagDemoSummary, 'stepsRun' | 'steps'> {
    const count = <T>(items: T[], p: (t: T) => boolean) => items.filter(p).length;
    const { cases, meetings, o } = this;
    const actions = cases.flatMap((c) => c.actions);
    const overdue = actions.filter((a) => isOutstanding(a) && a.due < o.today);
    const open = cases.filter((c) => c.status === 'accepted');
    const agencyName = (key: AgencyKey) => THURROCK.agencies.find((a) => a.key === key)!.name;
    return {
      today: o.today,
      referrals: {
        referred: count(cases, (c) => c.status === 'referred'),
        accepted: open.length,
        declined: count(cases, (c) => c.status === 'declined'),
        closed: count(cases, (c) => c.status === 'closed'),
      },
      reopened: count(cases, (c) => c.reopened),
      repeat: count(cases, (c) => c.fate === 'repeat'),
      hateCrime: count(cases, (c) => c.input.category === 'hate_crime'),
      professionalJudgement: count(cases, (c) => c.input.professionalJudgement !== null),
      bands: Object.fromEntries(BANDS.map((b) => [b, count(cases, (c) => c.band === b)])) as Record<Band, number>,
      reviews: {
        overdue: count(open, (c) => c.nextReview < o.today),
        dueWithinAWeek: count(open, (c) => c.nextReview >= o.today && c.nextReview <= addDays(o.today, 7)),
      },
      meetings: {
        held: count(meetings, (m) => m.status === 'closed' && !m.urgent),
        urgent: count(meetings, (m) => m.urgent),
        cancelled: count(meetings, (m) => m.status === 'cancelled'),
        upcoming: count(meetings, (m) => m.status === 'scheduled'),
      },
      actions: {
        agreed: actions.length,
        completed: count(actions, (a) => a.status === 'completed'),
        cancelled: count(actions, (a) => a.status === 'cancelled'),
        outstanding: count(actions, isOutstanding),
        overdue: overdue.length,
      },
      overdueByAgency: overdue.reduce<Record<string, number>>(
        (acc, a) => ({ ...acc, [agencyName(a.play.owner)]: (acc[agencyName(a.play.owner)] ?? 0) + 1 }),
        {},
      ),
    };
  }

  // ---- the simulation ----

  /** Plans something to happen at `at`, if that is before the story's end. */
  private on(at: string, happen: () => void): void {
    if (at < this.end) this.queue.push({ at, seq: this.seq++, happen });
  }

  private next(): void {
    let k = 0;
    for (let j = 1; j < this.queue.length; j++) {
      const [a, b] = [this.queue[j], this.queue[k]];
      if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) k = j;
    }
    const [next] = this.queue.splice(k, 1);
    this.current = next.at;
    next.happen();
  }

  private step(step: Omit<Step, 'writesCase'> & { writesCase?: boolean }): void {
    this.steps.push({ writesCase: step.stream.startsWith('lag-referral-'), ...step });
  }

  private agency(key: AgencyKey): string {
    return this.partnership.agencies[key];
  }

  private actor(key: AgencyKey): Actor {
    const subject = USERS[key];
    return subject ? actorOf(THURROCK, this.partnership, subject) : this.chair;
  }

  // ---- meetings ----

  /** Three past monthly meetings (the last three to four weeks ago) and, for some, the next one. */
  private planMeetings(l: Locality): void {
    const latest = [0, 1, 2, 3, 4, 5, 6]
      .map((d) => addDays(this.o.today, -27 + d))
      .find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === l.weekday)!;
    const days = [addDays(latest, -56), addDays(latest, -28), latest];
    this.pastMeetingDays.set(l.name, days);
    const labels = [...days.map((_, k) => `M${k + 1}`), ...(l.next ? ['next'] : [])];
    labels.forEach((label, k) => {
      const day = addDays(days[0], 28 * k);
      const m = this.meeting(l, label, london(day, l.hour), 10, label === 'next', false);
      this.on(k === 0 ? london(addDays(day, -35), 11) : london(addDays(day, -27), 9, 30), () => this.schedule(m, null));
      this.on(london(addDays(day, -9), 9, 30), () => this.buildAgenda(m));
      if (!m.upcoming) this.on(m.startsAt, () => this.hold(m, ATTENDEES));
    });
  }

  private meeting(
    locality: Locality,
    label: string,
    startsAt: string,
    cutOffDays: number,
    upcoming: boolean,
    urgent: boolean,
  ): Meeting {
    const m: Meeting = {
      key: `${locality.name}-${label}`,
      id: this.o.ids.meeting(locality.name, label),
      locality,
      startsAt,
      cutOffAt: instantDaysBefore(startsAt, cutOffDays),
      upcoming,
      urgent,
      agenda: [],
      status: 'planned',
    };
    this.meetings.push(m);
    return m;
  }

  private schedule(m: Meeting, urgent: Case | null): void {
    m.status = 'scheduled';
    const input = {
      localityId: this.partnership.localities[m.locality.name],
      startsAt: m.startsAt,
      cutOffDays: urgent ? 0 : undefined,
      urgent: urgent ? { referralId: urgent.id, reason: URGENT_REASON } : null,
    };
    this.step({
      key: `${m.key}/schedule`,
      at: this.current,
      stream: meetingStream(m.id),
      readsModel: urgent !== null,
      run: async (meta) =>
        void (await this.commands.execute(new ScheduleMeeting(this.chair, input, meta(this.chair), m.id))),
    });
  }

  /** The day after the cut-off: new cases accepted in time, and cases whose review falls by the meeting day. */
  private buildAgenda(m: Meeting): void {
    const meetingDay = m.startsAt.slice(0, 10);
    const items: Meeting['agenda'] = [];
    for (const c of this.cases.filter((x) => x.locality === m.locality && x.status === 'accepted')) {
      const item =
        c.discussions === 0 && c.acceptedAt! <= m.cutOffAt ? 'new' : c.nextReview <= meetingDay ? 'review' : null;
      if (item) items.push({ c, item, appearance: ++c.agendas });
    }
    // New cases first, then reviews, the riskiest first within each; the case the meeting will run out of time for comes last.
    const order = (e: Meeting['agenda'][number]) =>
      (e.c.missAt === e.appearance ? 10 : 0) + (e.item === 'new' ? 0 : 5) - BANDS.indexOf(e.c.band);
    items.sort((a, b) => order(a) - order(b));
    if (!items.length && !m.upcoming) {
      m.status = 'cancelled';
      this.step({
        key: `${m.key}/cancel`,
        at: this.current,
        stream: meetingStream(m.id),
        run: async (meta) =>
          void (await this.commands.execute(
            new RunMeeting(this.chair, m.id, { type: 'cancel', reason: 'no_cases' }, meta(this.chair)),
          )),
      });
      return;
    }
    items.forEach(({ c, item }, k) => this.addToAgenda(m, c, item, later(this.current, k)));
    m.agenda.push(...items);
  }

  private addToAgenda(m: Meeting, c: Case, item: 'new' | 'review', at: string): void {
    this.step({
      key: `${m.key}/agenda/${c.key}`,
      at,
      stream: meetingStream(m.id),
      readsModel: true,
      run: async (meta) =>
        void (await this.commands.execute(
          new RunMeeting(this.chair, m.id, { type: 'agenda', referralId: c.id, item }, meta(this.chair)),
        )),
    });
  }

  /** The meeting itself: attendance and apologies, the confidentiality statement, each case in turn, then close. */
  private hold(m: Meeting, invited: AgencyKey[]): void {
    if (m.status !== 'scheduled') return;
    const present = invited.filter((a) => a === 'asb' || m.urgent || this.random.chance(a === 'police' ? 0.9 : 0.75));
    const entries = invited.map((a) => ({
      agencyId: this.agency(a),
      userId: USERS[a] ? this.actor(a).userId : null,
      present: present.includes(a),
    }));
    const meetingStep = (what: string, at: string, step: MeetingStep) =>
      this.step({
        key: `${m.key}/${what}`,
        at,
        stream: meetingStream(m.id),
        run: async (meta) =>
          void (await this.commands.execute(new RunMeeting(this.chair, m.id, step, meta(this.chair)))),
      });
    meetingStep('attendance', m.startsAt, { type: 'attendance', entries });
    meetingStep('confidentiality', later(m.startsAt, 4), { type: 'confidentiality' });
    // Running out of time leaves a case undiscussed (the close records it, and it stays due), but never the only ones.
    const missed = (e: Meeting['agenda'][number]) => e.c.missAt === e.appearance;
    const agenda = m.agenda.filter((e) => e.c.status === 'accepted');
    const discussed = agenda.every(missed) ? agenda : agenda.filter((e) => !missed(e));
    let minutes = 8;
    for (const { c } of discussed) {
      this.discuss(m, c, later(m.startsAt, minutes), present);
      minutes += 12;
    }
    meetingStep('close', later(m.startsAt, minutes + 5), { type: 'close' });
    m.status = 'closed';
  }

  private discuss(m: Meeting, c: Case, at: string, present: AgencyKey[]): void {
    const r = this.random;
    const day = londonDay(at);
    const first = c.discussions === 0;
    const closing = c.closeAt === c.discussions + 1;
    const carried = first || closing ? [] : c.actions.filter(isOutstanding);
    const plays = closing
      ? []
      : first
        ? this.choosePlays(c, 'first', r.int(2, 3))
        : r.chance(0.5)
          ? this.choosePlays(c, 'escalate', 1)
          : [];
    const actions = plays.map((play) => this.newAction(c, play, addDays(day, r.pick([14, 21, 28, 42]))));
    const reassess = !first && !closing && r.chance(0.2);
    const decisions: Decision[] = first
      ? ['information_shared', 'actions_agreed']
      : closing
        ? ['actions_reviewed', 'case_to_close']
        : [
            'actions_reviewed',
            'continue_review',
            ...(actions.length ? (['actions_agreed'] as const) : []),
            ...(reassess ? (['risk_to_be_reassessed'] as const) : []),
          ];
    if (!first && !closing && c.input.category === 'asb' && r.chance(0.15))
      decisions.push('tell_victim_about_case_review');
    const notes = [
      m.urgent
        ? 'Urgent meeting for a very-high-risk case. ' + DISCUSSION_OPENINGS.new
        : DISCUSSION_OPENINGS[first ? 'new' : closing ? 'closing' : 'review'],
      ...present.filter((a) => UPDATES[a] && r.chance(0.6)).map((a) => r.pick(UPDATES[a]!)),
      r.pick(UPDATES.victim),
    ].join('\n');
    const key = `${m.key}/case/${c.key}`;
    const inputs = actions.map((a) => this.actionInput(c, a));
    this.step({
      key,
      at,
      stream: meetingStream(m.id),
      writesCase: true,
      run: async (meta) => {
        const input = {
          notes,
          decisions,
          actions: inputs,
          recordReview: true,
          carryForwardActionIds: carried.map((a) => a.id!),
          // Agencies present that the agreement does not cover hear the case on the chair's stated basis.
          notCoveredAgencies: 'share' as const,
          sharingJustification: 'Crime and Disorder Act 1998 s.115: the agency present is needed to reduce the risk',
        };
        const result = await this.commands.execute(
          new RecordCaseDiscussion(this.chair, m.id, c.id, input, meta(this.chair)),
        );
        actions.forEach((a, k) => (a.id = result.actionIds[k]));
      },
      recover: {
        from: referralStream(c.id),
        apply: (events) => agreedIn(events, key).forEach((id, k) => (actions[k].id = id)),
      },
    });
    c.discussions += 1;
    this.reviewed(c, day);
    c.actions.push(...actions);
    for (const a of actions) this.progress(c, a, day);
    if (closing) this.on(london(day, 15, 30), () => this.close(c));
    if (reassess) this.on(london(addDays(day, 2), 11), () => this.reassess(c));
    if (c.band === 'very_high' && !closing) this.on(london(addDays(day, 7), 12), () => this.chairReview(c));
  }

  // ---- referrals ----

  /** The cases, in a fixed order so that the same people get the same fates on every machine. */
  private cast(people: SeededPerson[]): void {
    const r = this.random;
    const pool = people.map((p) => p.personId);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const take = () => {
      const id = pool.shift();
      if (!id) throw new Error(`The LAG demo needs more people than the ${people.length} registered.`);
      return id;
    };
    // A few named perpetrators per locality, some of whom turn up in more than one case.
    const perpetrators = new Map(LOCALITIES.map((l) => [l.name, [take(), take(), take()]]));
    for (let i = 0; i < this.o.referrals; i++) {
      const cycle = Math.floor(i / FATES.length);
      let fate: Fate = FATES[i % FATES.length];
      if (fate === 'late' && cycle % 2 === 1) fate = 'awaiting_late';
      // A repeat re-refers the victim of this cycle's closed case (a declined referral would not count).
      const source = fate === 'repeat' ? this.cases[i - 7] : undefined;
      const locality = source?.locality ?? LOCALITIES[(i + cycle) % LOCALITIES.length];
      const urgent = fate === 'open_recent' && cycle === 0;
      const hate = source ? source.input.category === 'hate_crime' : HATE_FATES.has(fate);
      const characteristics: Characteristic[] = urgent
        ? ['race']
        : hate
          ? [
              ...new Set([
                r.pick(WEIGHTED_CHARACTERISTICS),
                ...(r.chance(0.15) ? [r.pick(WEIGHTED_CHARACTERISTICS)] : []),
              ]),
            ]
          : [];
      const decline = fate === 'declined' ? DECLINES[cycle % DECLINES.length] : null;
      const band: Band = urgent
        ? 'very_high'
        : decline
          ? decline.reason === 'criteria_not_met'
            ? 'standard'
            : 'medium'
          : r.pick(WEIGHTED_BANDS);
      // Professional judgement raises a band the score puts one lower.
      const judged = !urgent && !decline && band !== 'standard' && r.chance(0.15);
      const scored = judged ? BANDS[BANDS.indexOf(band) - 1] : band;
      const victims = source ? [source.input.victimIds[0]] : [take(), ...(r.chance(0.15) ? [take()] : [])];
      const named = r.chance(0.55) ? perpetrators.get(locality.name)!.filter(() => r.chance(0.5)) : [];
      const referrerAgency = r.pick(REFERRERS);
      const riskAnswers = answersFor(r, scored, hate);
      const vulnerabilities = [
        ...new Set([
          ...VULNERABILITIES.filter(() => r.chance(0.15)),
          ...(riskAnswers.support_network === 'isolated' ? (['socially_isolated'] as const) : []),
        ]),
      ];
      const wards = THURROCK.localities.find((l) => l.name === locality.name)!.wards;
      const c: Case = {
        key: `referral-${i}`,
        id: this.o.ids.referral(i),
        fate,
        urgent,
        locality,
        referrer: this.actor(referrerAgency),
        referrerAgency,
        input: {
          localityId: this.partnership.localities[locality.name],
          wardId: this.partnership.wards[r.pick(wards)],
          category: hate ? 'hate_crime' : 'asb',
          protectedCharacteristics: characteristics,
          victimIds: victims,
          perpetratorIds: named,
          incidentSummary: hate ? r.pick(HATE_INCIDENTS[characteristics[0]]) : r.pick(ASB_INCIDENTS),
          vulnerabilities,
          riskAnswers,
          professionalJudgement: judged ? { band, reason: r.pick(JUDGEMENT_REASONS) } : null,
          multiAgencyReason: r.pick(MULTI_AGENCY_REASONS),
        },
        band,
        status: 'none',
        acceptedAt: null,
        reviewsFrom: '',
        nextReview: '',
        discussions: 0,
        agendas: 0,
        closeAt: fate === 'closed' || fate === 'closed_late' || fate === 'reopened' ? 2 : null,
        missAt: fate === 'missed' ? 2 : null,
        actions: [],
        reopened: false,
        counter: 0,
      };
      this.cases.push(c);
      this.planCase(c, decline);
    }
  }

  private planCase(c: Case, decline: (typeof DECLINES)[number] | null): void {
    const r = this.random;
    const [m0, m1, m2] = this.pastMeetingDays.get(c.locality.name)!;
    const t = this.o.today;
    const between = (from: string, to: string) => addDays(from, r.int(0, Math.max(0, daysBetween(from, to))));
    const windows: Record<Fate, [string, string]> = {
      open_long: [addDays(m0, -40), addDays(m0, -12)],
      closed: [addDays(m0, -40), addDays(m0, -12)],
      reopened: [addDays(m0, -40), addDays(m0, -12)],
      open_mid: [addDays(m0, 2), addDays(m1, -12)],
      closed_late: [addDays(m0, 2), addDays(m1, -12)],
      missed: [addDays(m0, 2), addDays(m1, -12)],
      declined: [addDays(m0, 2), addDays(m2, -14)],
      open_recent: [addDays(m1, 2), addDays(m2, -12)],
      // After its source closed (at m1 or m2), so the LAG sees a repeat within twelve months.
      repeat: [addDays(m2, 2), addDays(m2, 14)],
      open_next: [addDays(m2, 2), addDays(m2, 15)],
      late: [addDays(t, -6), addDays(t, -3)],
      awaiting: [addDays(t, -4), addDays(t, -1)],
      awaiting_late: [addDays(t, -3), addDays(t, -1)],
    };
    const day = between(...windows[c.fate]);
    const referredAt = london(day, r.int(9, 15), r.int(0, 59));
    this.on(referredAt, () => this.refer(c));
    if (decline) this.on(london(addDays(day, r.int(1, 3)), r.int(9, 16), r.int(0, 59)), () => this.decline(c, decline));
    else if (c.urgent) this.on(later(referredAt, 90), () => this.accept(c));
    else if (c.fate !== 'awaiting' && c.fate !== 'awaiting_late')
      this.on(london(addDays(day, 1), r.int(9, 12), r.int(0, 59)), () => this.accept(c));
  }

  private refer(c: Case): void {
    c.status = 'referred';
    this.step({
      key: `${c.key}/refer`,
      at: this.current,
      stream: referralStream(c.id),
      // A repeat is recognised from the victim's last referral in the read model.
      readsModel: c.fate === 'repeat',
      run: async (meta) =>
        void (await this.commands.execute(new ReferVictim(c.referrer, c.input, meta(c.referrer), c.id))),
    });
  }

  private decide(
    c: Case,
    what: string,
    actor: Actor,
    decision: ConstructorParameters<typeof DecideOnReferral>[2],
  ): void {
    this.step({
      key: `${c.key}/${what}`,
      at: this.current,
      stream: referralStream(c.id),
      run: async (meta) => void (await this.commands.execute(new DecideOnReferral(actor, c.id, decision, meta(actor)))),
    });
  }

  private accept(c: Case): void {
    c.status = 'accepted';
    c.acceptedAt = this.current;
    this.reviewed(c, londonDay(this.current));
    this.decide(c, 'accept', this.chair, { type: 'accept' });
    const day = londonDay(this.current);
    if (c.urgent) {
      const m = this.meeting(c.locality, 'urgent', london(addDays(day, 2), 10), 0, false, true);
      this.on(later(this.current, 60), () => {
        // Scheduling puts the case that calls the meeting on its agenda.
        this.schedule(m, c);
        m.agenda.push({ c, item: 'new', appearance: ++c.agendas });
      });
      this.on(m.startsAt, () => this.hold(m, URGENT_ATTENDEES));
    }
    // Between meetings the referring agency often gets on with its own part straight away.
    if (['police', 'housing', 'fire'].includes(c.referrerAgency) && this.random.chance(0.5)) {
      this.on(london(addDays(day, this.random.int(1, 3)), 14, this.random.int(0, 59)), () =>
        this.agreeBetweenMeetings(c),
      );
    }
  }

  private decline(c: Case, d: (typeof DECLINES)[number]): void {
    c.status = 'declined';
    this.decide(c, 'decline', this.chair, { type: 'decline', reason: d.reason, note: d.note });
  }

  private close(c: Case): void {
    if (c.status !== 'accepted') return;
    const closure = this.random.pick(CLOSURES);
    const outstanding = c.actions.filter(isOutstanding);
    for (const a of outstanding) a.status = 'cancelled';
    c.status = 'closed';
    this.decide(c, `close-${++c.counter}`, this.chair, {
      type: 'close',
      ...closure,
      cancelOutstandingActions: outstanding.length > 0,
    });
    if (c.fate === 'reopened' && !c.reopened)
      this.on(london(addDays(londonDay(this.current), this.random.int(9, 14)), 11, 15), () => this.reopen(c));
  }

  private reopen(c: Case): void {
    if (c.status !== 'closed') return;
    c.status = 'accepted';
    c.reopened = true;
    c.discussions = 0;
    c.closeAt = null;
    this.reviewed(c, londonDay(this.current));
    this.decide(c, 'reopen', this.chair, { type: 'reopen', reason: this.random.pick(REOPEN_REASONS) });
  }

  /** The referrer reassesses after the meeting asked for it: escalation or improvement moves the band. */
  private reassess(c: Case): void {
    if (c.status !== 'accepted') return;
    const rank = BANDS.indexOf(c.band) + (this.random.chance(0.4) ? 1 : -1);
    c.band = BANDS[Math.min(BANDS.length - 1, Math.max(0, rank))];
    c.nextReview = addDays(c.reviewsFrom, DEFAULT_REVIEW_CADENCE[c.band]!);
    const riskAnswers = answersFor(this.random, c.band, c.input.category === 'hate_crime');
    this.decide(c, `reassess-${++c.counter}`, c.referrer, {
      type: 'reassess',
      riskAnswers,
      professionalJudgement: null,
    });
  }

  /** A very-high-risk case is reviewed weekly; between meetings the chair records it. */
  private chairReview(c: Case): void {
    if (c.status !== 'accepted' || c.band !== 'very_high') return;
    this.reviewed(c, londonDay(this.current));
    this.decide(c, `review-${++c.counter}`, this.chair, { type: 'review', meetingId: null });
  }

  private reviewed(c: Case, day: string): void {
    c.reviewsFrom = day;
    c.nextReview = addDays(day, DEFAULT_REVIEW_CADENCE[c.band]!);
  }

  // ---- actions ----

  private choosePlays(c: Case, stage: Play['stage'], count: number): Play[] {
    const fits = (p: Play) =>
      (p.about !== 'perpetrator' || c.input.perpetratorIds.length > 0) &&
      (!p.asbOnly || c.input.category === 'asb') &&
      !c.actions.some((a) => a.play === p);
    const options = PLAYBOOK.filter((p) => p.stage === stage && fits(p));
    const pool = options.length ? options : PLAYBOOK.filter((p) => p.stage === 'first' && fits(p));
    const chosen: Play[] = [];
    // A first plan always does something for the victim as well as about the behaviour.
    while (chosen.length < count) {
      const rest = pool.filter(
        (p) => !chosen.includes(p) && (stage !== 'first' || chosen.length > 0 || p.about === 'victim'),
      );
      if (!rest.length) break;
      chosen.push(this.random.pick(rest));
    }
    return chosen;
  }

  private newAction(c: Case, play: Play, due: string): Action {
    return { key: `${c.key}/action-${++c.counter}`, play, due, status: 'open' };
  }

  private actionInput(c: Case, a: Action): ActionInput {
    const about =
      a.play.about === 'perpetrator'
        ? this.random.pick(c.input.perpetratorIds)
        : a.play.about === 'victim'
          ? c.input.victimIds[0]
          : null;
    return {
      owningAgencyId: this.agency(a.play.owner),
      assigneeUserId: USERS[a.play.owner] ? this.actor(a.play.owner).userId : null,
      kind: a.play.kind,
      description: a.play.text,
      dueDate: a.due,
      targetPersonId: about,
    };
  }

  private agreeBetweenMeetings(c: Case): void {
    if (c.status !== 'accepted') return;
    const play = this.random.pick(
      PLAYBOOK.filter(
        (p) =>
          p.owner === c.referrerAgency &&
          p.stage === 'first' &&
          (p.about !== 'perpetrator' || c.input.perpetratorIds.length > 0) &&
          (!p.asbOnly || c.input.category === 'asb'),
      ),
    );
    if (!play) return;
    const day = londonDay(this.current);
    const a = this.newAction(c, play, addDays(day, this.random.int(7, 14)));
    const input = this.actionInput(c, a);
    this.step({
      key: a.key,
      at: this.current,
      stream: referralStream(c.id),
      run: async (meta) => {
        a.id = (await this.commands.execute(new AgreeAction(c.referrer, c.id, input, meta(c.referrer)))).actionId;
      },
      recover: { from: referralStream(c.id), apply: (events) => ([a.id] = agreedIn(events, a.key)) },
    });
    c.actions.push(a);
    this.progress(c, a, day);
  }

  /**
   * What becomes of an action: the owners report progress between meetings, some late, some
   * never. A case due to close at its next discussion has its actions finished first.
   */
  private progress(c: Case, a: Action, day: string): void {
    const r = this.random;
    const dueIn = daysBetween(day, a.due);
    const at = (days: number) => london(addDays(day, days), r.int(13, 16), r.int(0, 59));
    if (c.closeAt === c.discussions + 1) {
      this.on(at(r.int(4, 20)), () => this.update(c, a, 'completed'));
      return;
    }
    // A long-running case's first action is never reported on: the overdue work a chair chases.
    if (c.fate === 'open_long' && c.actions[0] === a) return;
    const roll = r.next();
    if (roll < 0.4) this.on(at(r.int(3, dueIn + 10)), () => this.update(c, a, 'completed'));
    else if (roll < 0.55) this.on(at(r.int(2, 6)), () => this.update(c, a, 'in_progress'));
    else if (roll < 0.7) {
      this.on(at(r.int(2, 6)), () => this.update(c, a, 'in_progress'));
      this.on(at(r.int(8, dueIn + 14)), () => this.update(c, a, 'completed'));
    } else if (roll < 0.75) this.on(at(r.int(5, 15)), () => this.update(c, a, 'cancelled'));
    // Otherwise nobody has reported on it yet.
  }

  private update(c: Case, a: Action, status: ActionStatus): void {
    if (c.status !== 'accepted' || !isOutstanding(a) || a.status === status) return;
    a.status = status;
    const owner = this.actor(a.play.owner);
    const outcome =
      status === 'completed'
        ? this.random.pick(a.play.outcomes)
        : status === 'cancelled'
          ? this.random.pick(CANCELLED_BECAUSE)
          : null;
    this.step({
      key: `${a.key}/${status}`,
      at: this.current,
      stream: referralStream(c.id),
      run: async (meta) =>
        void (await this.commands.execute(new UpdateAction(owner, c.id, a.id!, status, outcome, meta(owner)))),
    });
  }
}

// ---- running the steps ----

/** The story's day recorded by an earlier run, so that re-running on a later day replays the same story. */
async function storyDay(store: EventStore, streams: string[]): Promise<string | null> {
  for (const stream of streams) {
    const [first] = await store.readStream(stream, { maxCount: 1 });
    if (typeof first?.metadata.demoDay === 'string') return first.metadata.demoDay;
  }
  return null;
}

async function perform(
  app: INestApplicationContext,
  store: EventStore,
  steps: Step[],
  today: string,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const projections = app.get(ProjectionsService, { strict: false });
  const clock = app.get(LagClock, { strict: false });
  const streams = new Map<string, RecordedEvent[]>();
  // Read once per run: what earlier runs wrote is all there before this one starts.
  const eventsOf = async (stream: string) =>
    streams.get(stream) ?? streams.set(stream, await store.readStream(stream)).get(stream)!;
  let readModelBehind = true;
  let ran = 0;
  let done = 0;
  try {
    for (const step of steps) {
      onProgress?.(done++, steps.length);
      if ((await eventsOf(step.stream)).some((e) => e.metadata.demoStep === step.key)) {
        if (step.recover) step.recover.apply(await eventsOf(step.recover.from));
        continue;
      }
      // Before the first step too: the people and agencies the commands check are read from read models.
      if ((step.readsModel || ran === 0) && readModelBehind) {
        await projections.waitForCatchUp(120_000);
        readModelBehind = false;
      }
      // Own properties shadow the clock's methods for this step; deleting them restores the real time.
      Object.assign(clock, { now: () => step.at, today: () => londonDay(step.at) });
      const meta = (actor: Actor): EventMetadata => ({
        userId: actor.userId,
        agencyId: actor.agencyId,
        correlationId: 'seed',
        demoStep: step.key,
        demoDay: today,
      });
      try {
        await step.run(meta);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        throw new Error(
          `LAG demo step ${step.key} (at ${step.at}) failed: ${e.code ?? ''} ${e.message ?? String(error)}`,
          { cause: error },
        );
      }
      ran += 1;
      if (step.writesCase) readModelBehind = true;
    }
    onProgress?.(done, steps.length);
  } finally {
    Reflect.deleteProperty(clock, 'now');
    Reflect.deleteProperty(clock, 'today');
  }
  return ran;
}
