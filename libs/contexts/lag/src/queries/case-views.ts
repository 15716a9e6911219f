import { Injectable } from '@nestjs/common';
import {
  ConsultationLog,
  DATA_CATEGORIES,
  PersonalDataPolicy,
  sortedCategories,
  type Actor,
  type DataCategory,
  type Purpose,
} from '@hubline/access';
import { londonDay } from '@hubline/calendar';
import type { EventMetadata } from '@hubline/event-store';
import { ProjectionsService, READ_YOUR_WRITES_TIMEOUT_MS } from '@hubline/projections';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory, type PersonView } from '@hubline/people';
import { PersonalDataVault, type PersonKeyColumn } from '@hubline/privacy';
import { LagError, type RiskAssessment, type Sealed } from '../domain';
import { LagStreams } from '../commands/lag-streams';
import { LagClock } from '../lag-clock';
import { AgencyNames } from './agency-names';
import {
  isActionOverdue,
  isOutstandingAction,
  LagReadModel,
  type CasePage,
  type CaseRecord,
  type MeetingView,
  type PackPage,
  type ReferralRecordView,
  type ReferralSummary,
  type CaseOrder,
} from './lag-read-model';

/** A narrative as shown: the text, or that it was erased when its victim was forgotten. */
export type Narrative = string | { erased: true };

export interface CaseAction {
  actionId: string;
  owningAgencyId: string;
  assigneeUserId: string | null;
  kind: string;
  status: string;
  dueDate: string;
  overdue: boolean;
  meetingId: string | null;
  targetPersonId: string | null;
  agreedAt: string;
  updatedAt: string;
  description: Narrative;
  outcome: Narrative | null;
}

/**
 * A case as an agency that may read it sees it: the fields of the data categories it may read (all
 * of them when it works the case; otherwise those disclosed to it about the first victim), and
 * `withheld` naming the categories of the fields left out.
 */
export interface ReferralCaseView extends ReferralSummary {
  locked: false;
  victims: PersonView[];
  perpetrators: PersonView[];
  repeatVictimIds: string[];
  /** `health` (disability, pregnancy and maternity) and `special_category` (the others). */
  protectedCharacteristics?: string[];
  vulnerabilities?: string[];
  acceptingAgencyId: string | null;
  /** `incident_details`. */
  incidentSummary?: Narrative;
  multiAgencyReason?: Narrative;
  /** `risk_assessment`. */
  risk?: Omit<RiskAssessment, 'judgement'> & { judgement: { band: string; reason: Narrative } | null };
  /** `case_actions`: the actions, the history with its notes, and the meeting discussions. */
  actions?: CaseAction[];
  history?: Array<Record<string, unknown>>;
  discussions?: Array<{ meetingId: string; recordedAt: string; decisions: string[]; notes: Narrative }>;
  /** `case_actions`: the enforcement orders taken in the case (codes and days), expiring ones named. */
  enforcementOrders?: CaseOrder[];
  withheld?: DataCategory[];
}

/** The data categories of a case view's fields, field by field (see ReferralCaseView). */
const CASE_CATEGORIES: readonly DataCategory[] = [
  'incident_details',
  'risk_assessment',
  'vulnerabilities',
  'case_actions',
  'health',
  'special_category',
];

/** A referral in the list, with its victims as the actor's agency may see them (names, or the locked view). */
export interface ReferralListItem extends ReferralSummary {
  victims: PersonView[];
}

/** The case exists, and which agencies are involved: no people, no narratives. */
export interface LockedReferralView extends ReferralSummary {
  locked: true;
  agencies: Array<{ agencyId: string; name: string }>;
}

export interface PackCase {
  referralId: string;
  item: string;
  discussed: boolean;
  carriedActionIds: string[];
  category: string;
  status: string;
  band: string;
  repeat: boolean;
  nextReviewDate: string | null;
  dueForReview: boolean;
  lastReviewedAt: string | null;
  reviewCount: number;
  /** True when the chair's agency may not see this case's narratives. */
  locked: boolean;
  /** Of `incident_details` (the summary) and `case_actions` (the actions' descriptions), those held back. */
  withheld?: DataCategory[];
  victims: PersonView[];
  perpetrators: PersonView[];
  incidentSummary: Narrative | null;
  openActions: Array<Omit<CaseAction, 'outcome' | 'description' | 'targetPersonId'> & { description?: Narrative }>;
  overdueActions: number;
}

export interface MeetingPack extends Omit<MeetingView, 'agenda'> {
  /** Overdue and due-for-review are as at this day: the meeting's. */
  asOf: string;
  cases: PackCase[];
}

/** Referred (awaiting a decision) or accepted: the access policy's `open_case` holds while it is. */
const caseIsOpen = (r: Pick<ReferralSummary, 'status'>) => r.status === 'referred' || r.status === 'accepted';

const toNarrative = (value: unknown): Narrative => (typeof value === 'string' ? value : { erased: true });

/** Collects the sealed values of one case, then opens them with one key look-up. */
class Unsealer {
  private readonly sealed: Array<Sealed | null> = [];
  private opened: unknown[] = [];

  constructor(private readonly personId: string) {}

  add(value: Sealed | null | undefined): number {
    // Only what will be shown is opened at all.
    this.sealed.push(value ?? null);
    return this.sealed.length - 1;
  }

  /** Opens them with the person's wrapped key read with the case (no look-up), or else looks it up. */
  async open(vault: PersonalDataVault, key?: PersonKeyColumn | null): Promise<void> {
    this.opened =
      key === undefined
        ? await vault.openMany(this.sealed.map((sealed) => ({ personId: this.personId, sealed })))
        : await vault.openManyWithKeys(this.sealed.map((sealed) => ({ personId: this.personId, sealed, key })));
  }

  text(index: number): Narrative {
    return toNarrative(this.opened[index]);
  }

  maybe(index: number): Narrative | null {
    return this.sealed[index] === null ? null : this.text(index);
  }

  /** True when something opened, i.e. personal data will be shown. */
  get showsAny(): boolean {
    return this.opened.some((v) => typeof v === 'string');
  }
}

/**
 * The views of the LAG that show people and narratives. Narratives of a case are shown when the
 * actor's agency may see its first victim (the personal-data policy) or is involved in the case
 * while it is open (decision 0029);
 * people are shown through the people directory, which applies the policy person by person and
 * records the consultation. When narratives are shown about a victim the directory did not show
 * (e.g. a first victim whose record was merged into another), that victim is recorded as consulted too,
 * before anything is returned.
 */
@Injectable()
export class CaseViews {
  constructor(
    private readonly readModel: LagReadModel,
    private readonly people: PeopleDirectory,
    private readonly policy: PersonalDataPolicy,
    private readonly consultations: ConsultationLog,
    private readonly vault: PersonalDataVault,
    private readonly partnerships: PartnershipDirectory,
    private readonly clock: LagClock,
    private readonly streams: LagStreams,
    private readonly projections: ProjectionsService,
    private readonly agencyNames: AgencyNames,
  ) {}

  /**
   * A case as the actor may see it. A LAG chair opening a referral that awaits a decision first
   * records that the referral was opened for their decision (their agency becomes involved: the
   * sharing context records the disclosure to it), so the chair decides on what was referred.
   * In few round trips (decision 0032): the case with all it shows and the policy's input about
   * its first victim in one statement, its people in one, and the consultations in one append.
   */
  async referral(
    actor: Actor,
    referralId: string,
    purpose: Purpose,
    metadata: EventMetadata,
  ): Promise<ReferralCaseView | LockedReferralView> {
    const correlationId = metadata.correlationId;
    const today = this.clock.today();
    let page = await this.casePage(actor, referralId, today);
    // Involvement only grows while a referral awaits its decision: a chair's agency the read model
    // shows involved, or a case past its decision, has nothing new to record.
    const opening =
      actor.roles.includes('lag_chair') &&
      page.referral.status === 'referred' &&
      !page.referral.involvedAgencyIds.includes(actor.agencyId);
    if (opening && (await this.openForDecision(actor, referralId, metadata)))
      page = await this.casePage(actor, referralId, today);
    const { referral } = page;
    const summary = summaryOf(referral);
    const granted = (await this.grants(actor, [referral])).get(referralId);
    if (!granted) {
      const agencies = await this.agencyNames.of(
        actor.partnershipId,
        referral.involvedAgencyIds,
        page.partnershipVersion,
      );
      return { ...summary, locked: true, agencies };
    }
    const may = (c: DataCategory) => granted.includes(c);
    const shownCategories = CASE_CATEGORIES.filter(may);
    const withheld = CASE_CATEGORIES.filter((c) => !may(c));

    const actions = may('case_actions') ? page.actions : [];
    const discussions = may('case_actions') ? page.discussions : [];
    const history = may('case_actions') ? referral.history : [];
    const u = new Unsealer(referral.victimIds[0]);
    const at = {
      summary: u.add(may('incident_details') ? referral.incidentSummary : null),
      reason: u.add(may('incident_details') ? referral.multiAgencyReason : null),
      judgement: u.add(may('risk_assessment') ? referral.risk.judgement?.reason : null),
      history: history.map((h) => u.add(h.note)),
      actions: actions.map((a) => ({ description: u.add(a.description), outcome: u.add(a.outcome) })),
      discussions: discussions.map((d) => u.add(d.notes)),
    };
    await u.open(this.vault, referral.firstVictimKey);

    const people = await this.showPeople(
      actor,
      [...referral.victimIds, ...referral.perpetratorIds],
      shownCategories.length ? new Map([[referral.victimIds[0], shownCategories]]) : new Map(),
      purpose,
      'lag_referral',
      correlationId,
      // Narratives erased with their victim show nothing about someone the directory did not show.
      u.showsAny,
    );
    const { judgement, ...risk } = referral.risk;
    const characteristics = referral.protectedCharacteristics.filter((c) =>
      may(PeopleDirectory.characteristicCategory(c)),
    );
    return {
      ...summary,
      locked: false,
      victims: referral.victimIds.map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p)),
      perpetrators: referral.perpetratorIds.map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p)),
      repeatVictimIds: referral.repeatVictimIds,
      ...(may('health') || may('special_category') ? { protectedCharacteristics: characteristics } : {}),
      ...(may('vulnerabilities') ? { vulnerabilities: referral.vulnerabilities } : {}),
      acceptingAgencyId: referral.acceptingAgencyId,
      ...(may('incident_details') ? { incidentSummary: u.text(at.summary), multiAgencyReason: u.text(at.reason) } : {}),
      ...(may('risk_assessment')
        ? { risk: { ...risk, judgement: judgement ? { band: judgement.band, reason: u.text(at.judgement) } : null } }
        : {}),
      ...(may('case_actions') ? this.caseActions(u, at, actions, history, discussions, today) : {}),
      ...(may('case_actions') ? { enforcementOrders: page.orders } : {}),
      ...(withheld.length ? { withheld } : {}),
    };
  }

  /** The case's page; a referral just made may not be in the read model yet: "not found" stands once it has caught up (decision 0020). */
  private async casePage(actor: Actor, referralId: string, today: string): Promise<CasePage> {
    const page =
      (await this.readModel.casePage(actor.partnershipId, referralId, today)) ??
      (await this.projections
        .waitForReadModels(READ_YOUR_WRITES_TIMEOUT_MS)
        .catch(() => undefined)
        .then(() => this.readModel.casePage(actor.partnershipId, referralId, today)));
    if (!page) throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
    return page;
  }

  /**
   * The referral list for triage, with each victim as the actor's agency may see them, through the
   * people directory: one consultation names every person shown (and one the people shown locked).
   */
  async referralList(
    actor: Actor,
    referrals: ReferralSummary[],
    purpose: Purpose,
    correlationId?: string,
  ): Promise<ReferralListItem[]> {
    const records = await this.readModel.referrals(
      actor.partnershipId,
      referrals.map((r) => r.referralId),
      this.clock.today(),
    );
    const victimsOf = new Map(records.map((r) => [r.referralId, r.victimIds]));
    const everyone = [...new Set(records.flatMap((r) => r.victimIds))];
    const views = everyone.length
      ? await this.people.describe(actor, everyone, purpose, 'lag_referral_list', { correlationId })
      : [];
    const byId = new Map(views.map((v) => [v.personId, v]));
    return referrals.map((r) => ({
      ...r,
      victims: (victimsOf.get(r.referralId) ?? []).map((id) => byId.get(id)).filter((p): p is PersonView => Boolean(p)),
    }));
  }

  /**
   * Records a chair opening a referral awaiting a decision (nothing when there is nothing new), and
   * lets the read models see it. True when something was recorded.
   */
  private async openForDecision(actor: Actor, referralId: string, metadata: EventMetadata): Promise<boolean> {
    const outcome = await this.streams.onReferral(
      actor.partnershipId,
      referralId,
      async () => [
        {
          type: 'OpenForDecision',
          partnershipId: actor.partnershipId,
          chairUserId: actor.userId,
          chairAgencyId: actor.agencyId,
          now: this.clock.now(),
        },
      ],
      metadata,
    );
    if (outcome.events.length === 0) return false;
    await this.projections.waitForReadModels(READ_YOUR_WRITES_TIMEOUT_MS).catch(() => undefined);
    return true;
  }

  private caseActions(
    u: Unsealer,
    at: {
      history: number[];
      actions: Array<{ description: number; outcome: number }>;
      discussions: number[];
    },
    actions: Awaited<ReturnType<LagReadModel['actionsOfReferrals']>>,
    history: ReferralRecordView['history'],
    discussions: Awaited<ReturnType<LagReadModel['discussions']>>,
    today: string,
  ): Pick<ReferralCaseView, 'actions' | 'history' | 'discussions'> {
    return {
      actions: actions.map((a, i) => ({
        actionId: a.actionId,
        owningAgencyId: a.owningAgencyId,
        assigneeUserId: a.assigneeUserId,
        kind: a.kind,
        status: a.status,
        dueDate: a.dueDate,
        overdue: isActionOverdue(a, today),
        meetingId: a.meetingId,
        targetPersonId: a.targetPersonId,
        agreedAt: a.agreedAt,
        updatedAt: a.updatedAt,
        description: u.text(at.actions[i].description),
        outcome: u.maybe(at.actions[i].outcome),
      })),
      history: history.map((h, i) => ({
        ...h,
        ...(h.note !== undefined ? { note: u.maybe(at.history[i]) } : {}),
      })),
      discussions: discussions.map((d, i) => ({
        meetingId: d.meetingId,
        recordedAt: d.recordedAt,
        decisions: d.decisions,
        notes: u.text(at.discussions[i]),
      })),
    };
  }

  /**
   * The chair's pack: every agenda case's summary, people and (where allowed) incident summary,
   * from the pack's page (`LagReadModel.packPage`, one statement). Each case's narratives open
   * with its first victim's key read with it; the people of every case are read in one statement
   * and the consultations appended in one: the round trips do not grow with the agenda.
   */
  async meetingPack(actor: Actor, page: PackPage, purpose: Purpose, correlationId?: string): Promise<MeetingPack> {
    const { meeting, actions } = page;
    const asOf = londonDay(meeting.startsAt);
    const referrals = new Map(page.referrals.map((r) => [r.referralId, r]));
    const allowed = await this.grants(actor, page.referrals);
    const PACK_CATEGORIES: DataCategory[] = ['incident_details', 'case_actions'];

    const opened = new Map<
      string,
      { u: Unsealer; summary: number; actions: Map<string, number>; shown: DataCategory[]; withheld: DataCategory[] }
    >();
    for (const r of referrals.values()) {
      const granted = allowed.get(r.referralId);
      if (!granted) continue;
      const shown = PACK_CATEGORIES.filter((c) => granted.includes(c));
      const u = new Unsealer(r.victimIds[0]);
      const summary = u.add(shown.includes('incident_details') ? r.incidentSummary : null);
      const actionIndex = new Map(
        actions
          .filter((a) => a.referralId === r.referralId && isOutstandingAction(a.status))
          .map((a) => [a.actionId, u.add(shown.includes('case_actions') ? a.description : null)]),
      );
      await u.open(this.vault, r.firstVictimKey);
      const withheld = PACK_CATEGORIES.filter((c) => !shown.includes(c));
      opened.set(r.referralId, { u, summary, actions: actionIndex, shown, withheld });
    }
    const narrativeSubjects = new Map<string, DataCategory[]>();
    for (const [id, o] of opened) {
      if (!o.u.showsAny) continue;
      const victim = referrals.get(id)!.victimIds[0];
      narrativeSubjects.set(victim, [...(narrativeSubjects.get(victim) ?? []), ...o.shown]);
    }
    const everyone = [...referrals.values()].flatMap((r) => [...r.victimIds, ...r.perpetratorIds]);
    const people = await this.showPeople(
      actor,
      everyone,
      narrativeSubjects,
      purpose,
      'lag_meeting_pack',
      correlationId,
    );
    const list = (personIds: string[]) =>
      personIds.map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p));

    const { agenda, ...rest } = meeting;
    const cases: PackCase[] = [];
    for (const item of agenda) {
      const r = referrals.get(item.referralId);
      if (!r) continue;
      const o = opened.get(r.referralId);
      const open = actions.filter((a) => a.referralId === r.referralId && isOutstandingAction(a.status));
      cases.push({
        referralId: r.referralId,
        item: item.item,
        discussed: item.discussed,
        carriedActionIds: item.carriedActionIds,
        category: r.category,
        status: r.status,
        band: r.band,
        repeat: r.repeat,
        nextReviewDate: r.nextReviewDate,
        dueForReview: r.dueForReview,
        lastReviewedAt: r.lastReviewedAt,
        reviewCount: r.reviewCount,
        locked: !o,
        ...(o?.withheld.length ? { withheld: o.withheld } : {}),
        victims: list(r.victimIds),
        perpetrators: list(r.perpetratorIds),
        incidentSummary: o?.shown.includes('incident_details') ? o.u.text(o.summary) : null,
        openActions: open.map((a) => ({
          actionId: a.actionId,
          owningAgencyId: a.owningAgencyId,
          assigneeUserId: a.assigneeUserId,
          kind: a.kind,
          status: a.status,
          dueDate: a.dueDate,
          overdue: isActionOverdue(a, asOf),
          meetingId: a.meetingId,
          agreedAt: a.agreedAt,
          updatedAt: a.updatedAt,
          ...(o?.shown.includes('case_actions') ? { description: o.u.text(o.actions.get(a.actionId)!) } : {}),
        })),
        overdueActions: open.filter((a) => isActionOverdue(a, asOf)).length,
      });
    }
    return { ...rest, asOf, cases };
  }

  /**
   * Per referral the actor may read (others are left out): the data categories it may read of it.
   * Every category to an agency involved in the case while it is open; otherwise those the
   * personal-data policy grants its agency of the first victim, whose key seals the case. One rule
   * with the policy (decision 0029): involvement through a case gives access while the case is open
   * and ends when it closes or is declined, for the case's narratives as for the victim's record.
   */
  async readableCategories(
    actor: Actor,
    referrals: ReferralRecordView[],
  ): Promise<Map<string, readonly DataCategory[]>> {
    const access = await this.policy.assess(actor, [...new Set(referrals.map((r) => r.victimIds[0]))]);
    const readable = new Map<string, readonly DataCategory[]>();
    for (const r of referrals) {
      if (r.involvedAgencyIds.includes(actor.agencyId) && caseIsOpen(r)) readable.set(r.referralId, DATA_CATEGORIES);
      else if (access.get(r.victimIds[0])?.visible) readable.set(r.referralId, access.get(r.victimIds[0])!.categories);
    }
    return readable;
  }

  /**
   * `readableCategories` for cases read with their first victim's involvement (`CaseRecord`): the
   * same decision, with no statement of its own unless a sharing basis must be asked about a first
   * victim the agency has no reason of its own to read (`ownReasonSuffices`: its own reason grants
   * every category already). An agency involved in an open case is not asked about at all.
   */
  async grants(actor: Actor, referrals: CaseRecord[]): Promise<Map<string, readonly DataCategory[]>> {
    const byPolicy = referrals.filter((r) => !(r.involvedAgencyIds.includes(actor.agencyId) && caseIsOpen(r)));
    const access = await this.policy.assessInvolvement(
      actor,
      [...new Set(byPolicy.map((r) => r.victimIds[0]))],
      byPolicy.flatMap((r) => r.firstVictimInvolvement),
      { ownReasonSuffices: true },
    );
    const readable = new Map<string, readonly DataCategory[]>();
    for (const r of referrals) {
      if (r.involvedAgencyIds.includes(actor.agencyId) && caseIsOpen(r)) readable.set(r.referralId, DATA_CATEGORIES);
      else if (access.get(r.victimIds[0])?.visible) readable.set(r.referralId, access.get(r.victimIds[0])!.categories);
    }
    return readable;
  }

  /**
   * People through the directory (one consultation for those shown, with the case's categories shown
   * of each narrative subject, one for those shown locked), plus any narrative subject it did not
   * show; every consultation in one append, stored before anything is returned.
   */
  async showPeople(
    actor: Actor,
    personIds: string[],
    narrativeSubjects: Map<string, DataCategory[]>,
    purpose: Purpose,
    view: string,
    correlationId?: string,
    recordUnshown = true,
  ): Promise<Map<string, PersonView>> {
    return this.consultations.inOneAppend(async () => {
      const views = personIds.length
        ? await this.people.describe(actor, personIds, purpose, view, { correlationId, alsoShown: narrativeSubjects })
        : [];
      const shown = new Set(views.filter((v) => 'givenName' in v).map((v) => v.personId));
      const unrecorded = recordUnshown ? [...narrativeSubjects.keys()].filter((id) => !shown.has(id)) : [];
      if (unrecorded.length)
        await this.consultations.record(actor, {
          personIds: unrecorded,
          view,
          purpose,
          correlationId,
          categories: new Map(unrecorded.map((id) => [id, sortedCategories(narrativeSubjects.get(id)!)])),
        });
      return new Map(views.map((v) => [v.personId, v]));
    });
  }
}

function summaryOf(r: ReferralRecordView): ReferralSummary {
  return {
    referralId: r.referralId,
    version: r.version,
    localityId: r.localityId,
    wardId: r.wardId,
    category: r.category,
    status: r.status,
    band: r.band,
    repeat: r.repeat,
    victimCount: r.victimCount,
    perpetratorCount: r.perpetratorCount,
    referringAgencyId: r.referringAgencyId,
    involvedAgencyIds: r.involvedAgencyIds,
    referredAt: r.referredAt,
    acceptedAt: r.acceptedAt,
    declinedAt: r.declinedAt,
    closedAt: r.closedAt,
    nextReviewDate: r.nextReviewDate,
    lastReviewedAt: r.lastReviewedAt,
    reviewCount: r.reviewCount,
    dueForReview: r.dueForReview,
    daysWaiting: r.daysWaiting,
    openActions: r.openActions,
    overdueActions: r.overdueActions,
  };
}
