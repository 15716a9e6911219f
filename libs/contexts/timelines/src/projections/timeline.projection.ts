import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { londonDay } from '@hubline/calendar';
import { parsePosition, type RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import type { Facts, TimelineRole } from '../domain/summarise';

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

export const LAG_REFERRAL = 'lag_referral';
export const ASB_REPORT = 'asb_report';
export const ASB_CASE_REVIEW = 'asb_case_review';
export const ENFORCEMENT_ORDER = 'enforcement_order';

type Data = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (value: unknown): string | null => (typeof value === 'string' && UUID.test(value) ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => uuidOrNull(v) !== null) : [];

/** The event's place in the global log as one sortable number (both store adapters use two 64-bit parts). */
function logOrder(position: string): string {
  const parts = parsePosition(position);
  return parts ? ((parts[0] << 64n) + parts[1]).toString() : '0';
}

interface Entry {
  personId: string;
  role: TimelineRole;
  agencyId: string | null;
  occurredAt: string;
  facts: Facts;
  caseId?: string | null;
  /** The kind of case `caseId` names (default: a LAG referral). */
  caseType?: string;
}

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

  apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    return this.applyBatch([event], m);
  }

  /**
   * Applies a batch in log order. The small tables (cases, people in cases, actions, meetings) are
   * written as each event comes, because later events of the batch read them; the entries, most of
   * the rows, are gathered and written at the end in two statements (one for the entries of named
   * people, one for the entries fanned out to every person of a case).
   */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    const out = new EntryBuffer();
    for (const event of events) await this.one(event, m, out);
    await out.flush(m);
  }

  private async one(event: RecordedEvent, m: EntityManager, out: EntryBuffer): Promise<void> {
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
        await m.query(
          'INSERT INTO timelines.merges (merged_id, survivor_id, partnership_id, merged_at) VALUES ($1, $2, $3, $4) ON CONFLICT (merged_id) DO NOTHING',
          [d.mergedId, d.survivorId, d.partnershipId, at('mergedAt')],
        );
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
        return this.referred(m, out, event, d, acting(d.referringAgencyId), at('referredAt'));
      case 'ReferralAccepted':
        await this.referral(m, d.referralId, { status: 'accepted', next_review_date: d.nextReviewDate ?? null });
        return this.toCase(out, event, d.referralId, acting(d.acceptedByAgencyId), at('acceptedAt'), {
          nextReviewDate: d.nextReviewDate ?? null,
        });
      case 'ReferralDeclined':
        await this.referral(m, d.referralId, { status: 'declined', next_review_date: null });
        return this.toCase(out, event, d.referralId, acting(), at('declinedAt'), { reason: d.reason });
      case 'RiskReassessed': {
        const band = (d.riskAssessment as Data | undefined)?.band;
        await this.referral(m, d.referralId, { band, next_review_date: d.nextReviewDate ?? null });
        return this.toCase(out, event, d.referralId, acting(), at('assessedAt'), {
          band,
          previousBand: d.previousBand,
        });
      }
      case 'ReferralReviewed': {
        await this.referral(m, d.referralId, { band: d.band, next_review_date: d.nextReviewDate ?? null });
        const meeting = await this.meeting(m, d.meetingId);
        return this.toCase(out, event, d.referralId, acting(), at('reviewedAt'), {
          band: d.band,
          meetingId: d.meetingId ?? null,
          reviewedOn: d.reviewedOn,
          nextReviewDate: d.nextReviewDate ?? null,
          ...meeting,
        });
      }
      case 'ReferralClosed':
        await this.referral(m, d.referralId, { status: 'closed', next_review_date: null });
        return this.toCase(out, event, d.referralId, acting(), at('closedAt'), {
          reason: d.reason,
          outcomes: d.outcomes ?? [],
        });
      case 'ReferralReopened':
        await this.referral(m, d.referralId, { status: 'accepted', next_review_date: d.nextReviewDate ?? null });
        return this.toCase(out, event, d.referralId, acting(), at('reopenedAt'), {
          nextReviewDate: d.nextReviewDate ?? null,
        });
      case 'ActionAgreed':
        return this.actionAgreed(
          m,
          out,
          event,
          d,
          uuidOrNull(event.metadata.agencyId) ?? uuidOrNull(d.owningAgencyId),
          at('agreedAt'),
        );
      case 'ActionStatusChanged': {
        // TypeORM answers an UPDATE on PostgreSQL with [rows, affectedCount].
        const [[action]]: [Array<{ kind: string }>, number] = await m.query(
          'UPDATE timelines.actions SET status = $2 WHERE action_id = $1 RETURNING kind',
          [d.actionId, d.to],
        );
        return this.toCase(out, event, d.referralId, acting(), at('changedAt'), {
          actionId: d.actionId,
          kind: action?.kind ?? null,
          from: d.from,
          to: d.to,
        });
      }

      case 'AsbReportRecorded':
        return this.asbReported(m, out, event, d, acting(d.agencyId), at('recordedAt'));
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
        await out.beforeCasePeople(m, d.reviewId);
        await m.query(
          `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role) VALUES ($1, $2, $3, $4, 'victim')
           ON CONFLICT DO NOTHING`,
          [ASB_CASE_REVIEW, d.reviewId, victimId, d.partnershipId],
        );
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
        return this.orderServed(m, out, event, d, acting(d.agencyId), at('recordedAt'));
      case 'EnforcementOrderVaried':
        await m.query('UPDATE timelines.orders SET expires_on = $2 WHERE order_id = $1', [
          d.orderId,
          d.expiresOn ?? null,
        ]);
        return this.toCase(out, event, d.orderId, acting(d.variedByAgencyId), at('recordedAt'), {
          kind: await this.orderKind(m, d.orderId),
          variedOn: d.variedOn,
          expiresOn: d.expiresOn ?? null,
          previousExpiresOn: d.previousExpiresOn ?? null,
          conditionsChanged: d.conditions !== null && d.conditions !== undefined,
        });
      case 'EnforcementOrderDischarged':
        await m.query(`UPDATE timelines.orders SET status = 'discharged' WHERE order_id = $1`, [d.orderId]);
        return this.toCase(out, event, d.orderId, acting(d.dischargedByAgencyId), at('recordedAt'), {
          kind: await this.orderKind(m, d.orderId),
          dischargedOn: d.dischargedOn,
          reason: d.reason,
        });
      case 'EnforcementOrderBreached':
        // Counted once per breach event, so that a batch applied again counts nothing twice.
        await m.query(
          `UPDATE timelines.orders
              SET breaches = breaches + 1, breach_events = breach_events || $3::uuid, last_breach_on = greatest(last_breach_on, $2)
            WHERE order_id = $1 AND NOT ($3::uuid = ANY (breach_events))`,
          [d.orderId, d.occurredOn, event.id],
        );
        return this.toCase(out, event, d.orderId, acting(d.recordedByAgencyId), at('recordedAt'), {
          kind: d.kind,
          occurredOn: d.occurredOn,
          response: d.response,
        });
      case 'EnforcementBreachResponded':
        return this.toCase(out, event, d.orderId, acting(d.respondedByAgencyId), at('recordedAt'), {
          kind: await this.orderKind(m, d.orderId),
          response: d.response,
          respondedOn: d.respondedOn,
        });
      case 'EnforcementExpiryWindowChanged':
        await m.query(
          `INSERT INTO timelines.order_settings (partnership_id, expiry_window_days) VALUES ($1, $2)
           ON CONFLICT (partnership_id) DO UPDATE SET expiry_window_days = excluded.expiry_window_days`,
          [d.partnershipId, d.days],
        );
        return;

      case 'MeetingScheduled':
        await m.query(
          'INSERT INTO timelines.meetings (meeting_id, partnership_id, locality_id, starts_at) VALUES ($1, $2, $3, $4) ON CONFLICT (meeting_id) DO NOTHING',
          [d.meetingId, d.partnershipId, d.localityId, d.startsAt],
        );
        return;
      case 'CaseAddedToAgenda':
        return this.toCase(out, event, d.referralId, acting(), at('addedAt'), {
          item: d.item,
          band: d.band,
          ...(await this.meeting(m, d.meetingId)),
        });
      case 'CaseDiscussed':
        return this.toCase(out, event, d.referralId, acting(), at('recordedAt'), {
          decisions: d.decisions ?? [],
          ...(await this.meeting(m, d.meetingId)),
        });
      case 'ActionsCarriedForward':
        return this.toCase(out, event, d.referralId, acting(), at('recordedAt'), {
          count: ids(d.actionIds).length,
          ...(await this.meeting(m, d.meetingId)),
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
    m: EntityManager,
    out: EntryBuffer,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const personId = uuidOrNull(d.personId);
    if (!personId) return;
    await m.query(
      `INSERT INTO timelines.orders (order_id, partnership_id, person_id, kind, agency_id, status, served_on, expires_on)
       VALUES ($1, $2, $3, $4, $5, 'served', $6, $7) ON CONFLICT (order_id) DO NOTHING`,
      [d.orderId, d.partnershipId, personId, d.kind, agencyId, d.servedOn, d.expiresOn ?? null],
    );
    await out.beforeCasePeople(m, d.orderId);
    await m.query(
      `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role) VALUES ($1, $2, $3, $4, 'offender')
       ON CONFLICT DO NOTHING`,
      [ENFORCEMENT_ORDER, d.orderId, personId, d.partnershipId],
    );
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

  private async orderKind(m: EntityManager, orderId: unknown): Promise<string | null> {
    const [row]: Array<{ kind: string }> = await m.query('SELECT kind FROM timelines.orders WHERE order_id = $1', [
      orderId,
    ]);
    return row?.kind ?? null;
  }

  private async referred(
    m: EntityManager,
    out: EntryBuffer,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const referralId = String(d.referralId);
    const band = (d.riskAssessment as Data | undefined)?.band ?? 'standard';
    await m.query(
      `INSERT INTO timelines.referrals (referral_id, partnership_id, locality_id, category, band, status, referred_at)
       VALUES ($1, $2, $3, $4, $5, 'referred', $6) ON CONFLICT (referral_id) DO NOTHING`,
      [referralId, d.partnershipId, d.localityId, d.category, band, occurredAt],
    );
    const victims = ids(d.victimIds);
    const offenders = ids(d.perpetratorIds).filter((id) => !victims.includes(id));
    const repeat = new Set(ids(d.repeatVictimIds));
    const people = [
      ...victims.map((id) => ({ id, role: 'victim' as const })),
      ...offenders.map((id) => ({ id, role: 'offender' as const })),
    ];
    await out.beforeCasePeople(m, referralId);
    await m.query(
      `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role, repeat)
       SELECT $1, $2, p, $3, r, x FROM unnest($4::uuid[], $5::text[], $6::boolean[]) AS t(p, r, x) ON CONFLICT DO NOTHING`,
      [
        LAG_REFERRAL,
        referralId,
        d.partnershipId,
        people.map((p) => p.id),
        people.map((p) => p.role),
        people.map((p) => repeat.has(p.id)),
      ],
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
    m: EntityManager,
    out: EntryBuffer,
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
    await out.beforeCasePeople(m, reportId);
    await m.query(
      `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role, repeat)
       SELECT $1, $2, p, $3, r, false FROM unnest($4::uuid[], $5::text[]) AS t(p, r) ON CONFLICT DO NOTHING`,
      [ASB_REPORT, reportId, d.partnershipId, people.map((p) => p.id), people.map((p) => p.role)],
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
    m: EntityManager,
    out: EntryBuffer,
    event: RecordedEvent,
    d: Data,
    agencyId: string | null,
    occurredAt: string,
  ): Promise<void> {
    const target = uuidOrNull(d.targetPersonId);
    await m.query(
      `INSERT INTO timelines.actions (action_id, referral_id, partnership_id, kind, status, owning_agency_id, due_date, target_person_id)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) ON CONFLICT (action_id) DO NOTHING`,
      [d.actionId, d.referralId, d.partnershipId, d.kind, d.owningAgencyId, d.dueDate, target],
    );
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
    out: EntryBuffer,
    event: RecordedEvent,
    caseId: unknown,
    agencyId: string | null,
    occurredAt: string,
    facts: Facts,
    target: string | null = null,
  ): void {
    out.fanOut(caseId, event, occurredAt, agencyId, facts, target);
  }

  private add(out: EntryBuffer, event: RecordedEvent, entries: Entry[]): void {
    const partnershipId = (event.data as Data).partnershipId;
    for (const e of entries) {
      if (!uuidOrNull(e.personId)) continue;
      out.entry(partnershipId, e, event);
    }
  }

  /** Every referral event says when the next review is due (null when none is), so it is always replaced. */
  private async referral(
    m: EntityManager,
    referralId: unknown,
    changes: { status?: string; band?: unknown; next_review_date: unknown },
  ): Promise<void> {
    await m.query(
      'UPDATE timelines.referrals SET status = coalesce($2, status), band = coalesce($3, band), next_review_date = $4::date WHERE referral_id = $1',
      [referralId, changes.status ?? null, changes.band ?? null, changes.next_review_date ?? null],
    );
  }

  /** Where and when a meeting is, for sentences like "at the Grays LAG meeting on 2026-12-07". */
  private async meeting(m: EntityManager, meetingId: unknown): Promise<Facts> {
    if (!uuidOrNull(meetingId)) return {};
    const [row]: Array<{ locality_id: string; starts_at: Date }> = await m.query(
      'SELECT locality_id, starts_at FROM timelines.meetings WHERE meeting_id = $1',
      [meetingId],
    );
    return row ? { meetingId, localityId: row.locality_id, meetingDate: londonDay(row.starts_at) } : { meetingId };
  }
}

const param = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/**
 * The entries of one batch, written at its end with one multi-row statement each for named
 * people and for whole cases (`INSERT ... SELECT FROM unnest(...)`, `ON CONFLICT DO NOTHING`, so
 * a batch applied again adds nothing). A case's entries are fanned out to the people of the case
 * as they stand when written; the only writes to `case_people` open a case, and any entries of
 * that case still waiting are written first, so the result is the one of writing event by event.
 */
class EntryBuffer {
  private readonly rows = {
    partnership: [] as Array<string | null>,
    person: [] as string[],
    event: [] as string[],
    role: [] as string[],
    type: [] as string[],
    at: [] as string[],
    seq: [] as string[],
    agency: [] as Array<string | null>,
    caseType: [] as Array<string | null>,
    caseId: [] as Array<string | null>,
    facts: [] as string[],
  };
  private readonly cases = {
    caseId: [] as Array<string | null>,
    event: [] as string[],
    type: [] as string[],
    at: [] as string[],
    seq: [] as string[],
    agency: [] as Array<string | null>,
    facts: [] as string[],
    target: [] as Array<string | null>,
  };
  private readonly pendingCases = new Set<string>();

  entry(partnershipId: unknown, e: Entry, event: RecordedEvent): void {
    const r = this.rows;
    r.partnership.push(param(partnershipId));
    r.person.push(e.personId);
    r.event.push(event.id);
    r.role.push(e.role);
    r.type.push(event.type);
    r.at.push(e.occurredAt);
    r.seq.push(logOrder(event.position));
    r.agency.push(e.agencyId);
    r.caseType.push(e.caseId ? (e.caseType ?? LAG_REFERRAL) : null);
    r.caseId.push(e.caseId ?? null);
    r.facts.push(JSON.stringify(e.facts));
  }

  fanOut(
    caseId: unknown,
    event: RecordedEvent,
    occurredAt: string,
    agencyId: string | null,
    facts: Facts,
    target: string | null,
  ): void {
    const c = this.cases;
    const id = param(caseId);
    c.caseId.push(id);
    c.event.push(event.id);
    c.type.push(event.type);
    c.at.push(occurredAt);
    c.seq.push(logOrder(event.position));
    c.agency.push(agencyId);
    c.facts.push(JSON.stringify(facts));
    c.target.push(target);
    if (id) this.pendingCases.add(id);
  }

  /** Called before people are added to a case: its waiting entries go to the people it had. */
  async beforeCasePeople(m: EntityManager, caseId: unknown): Promise<void> {
    const id = param(caseId);
    if (id && this.pendingCases.has(id)) await this.flushCases(m);
  }

  async flush(m: EntityManager): Promise<void> {
    // A case's entries first: an action's target keeps the entry marked as about them (as before).
    await this.flushCases(m);
    const r = this.rows;
    if (r.person.length === 0) return;
    await m.query(
      `INSERT INTO timelines.entries (partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::numeric[],
                            $8::uuid[], $9::text[], $10::uuid[], $11::jsonb[])
       ON CONFLICT DO NOTHING`,
      [r.partnership, r.person, r.event, r.role, r.type, r.at, r.seq, r.agency, r.caseType, r.caseId, r.facts],
    );
    for (const list of Object.values(r)) list.length = 0;
  }

  private async flushCases(m: EntityManager): Promise<void> {
    const c = this.cases;
    if (c.event.length === 0) return;
    await m.query(
      `INSERT INTO timelines.entries (partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts)
       SELECT cp.partnership_id, cp.person_id, t.event_id, cp.role, t.event_type, t.occurred_at, t.seq, t.agency_id, cp.case_type, cp.case_id,
              CASE WHEN cp.person_id = t.target THEN t.facts || '{"aboutThisPerson": true}' ELSE t.facts END
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::numeric[], $6::uuid[], $7::jsonb[], $8::uuid[])
              AS t(case_id, event_id, event_type, occurred_at, seq, agency_id, facts, target)
         JOIN timelines.case_people cp ON cp.case_id = t.case_id
       ON CONFLICT DO NOTHING`,
      [c.caseId, c.event, c.type, c.at, c.seq, c.agency, c.facts, c.target],
    );
    for (const list of Object.values(c)) list.length = 0;
    this.pendingCases.clear();
  }
}
