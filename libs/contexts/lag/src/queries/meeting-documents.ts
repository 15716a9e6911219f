import { Injectable } from '@nestjs/common';
import type { Actor, DataCategory, Purpose } from '@hubline/access';
import { londonDay } from '@hubline/calendar';
import type { EventMetadata, RecordedEvent } from '@hubline/event-store';
import { PartnershipDirectory } from '@hubline/partnerships';
import type { PersonView } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { CONFIDENTIALITY_STATEMENT, LagError, type MeetingEvent, type Sealed } from '../domain';
import { LagStreams } from '../commands/lag-streams';
import { LagClock } from '../lag-clock';
import { AgencyNames } from './agency-names';
import { CaseViews, type MeetingPack, type Narrative } from './case-views';
import { LagReadModel, type MeetingView, type ReferralRecordView } from './lag-read-model';

/** An agency by id and name, as the documents print it. */
export interface NamedAgency {
  agencyId: string;
  name: string;
}

/** The pack as issued to the reader's agency: the chair's pack, with who it was issued to. */
export interface IssuedMeetingPack extends MeetingPack {
  issuedTo: NamedAgency;
  localityName: string | null;
  agencies: NamedAgency[];
}

export interface MinutesAction {
  actionId: string;
  owningAgencyId: string;
  kind: string;
  dueDate: string;
  status: string;
  description: Narrative;
}

/** One agenda case in the minutes: its part (discussion, decisions, actions, next review) where the reader may read it. */
export interface MinutesCase {
  referralId: string;
  item: string;
  band: string;
  category: string;
  /** True when the reader's agency does not receive this case's part: no people's names, no discussion. */
  locked: boolean;
  victims: PersonView[];
  discussed: boolean;
  discussions: Array<{
    recordedAt: string;
    decisions: string[];
    notes: Narrative;
    notCovered: { agencyIds: string[]; decision: 'excluded' | 'shared' } | null;
  }>;
  actions: MinutesAction[];
  carriedForwardActionIds: string[];
  /** As at issue once issued; until then, as now. */
  status: string;
  nextReviewDate: string | null;
}

export interface Minutes {
  meetingId: string;
  /** The meeting's version: If-Match for issuing them. */
  version: number;
  partnershipId: string;
  localityId: string;
  localityName: string | null;
  startsAt: string;
  meetingDay: string;
  status: 'scheduled' | 'in_session' | 'closed' | 'cancelled';
  closedAt: string | null;
  issued: { issuedAt: string; issuedByUserId: string; recipientAgencyIds: string[] } | null;
  present: Array<NamedAgency & { userId: string | null }>;
  apologies: Array<NamedAgency & { userId: string | null }>;
  confidentiality: { statement: string; confirmedAt: string; chairUserId: string } | null;
  cases: MinutesCase[];
  agencies: NamedAgency[];
}

type Facts = {
  version: number;
  scheduled: Extract<MeetingEvent, { type: 'MeetingScheduled' }>['data'];
  startsAt: string;
  agenda: Array<{ referralId: string; item: string; band: string }>;
  attendance: Map<string, { agencyId: string; userId: string | null; present: boolean }>;
  confidentiality: { confirmedAt: string; chairUserId: string } | null;
  discussions: Array<Extract<MeetingEvent, { type: 'CaseDiscussed' }>['data']>;
  carried: Map<string, string[]>;
  closedAt: string | null;
  cancelled: boolean;
  issued: Extract<MeetingEvent, { type: 'MeetingMinutesIssued' }>['data'] | null;
};

/** The meeting as its own events tell it: the minutes are built from these, not from a read model. */
function factsOf(events: RecordedEvent[]): Facts | null {
  let facts: Facts | null = null;
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as MeetingEvent;
    if (event.type === 'MeetingScheduled') {
      facts = {
        version: recorded.revision,
        scheduled: event.data,
        startsAt: event.data.startsAt,
        agenda: [],
        attendance: new Map(),
        confidentiality: null,
        discussions: [],
        carried: new Map(),
        closedAt: null,
        cancelled: false,
        issued: null,
      };
      continue;
    }
    if (!facts) continue;
    facts.version = recorded.revision;
    switch (event.type) {
      case 'MeetingRescheduled':
        facts.startsAt = event.data.startsAt;
        break;
      case 'CaseAddedToAgenda':
        if (!facts.agenda.some((a) => a.referralId === event.data.referralId))
          facts.agenda.push({ referralId: event.data.referralId, item: event.data.item, band: event.data.band });
        break;
      case 'MeetingAttendanceRecorded':
      case 'MeetingApologiesRecorded': {
        const { agencyId, userId } = event.data;
        facts.attendance.set(`${agencyId}/${userId ?? ''}`, {
          agencyId,
          userId,
          present: event.type === 'MeetingAttendanceRecorded',
        });
        break;
      }
      case 'MeetingConfidentialityConfirmed':
        facts.confidentiality = { confirmedAt: event.data.confirmedAt, chairUserId: event.data.chairUserId };
        break;
      case 'CaseDiscussed':
        facts.discussions.push(event.data);
        break;
      case 'ActionsCarriedForward':
        facts.carried.set(event.data.referralId, [
          ...(facts.carried.get(event.data.referralId) ?? []),
          ...event.data.actionIds,
        ]);
        break;
      case 'MeetingClosed':
        facts.closedAt = event.data.closedAt;
        break;
      case 'MeetingCancelled':
        facts.cancelled = true;
        break;
      case 'MeetingMinutesIssued':
        facts.issued = event.data;
        break;
    }
  }
  return facts;
}

/** The narratives' categories: discussion notes and action descriptions are the case's action plan. */
const MINUTES_CATEGORY: DataCategory = 'case_actions';
const toNarrative = (value: unknown): Narrative => (typeof value === 'string' ? value : { erased: true });

/**
 * The meeting's documents (decision 0028): the pack for every agency preparing for the meeting,
 * and the minutes. Each issue of either to an agency is a fact the sharing context records as a
 * disclosure; each read is in the consultation log with its purpose, through the people directory.
 */
@Injectable()
export class MeetingDocuments {
  constructor(
    private readonly readModel: LagReadModel,
    private readonly views: CaseViews,
    private readonly vault: PersonalDataVault,
    private readonly partnerships: PartnershipDirectory,
    private readonly streams: LagStreams,
    private readonly clock: LagClock,
    private readonly agencyNames: AgencyNames,
  ) {}

  /**
   * The pack for the reader's agency: a LAG chair's, or that of an agency on the meeting's
   * attendance list (present or apologies) or involved in a case on its agenda. Each case shows
   * what the agency may read (the locked view otherwise); the cases shown in full are recorded as
   * issued to the agency (a disclosure of each, once), after the consultation is recorded.
   */
  async pack(actor: Actor, meetingId: string, purpose: Purpose, metadata: EventMetadata): Promise<IssuedMeetingPack> {
    const page = await this.readModel.packPage(actor.partnershipId, meetingId);
    if (!page) throw new LagError('MEETING.NOT_FOUND', 'No such meeting in your partnership.');
    if (!actor.roles.includes('lag_chair') && !packRecipients(page.meeting, page.referrals).has(actor.agencyId))
      throw new LagError(
        'MEETING.NOT_A_RECIPIENT',
        "Your agency is not on this meeting's attendance list and works none of its cases.",
      );
    const pack = await this.views.meetingPack(actor, page, purpose, metadata.correlationId);
    await this.streams.issuePack(
      {
        type: 'IssuePack',
        meetingId,
        partnershipId: actor.partnershipId,
        agencyId: actor.agencyId,
        userId: actor.userId,
        referralIds: pack.cases.filter((c) => !c.locked).map((c) => c.referralId),
        now: this.clock.now(),
      },
      metadata,
    );
    const agencyIds = [
      actor.agencyId,
      ...pack.attendance.map((a) => a.agencyId),
      ...pack.cases.flatMap((c) => c.openActions.map((a) => a.owningAgencyId)),
    ];
    const agencies = await this.agencyNames.of(actor.partnershipId, [...new Set(agencyIds)], page.partnershipVersion);
    const names = await this.partnerships.names(actor.partnershipId, page.partnershipVersion);
    const localityName = names?.locality(pack.localityId);
    return {
      ...pack,
      issuedTo: agencies.find((a) => a.agencyId === actor.agencyId) ?? { agencyId: actor.agencyId, name: '' },
      localityName: localityName ?? null,
      agencies,
    };
  }

  /**
   * The minutes as the reader's agency receives them. A LAG chair reads them at any time (a draft
   * until issued), each case's part where their agency may read the case; once issued, every
   * other receiving agency reads its copy: the cases' parts it was issued, the others locked.
   */
  async minutes(actor: Actor, meetingId: string, purpose: Purpose, metadata: EventMetadata): Promise<Minutes> {
    const facts = await this.facts(actor, meetingId);
    const chair = actor.roles.includes('lag_chair');
    const ids = facts.agenda.map((a) => a.referralId);
    const referrals = new Map(
      (await this.readModel.referrals(actor.partnershipId, ids, this.clock.today())).map((r) => [r.referralId, r]),
    );
    const copy = facts.issued?.recipients.find((r) => r.agencyId === actor.agencyId) ?? null;
    if (!chair) {
      if (!facts.issued)
        throw new LagError('MEETING.MINUTES_NOT_ISSUED', 'The chair has not issued the minutes of this meeting yet.');
      if (!copy)
        throw new LagError('MEETING.NOT_A_RECIPIENT', 'The minutes of this meeting were not issued to your agency.');
    }
    const parts = new Set<string>(copy?.referralIds ?? []);
    if (chair) {
      const readable = await this.views.readableCategories(actor, [...referrals.values()]);
      for (const [id, categories] of readable) if (categories.includes(MINUTES_CATEGORY)) parts.add(id);
    }
    return this.build(actor, facts, referrals, parts, purpose, metadata.correlationId);
  }

  /**
   * Who receives the minutes, and which case parts: the agencies present and the chair's own, each
   * the cases it may read (as the personal-data policy and case involvement say now) and heard
   * (an agency excluded from a case's discussion does not receive its part).
   */
  async minutesRecipients(actor: Actor, meetingId: string) {
    const facts = await this.facts(actor, meetingId);
    const ids = facts.agenda.map((a) => a.referralId);
    const referrals = await this.readModel.referrals(actor.partnershipId, ids, this.clock.today());
    const present = [...facts.attendance.values()].filter((a) => a.present).map((a) => a.agencyId);
    const agencyIds = [...new Set([actor.agencyId, ...present])].sort();
    const excluded = new Map<string, Set<string>>();
    for (const d of facts.discussions)
      if (d.notCovered?.decision === 'excluded')
        excluded.set(d.referralId, new Set([...(excluded.get(d.referralId) ?? []), ...d.notCovered.agencyIds]));
    const recipients: Array<{ agencyId: string; referralIds: string[] }> = [];
    for (const agencyId of agencyIds) {
      const readable = await this.views.readableCategories({ ...actor, agencyId }, referrals);
      const referralIds = [...readable]
        .filter(([id, categories]) => categories.includes(MINUTES_CATEGORY) && !excluded.get(id)?.has(agencyId))
        .map(([id]) => id);
      recipients.push({ agencyId, referralIds });
    }
    const cases = referrals.map((r) => ({
      referralId: r.referralId,
      status: r.status,
      nextReviewDate: r.nextReviewDate,
    }));
    return { recipients, cases };
  }

  private async build(
    actor: Actor,
    facts: Facts,
    referrals: Map<string, ReferralRecordView>,
    parts: Set<string>,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<Minutes> {
    const meetingId = facts.scheduled.meetingId;
    const shownIds = facts.agenda.map((a) => a.referralId).filter((id) => parts.has(id) && referrals.has(id));
    const actions = (await this.readModel.actionsOfReferrals(actor.partnershipId, shownIds)).filter(
      (a) => a.meetingId === meetingId,
    );
    // Every narrative shown, sealed with its case's first victim's key, opened in one look-up.
    const sealed: Array<{ personId: string; sealed: Sealed }> = [];
    const at = (referralId: string, value: Sealed) => {
      sealed.push({ personId: referrals.get(referralId)!.victimIds[0], sealed: value });
      return sealed.length - 1;
    };
    const discussionAt = facts.discussions.map((d) =>
      parts.has(d.referralId) && referrals.has(d.referralId) ? at(d.referralId, d.notes) : -1,
    );
    const actionAt = actions.map((a) => at(a.referralId, a.description));
    const opened = sealed.length ? await this.vault.openMany(sealed) : [];

    const narrativeSubjects = new Map<string, DataCategory[]>();
    for (const id of shownIds)
      if (opened.length) narrativeSubjects.set(referrals.get(id)!.victimIds[0], [MINUTES_CATEGORY]);
    const victims = [...new Set([...referrals.values()].flatMap((r) => r.victimIds))];
    const people = await this.views.showPeople(
      actor,
      victims,
      narrativeSubjects,
      purpose,
      'lag_meeting_minutes',
      correlationId,
    );

    const attendance = [...facts.attendance.values()];
    const agencyIds = [
      ...attendance.map((a) => a.agencyId),
      ...actions.map((a) => a.owningAgencyId),
      ...facts.discussions.flatMap((d) => d.notCovered?.agencyIds ?? []),
      ...(facts.issued?.recipients.map((r) => r.agencyId) ?? []),
    ];
    const agencies = await this.partnerships.agencyNames(actor.partnershipId, [...new Set(agencyIds)]);
    const nameOf = (agencyId: string) => agencies.find((a) => a.agencyId === agencyId)?.name ?? '';
    const locality = await this.partnerships.locality(actor.partnershipId, facts.scheduled.localityId);
    const asIssued = new Map((facts.issued?.cases ?? []).map((c) => [c.referralId, c]));

    const cases: MinutesCase[] = facts.agenda.map((item) => {
      const r = referrals.get(item.referralId);
      const shown = shownIds.includes(item.referralId);
      const snapshot = asIssued.get(item.referralId);
      const discussions = facts.discussions
        .map((d, i) => ({ d, i }))
        .filter(({ d }) => d.referralId === item.referralId);
      return {
        referralId: item.referralId,
        item: item.item,
        band: item.band,
        category: r?.category ?? '',
        locked: !shown,
        victims: (r?.victimIds ?? []).map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p)),
        discussed: discussions.length > 0,
        discussions: shown
          ? discussions.map(({ d, i }) => ({
              recordedAt: d.recordedAt,
              decisions: d.decisions,
              notes: toNarrative(opened[discussionAt[i]]),
              notCovered: d.notCovered ? { agencyIds: d.notCovered.agencyIds, decision: d.notCovered.decision } : null,
            }))
          : [],
        actions: shown
          ? actions
              .map((a, i) => ({ a, i }))
              .filter(({ a }) => a.referralId === item.referralId)
              .map(({ a, i }) => ({
                actionId: a.actionId,
                owningAgencyId: a.owningAgencyId,
                kind: a.kind,
                dueDate: a.dueDate,
                status: a.status,
                description: toNarrative(opened[actionAt[i]]),
              }))
          : [],
        carriedForwardActionIds: shown ? (facts.carried.get(item.referralId) ?? []) : [],
        status: snapshot?.status ?? r?.status ?? '',
        nextReviewDate: shown ? (snapshot ? snapshot.nextReviewDate : (r?.nextReviewDate ?? null)) : null,
      };
    });
    const named = (a: { agencyId: string; userId: string | null }) => ({
      agencyId: a.agencyId,
      name: nameOf(a.agencyId),
      userId: a.userId,
    });
    return {
      meetingId,
      version: facts.version,
      partnershipId: actor.partnershipId,
      localityId: facts.scheduled.localityId,
      localityName: locality?.name ?? null,
      startsAt: facts.startsAt,
      meetingDay: londonDay(facts.startsAt),
      status: facts.cancelled
        ? 'cancelled'
        : facts.closedAt
          ? 'closed'
          : facts.confidentiality
            ? 'in_session'
            : 'scheduled',
      closedAt: facts.closedAt,
      issued: facts.issued
        ? {
            issuedAt: facts.issued.issuedAt,
            issuedByUserId: facts.issued.issuedByUserId,
            recipientAgencyIds: facts.issued.recipients.map((r) => r.agencyId),
          }
        : null,
      present: attendance.filter((a) => a.present).map(named),
      apologies: attendance.filter((a) => !a.present).map(named),
      confidentiality: facts.confidentiality
        ? { statement: CONFIDENTIALITY_STATEMENT, ...facts.confidentiality }
        : null,
      cases,
      agencies,
    };
  }

  private async facts(actor: Actor, meetingId: string): Promise<Facts> {
    const facts = factsOf(await this.streams.meetingEvents(meetingId));
    if (!facts || facts.scheduled.partnershipId !== actor.partnershipId)
      throw new LagError('MEETING.NOT_FOUND', 'No such meeting in your partnership.');
    return facts;
  }
}

/** The agencies a meeting's pack is for: those on its attendance list and those working a case on its agenda. */
function packRecipients(meeting: MeetingView, referrals: ReferralRecordView[]): Set<string> {
  return new Set([
    ...meeting.attendance.map((a) => a.agencyId),
    ...referrals.filter((r) => r.status === 'accepted').flatMap((r) => r.involvedAgencyIds),
  ]);
}
