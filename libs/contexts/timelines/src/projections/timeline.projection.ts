import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { londonDay } from '@hubline/calendar';
import type { RecordedEvent } from '@hubline/event-store';
import { sendWrites, type Projection, type Writes } from '@hubline/projections';
import type { Facts } from '../domain/summarise';
import { BatchWrites, LAG_REFERRAL, StatementWrites, type Entry, type TimelineWrites } from './timeline-writes';

/**
 * Published events this projection reads, and the only fields it reads from them (ids, codes,
 * bands, dates). Sealed narratives in the same events are never read or copied.
 * - people: PersonRegistered, PersonAgencyReferenceAdded, PeopleMerged, PersonForgotten;
 * - LAG referrals: VictimReferred, ReferralAccepted, ReferralDeclined, RiskReassessed, ActionAgreed,
 *   ActionStatusChanged, ReferralReviewed, ReferralClosed, ReferralReopened;
 * - LAG meetings: MeetingScheduled, CaseAddedToAgenda, CaseDiscussed, ActionsCarriedForward;
 * - ASB reports: AsbReportRecorded, AsbReportLinkedToIncident, AsbReportUnlinkedFromIncident,
 *   AsbReportWithdrawn, CaseReviewExplanationDue, CaseReviewExplained, CaseReviewExplanationWithdrawn. An alleged perpetrator's
 *   entries carry the category, ward and receiving agency only: never the victim, the reporter,
 *   the protected characteristics (the victim's) or the narrative.
 * - ASB Case Reviews: CaseReviewApplied, CaseReviewThresholdDecided, CaseReviewPanelHeld,
 *   CaseReviewOutcomeSent, CaseReviewClosed, CaseReviewEscalated, CaseReviewPfccReviewDecided.
 * - Enforcement: EnforcementOrderServed, EnforcementOrderVaried, EnforcementOrderDischarged,
 *   EnforcementOrderBreached, EnforcementBreachResponded (kinds, days and responses; never the
 *   sealed conditions or breach accounts), and EnforcementExpiryWindowChanged for the header.
 */
export const TIMELINE_EVENTS = new Set([
  'PersonRegistered',
  'PersonAgencyReferenceAdded',
  'PeopleMerged',
  'PersonForgotten',
  'VictimReferred',
  'ReferralAccepted',
  'ReferralDeclined',
  'RiskReassessed',
  'ActionAgreed',
  'ActionStatusChanged',
  'ReferralReviewed',
  'ReferralClosed',
  'ReferralReopened',
  'MeetingScheduled',
  'CaseAddedToAgenda',
  'CaseDiscussed',
  'ActionsCarriedForward',
  'AsbReportRecorded',
  'AsbReportLinkedToIncident',
  'AsbReportUnlinkedFromIncident',
  'AsbReportWithdrawn',
  'CaseReviewExplanationDue',
  'CaseReviewExplained',
  'CaseReviewExplanationWithdrawn',
  'CaseReviewApplied',
  'CaseReviewThresholdDecided',
  'CaseReviewPanelHeld',
  'CaseReviewOutcomeSent',
  'CaseReviewClosed',
  'CaseReviewEscalated',
  'CaseReviewPfccReviewDecided',
  'EnforcementOrderServed',
  'EnforcementOrderVaried',
  'EnforcementOrderDischarged',
  'EnforcementOrderBreached',
  'EnforcementBreachResponded',
  'EnforcementExpiryWindowChanged',
]);

export { LAG_REFERRAL };
/** The smallest batch `applyBatch` applies in sets (see `TimelineProjection.setsFrom`). */
export const SETS_FROM = 4;
export const ASB_REPORT = 'asb_report';
export const ASB_CASE_REVIEW = 'asb_case_review';
export const ENFORCEMENT_ORDER = 'enforcement_order';

type Data = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (value: unknown): string | null => (typeof value === 'string' && UUID.test(value) ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => uuidOrNull(v) !== null) : [];

/**
 * Per-person timelines of victims and offenders, with the facts their headers need. Everything
 * comes from the global log: no other context's tables are read, so a rebuild from zero gives the
 * same tables.
 */
@Injectable()
export class TimelineProjection implements Projection {
  readonly name = 'timelines.entries';
  readonly eventTypes: ReadonlySet<string> = TIMELINE_EVENTS;
  readonly tables = [
    'timelines.entries',
    'timelines.case_people',
    'timelines.referrals',
    'timelines.actions',
    'timelines.meetings',
    'timelines.merges',
    'timelines.orders',
    'timelines.order_settings',
  ];

  /**
   * Below this many events, `applyBatch` sends each small-table statement as its event comes
   * (`StatementWrites`, as `apply` does, the entries still gathered for the batch); from it, the
   * batch's small tables are read and written in sets (`BatchWrites`). Both leave the same rows,
   * and the projection's tests compare them. The runner uses neither: `writesOfBatch` applies
   * every batch in sets, its reads in one statement and its writes sent with the checkpoint's move,
   * fewer round trips than statements per event even for one event (decision 0031).
   */
  setsFrom = SETS_FROM;

  /**
   * One event, each write of the small tables sent as it comes and each read answered by them:
   * the reference `applyBatch` must match (the projection's tests compare the two on one log).
   */
  async apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    await this.applyInStatements([event], m);
  }

  /** A batch in statements or in sets, whichever costs fewer round trips for its size (`setsFrom`). */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    if (events.length < this.setsFrom) await this.applyInStatements(events, m);
    else await this.applyInSets(events, m);
  }

  /**
   * A batch with each small-table write and read sent as its event comes, the entries gathered
   * and written at the end (one statement for named people, one fanned out to the people of the
   * cases; a case's waiting entries are written before people are added to it).
   */
  async applyInStatements(events: RecordedEvent[], m: EntityManager): Promise<void> {
    const out = new StatementWrites(m);
    for (const event of events) await this.one(event, out);
    await out.finish();
  }

  /**
   * A batch in a fixed number of statements whatever its size: the rows of the small tables the
   * batch names (cases and their people, referrals, actions, meetings, orders) read in one query
   * per table, the events applied to them in memory in log order (a later event of the batch
   * reads what an earlier one wrote), then every new or changed row written with one multi-row
   * statement per table and the entries with one more (`BatchWrites`).
   */
  async applyInSets(events: RecordedEvent[], m: EntityManager): Promise<void> {
    await sendWrites(m, await this.inSets(events, m));
  }

  /**
   * The batch in sets, whatever its size, its writes handed to the runner, which sends them with
   * the checkpoint's move (`Projection.writesOfBatch`): a live batch costs one read of the rows
   * it names and that one statement, however many tables it touches.
   */
  writesOfBatch(events: RecordedEvent[], m: EntityManager): Promise<Writes | null> {
    return this.inSets(events, m);
  }

  /** The batch's rows read in one statement, its events applied to them in memory, its writes returned. */
  private async inSets(events: RecordedEvent[], m: EntityManager): Promise<Writes | null> {
    const out = await BatchWrites.read(events, m, (v) => uuidOrNull(v) !== null);
    for (const event of events) await this.one(event, out);
    return out.writes();
  }

  private async one(event: RecordedEvent, out: TimelineWrites): Promise<void> {
    const d = event.data as Data;
    const at = (field: string) => text(d[field]) ?? event.recordedAt;
    // The agency that acted: named in the data where the event says so, else the actor's from the metadata.
    const acting = (dataAgency?: unknown) => uuidOrNull(dataAgency) ?? uuidOrNull(event.metadata.agencyId);

    switch (event.type) {
      case 'PersonRegistered':
        return this.add(out, event, [
          {
            personId: String(d.personId),
            role: 'subject',
            agencyId: acting(d.registeredByAgencyId),
            occurredAt: at('registeredAt'),
            facts: {},
          },
        ]);
      case 'PersonAgencyReferenceAdded':
        return this.add(out, event, [
          {
            personId: String(d.personId),
            role: 'subject',
            agencyId: acting(d.agencyId),
            occurredAt: event.recordedAt,
            facts: {},
          },
        ]);
      case 'PeopleMerged': {
        await out.merged(d.mergedId, d.survivorId, d.partnershipId, at('mergedAt'));
        // Both records tell it; the survivor's timeline shows its own row, not the duplicate's.
        const common = { role: 'subject' as const, agencyId: acting(), occurredAt: at('mergedAt') };
        return this.add(out, event, [
          { ...common, personId: String(d.mergedId), facts: { direction: 'into' } },
          { ...common, personId: String(d.survivorId), facts: { direction: 'from' } },
        ]);
      }
      case 'PersonForgotten':
        // Entries stay: they hold no personal data, and the cases they belong to are other people's history too.
        return this.add(out, event, [
          {
            personId: String(d.personId),
            role: 'subject',
            agencyId: acting(),
            occurredAt: at('forgottenAt'),
            facts: { forgottenOn: londonDay(at('forgottenAt')), legalGround: d.legalGround },
          },
        ]);

      case 'VictimReferred':
        return this.referred(out, event, d, acting(d.referringAgencyId), at('referredAt'));
      case 'ReferralAccepted':
        await out.referralChanged(d.referralId, { status: 'accepted', next_review_date: d.nextReviewDate ?? null });
        return this.toCase(out, event, d.referralId, acting(d.acceptedByAgencyId), at('acceptedAt'), {
          nextReviewDate: d.nextReviewDate ?? null,
        });
      case 'ReferralDeclined':
        await out.referralChanged(d.referralId, { status: 'declined', next_review_date: null });
        return this.toCase(out, event, d.referralId, acting(), at('declinedAt'), { reason: d.reason });
      case 'RiskReassessed': {
        const band = (d.riskAssessment as Data | undefined)?.band;
        await out.referralChanged(d.referralId, { band, next_review_date: d.nextReviewDate ?? null });
        return this.toCase(out, event, d.referralId, acting(), at('assessedAt'), {
          band,
          previousBand: d.previousBand,
        });
      }
      case 'ReferralReviewed': {
        await out.referralChanged(d.referralId, { band: d.band, next_review_date: d.nextReviewDate ?? null });
        const meeting = await this.meeting(out, d.meetingId);
        return this.toCase(out, event, d.referralId, acting(), at('reviewedAt'), {
          band: d.band,
          meetingId: d.meetingId ?? null,
          reviewedOn: d.reviewedOn,
          nextReviewDate: d.nextReviewDate ?? null,
          ...meeting,
        });
      }
      case 'ReferralClosed':
        await out.referralChanged(d.referralId, { status: 'closed', next_review_date: null });
        return this.toCase(out, event, d.referralId, acting(), at('closedAt'), {
          reason: d.reason,
          outcomes: d.outcomes ?? [],
        });
      case 'ReferralReopened':
        await out.referralChanged(d.referralId, { status: 'accepted', next_review_date: d.nextReviewDate ?? null });
        return this.toCase(out, event, d.referralId, acting(), at('reopenedAt'), {
          nextReviewDate: d.nextReviewDate ?? null,
        });
      case 'ActionAgreed':
        return this.actionAgreed(
          out,
          event,
          d,
          uuidOrNull(event.metadata.agencyId) ?? uuidOrNull(d.owningAgencyId),
          at('agreedAt'),
        );
      case 'ActionStatusChanged': {
        const kind = await out.actionStatusChanged(d.actionId, d.to);
        return this.toCase(out, event, d.referralId, acting(), at('changedAt'), {
          actionId: d.actionId,
          kind,
          from: d.from,
          to: d.to,
        });
      }

      case 'AsbReportRecorded':
        return this.asbReported(out, event, d, acting(d.agencyId), at('recordedAt'));
      case 'AsbReportLinkedToIncident':
        return this.toCase(out, event, d.reportId, acting(d.linkedByAgencyId), at('linkedAt'), {});
      case 'AsbReportUnlinkedFromIncident':
        return this.toCase(out, event, d.reportId, acting(d.unlinkedByAgencyId), at('unlinkedAt'), {
          reason: d.reason,
        });
      case 'AsbReportWithdrawn':
        return this.toCase(out, event, d.reportId, acting(d.withdrawnByAgencyId), at('withdrawnAt'), {
          reason: d.reason,
        });
      case 'CaseReviewExplanationDue':
        return this.add(out, event, [
          {
            personId: String(d.victimPersonId),
            role: 'victim',
            agencyId: uuidOrNull(d.agencyId),
            occurredAt: at('arisenAt'),
            caseId: uuidOrNull(d.reportId),
            caseType: ASB_REPORT,
            facts: { arisenOn: d.arisenOn ?? null },
          },
        ]);
      case 'CaseReviewExplanationWithdrawn':
        return this.add(out, event, [
          {
            personId: String(d.victimPersonId),
            role: 'victim',
            agencyId: uuidOrNull(d.agencyId),
            occurredAt: at('withdrawnAt'),
            facts: { reason: d.reason ?? null },
          },
        ]);
      case 'CaseReviewExplained':
        return this.add(out, event, [
          {
            personId: String(d.victimPersonId),
            role: 'victim',
            agencyId: uuidOrNull(d.agencyId),
            occurredAt: at('recordedAt'),
            facts: { how: d.how ?? null, explainedOn: d.explainedOn ?? null },
          },
        ]);
      case 'CaseReviewApplied': {
        const victimId = uuidOrNull(d.victimPersonId);
        // A business or group applying for itself names no person: there is no timeline to add to.
        if (!victimId) return;
        await out.casePeople(ASB_CASE_REVIEW, d.reviewId, d.partnershipId, [
          { id: victimId, role: 'victim', repeat: false },
        ]);
        return this.add(out, event, [
          {
            personId: victimId,
            role: 'victim',
            agencyId: acting(d.coordinatorAgencyId),
            occurredAt: at('recordedAt'),
            facts: { route: d.route, applicantKind: d.applicantKind, receivedOn: d.receivedOn },
            caseId: String(d.reviewId),
            caseType: ASB_CASE_REVIEW,
          },
        ]);
      }
      case 'CaseReviewThresholdDecided':
        return this.toCase(out, event, d.reviewId, acting(), at('decidedAt'), {
          met: d.met === true,
          basis: (d.judgement as Data | undefined)?.basis ?? null,
          rulesVersion: (d.rules as Data | undefined)?.version ?? null,
          round: d.round,
        });
      case 'CaseReviewPanelHeld':
        return this.toCase(out, event, d.reviewId, acting(), at('at'), {
          heldOn: d.heldOn,
          victimAttended: d.victimAttended === true,
        });
      case 'CaseReviewOutcomeSent':
        return this.toCase(out, event, d.reviewId, acting(), at('at'), {
          sentOn: d.sentOn,
          thresholdMet: d.thresholdMet === true,
          appealBy: d.appealBy,
        });
      case 'CaseReviewClosed':
        return this.toCase(out, event, d.reviewId, acting(), at('at'), { closedOn: d.closedOn, reason: d.reason });
      case 'CaseReviewEscalated':
        return this.toCase(out, event, d.reviewId, acting(), at('at'), { grounds: d.grounds ?? [] });
      case 'CaseReviewPfccReviewDecided':
        return this.toCase(out, event, d.reviewId, acting(d.byAgencyId), at('at'), { decision: d.decision });

      case 'EnforcementOrderServed':
        return this.orderServed(out, event, d, acting(d.agencyId), at('recordedAt'));
      case 'EnforcementOrderVaried':
        await out.orderVaried(d.orderId, d.expiresOn ?? null);
        return this.toCase(out, event, d.orderId, acting(d.variedByAgencyId), at('recordedAt'), {
          kind: await out.orderKind(d.orderId),
          variedOn: d.variedOn,
          expiresOn: d.expiresOn ?? null,
          previousExpiresOn: d.previousExpiresOn ?? null,
          conditionsChanged: d.conditions !== null && d.conditions !== undefined,
        });
      case 'EnforcementOrderDischarged':
        await out.orderDischarged(d.orderId);
        return this.toCase(out, event, d.orderId, acting(d.dischargedByAgencyId), at('recordedAt'), {
          kind: await out.orderKind(d.orderId),
          dischargedOn: d.dischargedOn,
          reason: d.reason,
        });
      case 'EnforcementOrderBreached':
        // Counted once per breach event, so that a batch applied again counts nothing twice.
        await out.orderBreached(d.orderId, d.occurredOn, event.id);
        return this.toCase(out, event, d.orderId, acting(d.recordedByAgencyId), at('recordedAt'), {
          kind: d.kind,
          occurredOn: d.occurredOn,
          response: d.response,
        });
      case 'EnforcementBreachResponded':
        return this.toCase(out, event, d.orderId, acting(d.respondedByAgencyId), at('recordedAt'), {
          kind: await out.orderKind(d.orderId),
          response: d.response,
          respondedOn: d.respondedOn,
        });
      case 'EnforcementExpiryWindowChanged':
        await out.expiryWindow(d.partnershipId, d.days);
        return;

      case 'MeetingScheduled':
        await out.meetingScheduled({
          meetingId: d.meetingId,
          partnershipId: d.partnershipId,
          localityId: d.localityId,
          startsAt: d.startsAt,
        });
        return;
      case 'CaseAddedToAgenda':
        return this.toCase(out, event, d.referralId, acting(), at('addedAt'), {
          item: d.item,
          band: d.band,
          ...(await this.meeting(out, d.meetingId)),
        });
      case 'CaseDiscussed':
        return this.toCase(out, event, d.referralId, acting(), at('recordedAt'), {
          decisions: d.decisions ?? [],
          ...(await this.meeting(out, d.meetingId)),
        });
      case 'ActionsCarriedForward':
        return this.toCase(out, event, d.referralId, acting(), at('recordedAt'), {
          count: ids(d.actionIds).length,
          ...(await this.meeting(out, d.meetingId)),
        });
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query(
      'TRUNCATE timelines.entries, timelines.case_people, timelines.referrals, timelines.actions, timelines.meetings, timelines.merges, timelines.orders, timelines.order_settings',
    );
  }

  /**
   * An order makes its person the subject of enforcement: an offender in the order's case, so the
   * offender timeline and header show it and every later event of the order.
   */
  private async orderServed(
    out: TimelineWrites,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const personId = uuidOrNull(d.personId);
    if (!personId) return;
    await out.orderServed({
      orderId: d.orderId,
      partnershipId: d.partnershipId,
      personId,
      kind: d.kind,
      agencyId,
      servedOn: d.servedOn,
      expiresOn: d.expiresOn ?? null,
    });
    await out.casePeople(ENFORCEMENT_ORDER, d.orderId, d.partnershipId, [
      { id: personId, role: 'offender', repeat: false },
    ]);
    this.add(out, event, [
      {
        personId,
        role: 'offender',
        agencyId,
        occurredAt,
        caseId: String(d.orderId),
        caseType: ENFORCEMENT_ORDER,
        facts: {
          kind: d.kind,
          servedOn: d.servedOn,
          expiresOn: d.expiresOn ?? null,
          lagCaseId: uuidOrNull(d.lagCaseId),
        },
      },
    ]);
  }

  private async referred(
    out: TimelineWrites,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const referralId = String(d.referralId);
    const band = (d.riskAssessment as Data | undefined)?.band ?? 'standard';
    await out.referralOpened({
      referralId,
      partnershipId: d.partnershipId,
      localityId: d.localityId,
      category: d.category,
      band,
      referredAt: occurredAt,
    });
    const victims = ids(d.victimIds);
    const offenders = ids(d.perpetratorIds).filter((id) => !victims.includes(id));
    const repeat = new Set(ids(d.repeatVictimIds));
    const people = [
      ...victims.map((id) => ({ id, role: 'victim' as const })),
      ...offenders.map((id) => ({ id, role: 'offender' as const })),
    ];
    await out.casePeople(
      LAG_REFERRAL,
      referralId,
      d.partnershipId,
      people.map((p) => ({ ...p, repeat: repeat.has(p.id) })),
    );
    const facts = {
      category: d.category,
      protectedCharacteristics: d.protectedCharacteristics ?? [],
      band,
      localityId: d.localityId,
    };
    this.add(
      out,
      event,
      people.map((p) => ({
        personId: p.id,
        role: p.role,
        agencyId,
        occurredAt,
        caseId: referralId,
        facts: p.role === 'victim' ? { ...facts, repeat: repeat.has(p.id) } : facts,
      })),
    );
  }

  /**
   * The victim's entry tells the category (with a hate report's characteristics), the ward and the
   * receiving agency; each alleged perpetrator's the category and ward only; a person who reported
   * for someone else gets an entry of their own. Later events of the report reach victim and
   * alleged perpetrators through `case_people`.
   */
  private async asbReported(
    out: TimelineWrites,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const reportId = String(d.reportId);
    const victim = uuidOrNull(d.victimPersonId);
    const alleged = ids(d.alleged).filter((id) => id !== victim);
    const reporter = uuidOrNull((d.reporter as Data | undefined)?.personId);
    const people = [
      ...(victim ? [{ id: victim, role: 'victim' as const }] : []),
      ...alleged.map((id) => ({ id, role: 'offender' as const })),
    ];
    await out.casePeople(
      ASB_REPORT,
      reportId,
      d.partnershipId,
      people.map((p) => ({ ...p, repeat: false })),
    );
    const common = { category: d.category, wardId: uuidOrNull(d.ward), reportedOn: d.reportedOn ?? null };
    const entries: Entry[] = people.map((p) => ({
      personId: p.id,
      role: p.role,
      agencyId,
      occurredAt,
      caseId: reportId,
      caseType: ASB_REPORT,
      facts:
        p.role === 'victim'
          ? {
              ...common,
              behaviourOn: d.behaviourOn ?? null,
              protectedCharacteristics: d.protectedCharacteristics ?? [],
            }
          : { category: d.category, wardId: common.wardId },
    }));
    if (reporter && reporter !== victim && !alleged.includes(reporter))
      entries.push({
        personId: reporter,
        role: 'subject',
        agencyId,
        occurredAt,
        caseId: reportId,
        caseType: ASB_REPORT,
        facts: { category: d.category, wardId: common.wardId, reportedOn: common.reportedOn },
      });
    await this.add(out, event, entries);
  }

  private async actionAgreed(
    out: TimelineWrites,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const target = uuidOrNull(d.targetPersonId);
    await out.actionAgreed({
      actionId: d.actionId,
      referralId: d.referralId,
      partnershipId: d.partnershipId,
      kind: d.kind,
      owningAgencyId: d.owningAgencyId,
      dueDate: d.dueDate,
      targetPersonId: target,
    });
    const facts = {
      actionId: d.actionId,
      kind: d.kind,
      owningAgencyId: d.owningAgencyId,
      dueDate: d.dueDate,
      meetingId: d.meetingId ?? null,
    };
    await this.toCase(out, event, d.referralId, agencyId, occurredAt, facts, target);
    if (!target) return;
    // The decider only lets an action target someone in the case; should one not be, they still see it.
    await this.add(out, event, [
      {
        personId: target,
        role: 'subject',
        agencyId,
        occurredAt,
        caseId: String(d.referralId),
        facts: { ...facts, aboutThisPerson: true },
      },
    ]);
  }

  /** One entry for every person of the case; the action's target (if any) is marked on their own entry. */
  private toCase(
    out: TimelineWrites,
    event: RecordedEvent,
    caseId: unknown,
    agencyId: string | null,
    occurredAt: string,
    facts: Facts,
    target: string | null = null,
  ): void {
    out.fanOut(caseId, event, occurredAt, agencyId, facts, target);
  }

  private add(out: TimelineWrites, event: RecordedEvent, entries: Entry[]): void {
    const partnershipId = (event.data as Data).partnershipId;
    for (const e of entries) {
      if (!uuidOrNull(e.personId)) continue;
      out.entry(partnershipId, e, event);
    }
  }

  /** Where and when a meeting is, for sentences like "at the Grays LAG meeting on 2026-12-07". */
  private async meeting(out: TimelineWrites, meetingId: unknown): Promise<Facts> {
    const id = uuidOrNull(meetingId);
    if (!id) return {};
    const place = await out.meeting(id);
    return place ? { meetingId, localityId: place.localityId, meetingDate: londonDay(place.startsAt) } : { meetingId };
  }
}
