import { Injectable } from '@nestjs/common';
import { ConsultationLog, PersonalDataPolicy, type Actor, type Purpose } from '@hubline/access';
import { londonDay } from '@hubline/calendar';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory, type PersonView } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { LagError, type RiskAssessment, type Sealed } from '../domain';
import { LagClock } from '../lag-clock';
import {
  isActionOverdue,
  isOutstandingAction,
  LagReadModel,
  type MeetingView,
  type ReferralRecordView,
  type ReferralSummary,
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

export interface ReferralCaseView extends ReferralSummary {
  locked: false;
  victims: PersonView[];
  perpetrators: PersonView[];
  repeatVictimIds: string[];
  protectedCharacteristics: string[];
  vulnerabilities: string[];
  acceptingAgencyId: string | null;
  incidentSummary: Narrative;
  multiAgencyReason: Narrative;
  risk: Omit<RiskAssessment, 'judgement'> & { judgement: { band: string; reason: Narrative } | null };
  actions: CaseAction[];
  history: Array<Record<string, unknown>>;
  discussions: Array<{ meetingId: string; recordedAt: string; decisions: string[]; notes: Narrative }>;
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

const toNarrative = (value: unknown): Narrative => (typeof value === 'string' ? value : { erased: true });

/** Collects the sealed values of one case, then opens them with one key look-up. */
class Unsealer {
  private readonly sealed: Array<Sealed | null> = [];
  private opened: unknown[] = [];

  constructor(private readonly personId: string) {}

  add(value: Sealed | null | undefined): number {
    this.sealed.push(value ?? null);
    return this.sealed.length - 1;
  }

  async open(vault: PersonalDataVault): Promise<void> {
    this.opened = await vault.openMany(this.sealed.map((sealed) => ({ personId: this.personId, sealed })));
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
 * actor's agency may see its first victim (the personal-data policy) or is involved in the case;
 * people are shown through the people directory, which applies the policy person by person and
 * records the consultation. When narratives are shown about a victim the directory did not show
 * (e.g. an involved agency after the case closed), that victim is recorded as consulted too,
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
  ) {}

  async referral(
    actor: Actor,
    referralId: string,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<ReferralCaseView | LockedReferralView> {
    const today = this.clock.today();
    const referral = await this.readModel.referral(actor.partnershipId, referralId, today);
    if (!referral) throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
    const summary = summaryOf(referral);
    if (!(await this.mayReadNarratives(actor, [referral])).has(referralId)) {
      const agencies = await this.partnerships.agencyNames(actor.partnershipId, referral.involvedAgencyIds);
      return { ...summary, locked: true, agencies };
    }

    const actions = await this.readModel.actionsOfReferrals(actor.partnershipId, [referralId]);
    const discussions = await this.readModel.discussions(actor.partnershipId, referralId);
    const u = new Unsealer(referral.victimIds[0]);
    const at = {
      summary: u.add(referral.incidentSummary),
      reason: u.add(referral.multiAgencyReason),
      judgement: u.add(referral.risk.judgement?.reason),
      history: referral.history.map((h) => u.add(h.note)),
      actions: actions.map((a) => ({ description: u.add(a.description), outcome: u.add(a.outcome) })),
      discussions: discussions.map((d) => u.add(d.notes)),
    };
    await u.open(this.vault);

    const people = await this.showPeople(
      actor,
      [...referral.victimIds, ...referral.perpetratorIds],
      u.showsAny ? [referral.victimIds[0]] : [],
      purpose,
      'lag_referral',
      correlationId,
    );
    const { judgement, ...risk } = referral.risk;
    return {
      ...summary,
      locked: false,
      victims: referral.victimIds.map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p)),
      perpetrators: referral.perpetratorIds.map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p)),
      repeatVictimIds: referral.repeatVictimIds,
      protectedCharacteristics: referral.protectedCharacteristics,
      vulnerabilities: referral.vulnerabilities,
      acceptingAgencyId: referral.acceptingAgencyId,
      incidentSummary: u.text(at.summary),
      multiAgencyReason: u.text(at.reason),
      risk: { ...risk, judgement: judgement ? { band: judgement.band, reason: u.text(at.judgement) } : null },
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
      history: referral.history.map((h, i) => ({
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

  /** The chair's pack: every agenda case's summary, people and (where allowed) incident summary. */
  async meetingPack(actor: Actor, meetingId: string, purpose: Purpose, correlationId?: string): Promise<MeetingPack> {
    const meeting = await this.readModel.meeting(actor.partnershipId, meetingId);
    if (!meeting) throw new LagError('MEETING.NOT_FOUND', 'No such meeting in your partnership.');
    const asOf = londonDay(meeting.startsAt);
    const ids = meeting.agenda.map((a) => a.referralId);
    const referrals = new Map(
      (await this.readModel.referrals(actor.partnershipId, ids, asOf)).map((r) => [r.referralId, r]),
    );
    const actions = await this.readModel.actionsOfReferrals(actor.partnershipId, ids);
    const allowed = await this.mayReadNarratives(actor, [...referrals.values()]);

    const opened = new Map<string, { u: Unsealer; summary: number; actions: Map<string, number> }>();
    for (const r of referrals.values()) {
      if (!allowed.has(r.referralId)) continue;
      const u = new Unsealer(r.victimIds[0]);
      const summary = u.add(r.incidentSummary);
      const actionIndex = new Map(
        actions
          .filter((a) => a.referralId === r.referralId && isOutstandingAction(a.status))
          .map((a) => [a.actionId, u.add(a.description)]),
      );
      await u.open(this.vault);
      opened.set(r.referralId, { u, summary, actions: actionIndex });
    }
    const narrativeSubjects = [...opened.entries()]
      .filter(([, o]) => o.u.showsAny)
      .map(([id]) => referrals.get(id)!.victimIds[0]);
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
        victims: list(r.victimIds),
        perpetrators: list(r.perpetratorIds),
        incidentSummary: o ? o.u.text(o.summary) : null,
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
          ...(o ? { description: o.u.text(o.actions.get(a.actionId)!) } : {}),
        })),
        overdueActions: open.filter((a) => isActionOverdue(a, asOf)).length,
      });
    }
    return { ...rest, asOf, cases };
  }

  /** Referral ids whose narratives the actor may read. */
  private async mayReadNarratives(actor: Actor, referrals: ReferralRecordView[]): Promise<Set<string>> {
    const access = await this.policy.assess(actor, [...new Set(referrals.map((r) => r.victimIds[0]))]);
    return new Set(
      referrals
        .filter((r) => access.get(r.victimIds[0])?.visible || r.involvedAgencyIds.includes(actor.agencyId))
        .map((r) => r.referralId),
    );
  }

  /** People through the directory (one consultation for those shown), plus any narrative subject it did not show. */
  private async showPeople(
    actor: Actor,
    personIds: string[],
    narrativeSubjects: string[],
    purpose: Purpose,
    view: string,
    correlationId?: string,
  ): Promise<Map<string, PersonView>> {
    const views = personIds.length
      ? await this.people.describe(actor, personIds, purpose, view, { correlationId })
      : [];
    const shown = new Set(views.filter((v) => 'givenName' in v).map((v) => v.personId));
    const unrecorded = [...new Set(narrativeSubjects)].filter((id) => !shown.has(id));
    if (unrecorded.length)
      await this.consultations.record(actor, { personIds: unrecorded, view, purpose, correlationId });
    return new Map(views.map((v) => [v.personId, v]));
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
    openActions: r.openActions,
    overdueActions: r.overdueActions,
  };
}
