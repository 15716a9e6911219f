import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stableId, type JsonObject, type RecordedEvent } from '@hubline/event-store';
import type { Reaction, Reactor } from '@hubline/projections';
import {
  AGREEMENT_EVENT_TYPES,
  caseDataCategories,
  disclosureStream,
  recordCaseSharing,
  type AgreementEvent,
  type CaseSharing,
  type CaseType,
  type DataCategory,
  type DisclosureEvent,
} from '../domain';
import { agreementTermsOf, type AgreementTermsRow } from '../queries/sharing-read-model';

/**
 * The LAG's published events this context reads (stored contracts of the LAG context: only the
 * fields used here).
 */
export const CASE_EVENT_TYPES = [
  'VictimReferred',
  'CaseInvolvementChanged',
  'ReferralOpenedForDecision',
  'MeetingAttendanceRecorded',
  'MeetingApologiesRecorded',
  'CaseDiscussed',
  'MeetingClosed',
  'MeetingCancelled',
  'MeetingPackIssued',
  'MeetingMinutesIssued',
] as const;

/**
 * The LAG referral events that can change a case's involvement, each with the field that says when
 * it happened: the CaseInvolvementChanged that follows one in the same append stands for it.
 */
export const CASE_EVENT_TIMES: Readonly<Record<string, string>> = {
  VictimReferred: 'referredAt',
  ReferralAccepted: 'acceptedAt',
  ReferralDeclined: 'declinedAt',
  ActionAgreed: 'agreedAt',
  ReferralClosed: 'closedAt',
  ReferralReopened: 'reopenedAt',
};

const instant = (value: unknown): string | null =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;

interface VictimReferredFacts {
  referralId: string;
  partnershipId: string;
  category: string;
  protectedCharacteristics: string[];
  victimIds: string[];
  perpetratorIds: string[];
  vulnerabilities: string[];
  referringAgencyId: string;
  referredByUserId: string;
}

interface CaseInvolvementFacts {
  partnershipId: string;
  caseId: string;
  caseType: CaseType;
  personIds: string[];
  agencyIds: string[];
  open: boolean;
}

interface OpenedForDecisionFacts {
  referralId: string;
  partnershipId: string;
  chairUserId: string;
  chairAgencyId: string;
  openedAt?: string;
}

interface AttendanceFacts {
  meetingId: string;
  partnershipId: string;
  agencyId: string;
  userId: string | null;
}

interface CaseDiscussedFacts {
  meetingId: string;
  partnershipId: string;
  referralId: string;
  recordedByUserId: string;
  recordedAt?: string;
  /** Agencies present that the chair excluded from this item (no agreement covered them). */
  notCovered?: { agencyIds: string[]; decision: 'excluded' | 'shared' };
}

interface PackIssuedFacts {
  meetingId: string;
  partnershipId: string;
  agencyId: string;
  issuedToUserId: string;
  referralIds: string[];
  issuedAt?: string;
}

interface MinutesIssuedFacts {
  meetingId: string;
  partnershipId: string;
  recipients: Array<{ agencyId: string; referralIds: string[] }>;
  issuedByUserId: string;
  issuedAt?: string;
}

/** A row of `sharing.case_sharing_agreements`: the terms this reactor judges against. */
interface CaseShareRow {
  partnership_id: string;
  from_agency_id: string;
  opened_by_user_id: string;
  data_categories: DataCategory[];
  person_ids: string[];
  informed_agency_ids: string[];
  last_event_at: Date | null;
}

const without = (list: string[], remove: readonly string[]) => list.filter((x) => !remove.includes(x));

/**
 * Records the disclosures of sharing inside cases: a reactor (it appends InformationDisclosed
 * events), separate from the sharing read model. Its own tables (what each case has shared with
 * whom, who is present at each meeting, and the agreement terms) move with its own checkpoint, so
 * the agreements it judges against are exactly those the log held just before the case event.
 *
 * When a case's involvement grows, the agencies new to it receive the case's people and contents
 * (and, should people be added, the agencies already informed receive the new people). When a
 * case is discussed at a LAG meeting, the agencies present (other than the referring agency)
 * receive it, once per discussion: each brings the case up to date. Each
 * disclosure's id derives from the event that caused it: replaying the log after a crash, or a
 * rebuild, appends the same events, which the store takes as an idempotent retry. Each carries the
 * time of the case event it stands for (the discussion's, or that of the referral event an
 * involvement change follows), not the moment this reactor ran: seeded or replayed history keeps
 * its own times, and the basis is judged at that time.
 */
@Injectable()
export class CaseSharingRecorder implements Reactor {
  readonly name = 'sharing.case-sharing';
  readonly eventTypes = new Set<string>([
    ...CASE_EVENT_TYPES,
    ...Object.keys(CASE_EVENT_TIMES),
    ...AGREEMENT_EVENT_TYPES,
  ]);

  async react(recorded: RecordedEvent, m: EntityManager): Promise<Reaction[]> {
    switch (recorded.type) {
      case 'SharingAgreementAgreed':
      case 'SharingAgreementReviewed':
      case 'SharingAgreementTerminated':
        await this.agreement({ type: recorded.type, data: recorded.data } as AgreementEvent, m);
        return [];
      case 'VictimReferred':
        await this.referred(recorded.data as unknown as VictimReferredFacts, m);
        await this.happened(recorded, m);
        return [];
      case 'ReferralAccepted':
      case 'ReferralDeclined':
      case 'ActionAgreed':
      case 'ReferralClosed':
      case 'ReferralReopened':
        await this.happened(recorded, m);
        return [];
      case 'CaseInvolvementChanged':
        return this.involvementChanged(recorded, m);
      case 'ReferralOpenedForDecision':
        return this.openedForDecision(recorded, m);
      case 'MeetingAttendanceRecorded':
      case 'MeetingApologiesRecorded': {
        const d = recorded.data as unknown as AttendanceFacts;
        await m.query(
          `INSERT INTO sharing.meeting_attendance (meeting_id, agency_id, attendee, present) VALUES ($1, $2, $3, $4)
           ON CONFLICT (meeting_id, agency_id, attendee) DO UPDATE SET present = EXCLUDED.present`,
          [d.meetingId, d.agencyId, d.userId ?? '', recorded.type === 'MeetingAttendanceRecorded'],
        );
        return [];
      }
      case 'CaseDiscussed':
        return this.discussed(recorded, m);
      case 'MeetingPackIssued': {
        const d = recorded.data as unknown as PackIssuedFacts;
        return this.documentIssued(
          recorded,
          m,
          d.partnershipId,
          d.meetingId,
          'meeting_pack',
          d.issuedToUserId,
          d.issuedAt,
          [{ agencyId: d.agencyId, referralIds: d.referralIds }],
        );
      }
      case 'MeetingMinutesIssued': {
        const d = recorded.data as unknown as MinutesIssuedFacts;
        return this.documentIssued(
          recorded,
          m,
          d.partnershipId,
          d.meetingId,
          'meeting_minutes',
          d.issuedByUserId,
          d.issuedAt,
          d.recipients,
        );
      }
      case 'MeetingClosed':
      case 'MeetingCancelled':
        // Nothing is discussed at a meeting once it is over.
        await m.query('DELETE FROM sharing.meeting_attendance WHERE meeting_id = $1', [
          String(recorded.data.meetingId),
        ]);
        return [];
      default:
        return [];
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE sharing.case_shares, sharing.meeting_attendance, sharing.case_sharing_agreements');
  }

  /** When the case's latest event happened, for the involvement change that follows it. */
  private async happened(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const at = instant(recorded.data[CASE_EVENT_TIMES[recorded.type]]);
    if (!at) return;
    await m.query(
      `UPDATE sharing.case_shares SET last_event_at = $3 WHERE case_type = 'lag_referral' AND case_id = $1 AND partnership_id = $2`,
      [String(recorded.data.referralId), String(recorded.data.partnershipId), at],
    );
  }

  /** The agreement terms as they stand at this point of the log. */
  private async agreement(event: AgreementEvent, m: EntityManager): Promise<void> {
    switch (event.type) {
      case 'SharingAgreementAgreed': {
        const d = event.data;
        await m.query(
          `INSERT INTO sharing.case_sharing_agreements (agreement_id, partnership_id, parties, purposes, data_categories, lawful_bases, start_date, review_date, end_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (agreement_id) DO NOTHING`,
          [
            d.agreementId,
            d.partnershipId,
            d.parties,
            d.purposes,
            d.dataCategories,
            d.lawfulBases,
            d.startDate,
            d.reviewDate,
            d.endDate,
          ],
        );
        return;
      }
      case 'SharingAgreementReviewed':
        await m.query('UPDATE sharing.case_sharing_agreements SET review_date = $2 WHERE agreement_id = $1', [
          event.data.agreementId,
          event.data.reviewDate,
        ]);
        return;
      case 'SharingAgreementTerminated':
        await m.query('UPDATE sharing.case_sharing_agreements SET terminated_at = $2 WHERE agreement_id = $1', [
          event.data.agreementId,
          event.data.terminatedAt,
        ]);
        return;
    }
  }

  /** The agencies present when a case is discussed hear it: each discussion is a disclosure to them. */
  private async discussed(recorded: RecordedEvent, m: EntityManager): Promise<Reaction[]> {
    const d = recorded.data as unknown as CaseDiscussedFacts;
    const [row]: CaseShareRow[] = await m.query(
      `SELECT * FROM sharing.case_shares WHERE case_type = 'lag_referral' AND case_id = $1`,
      [d.referralId],
    );
    if (!row || row.partnership_id !== d.partnershipId) return [];
    const present: Array<{ agency_id: string }> = await m.query(
      'SELECT DISTINCT agency_id FROM sharing.meeting_attendance WHERE meeting_id = $1 AND present ORDER BY agency_id',
      [d.meetingId],
    );
    const excluded = d.notCovered?.decision === 'excluded' ? d.notCovered.agencyIds : [];
    const recipients = without(
      present.map((p) => p.agency_id),
      [row.from_agency_id, ...excluded],
    );
    if (recipients.length === 0) return [];
    return this.record(
      m,
      recorded,
      row,
      [{ recipients, personIds: row.person_ids }],
      { type: 'lag_referral', id: d.referralId },
      { kind: 'discussed_at_meeting', meetingId: d.meetingId },
      d.recordedByUserId,
      instant(d.recordedAt),
    );
  }

  /**
   * A LAG meeting's pack or minutes issued to agencies: for each case whose part they received,
   * one disclosure to them (the referring agency is not told its own case). Disclosure ids derive
   * from the issuing event and the case, so a replay records nothing twice.
   */
  private async documentIssued(
    recorded: RecordedEvent,
    m: EntityManager,
    partnershipId: string,
    meetingId: string,
    kind: 'meeting_pack' | 'meeting_minutes',
    byUserId: string,
    at: string | undefined,
    recipients: Array<{ agencyId: string; referralIds: string[] }>,
  ): Promise<Reaction[]> {
    const referralIds = [...new Set(recipients.flatMap((r) => r.referralIds))].sort();
    const reactions: Reaction[] = [];
    for (const referralId of referralIds) {
      const [row]: CaseShareRow[] = await m.query(
        `SELECT * FROM sharing.case_shares WHERE case_type = 'lag_referral' AND case_id = $1`,
        [referralId],
      );
      if (!row || row.partnership_id !== partnershipId) continue;
      const to = without(
        recipients.filter((r) => r.referralIds.includes(referralId)).map((r) => r.agencyId),
        [row.from_agency_id],
      );
      if (to.length === 0) continue;
      const [reaction] = await this.record(
        m,
        { ...recorded, id: stableId(recorded.id, referralId) },
        row,
        [{ recipients: to, personIds: row.person_ids }],
        { type: 'lag_referral', id: referralId },
        { kind, meetingId },
        byUserId,
        instant(at),
      );
      reactions.push(reaction);
    }
    return reactions;
  }

  /**
   * A referral is the referring agency sharing the case with the LAG for the chair's decision: the
   * chair's agency receives it when a chair opens it. The agency is then informed, so the
   * involvement that follows records nothing more.
   */
  private async openedForDecision(recorded: RecordedEvent, m: EntityManager): Promise<Reaction[]> {
    const d = recorded.data as unknown as OpenedForDecisionFacts;
    const [row]: CaseShareRow[] = await m.query(
      `SELECT * FROM sharing.case_shares WHERE case_type = 'lag_referral' AND case_id = $1 FOR UPDATE`,
      [d.referralId],
    );
    if (!row || row.partnership_id !== d.partnershipId) return [];
    if (d.chairAgencyId === row.from_agency_id || row.informed_agency_ids.includes(d.chairAgencyId)) return [];
    const reactions = await this.record(
      m,
      recorded,
      row,
      [{ recipients: [d.chairAgencyId], personIds: row.person_ids }],
      { type: 'lag_referral', id: d.referralId },
      { kind: 'referred_for_decision' },
      d.chairUserId,
      instant(d.openedAt),
    );
    await m.query(
      `UPDATE sharing.case_shares SET informed_agency_ids = $2 WHERE case_type = 'lag_referral' AND case_id = $1`,
      [d.referralId, [...row.informed_agency_ids, d.chairAgencyId]],
    );
    return reactions;
  }

  private async referred(d: VictimReferredFacts, m: EntityManager): Promise<void> {
    const categories = caseDataCategories({
      category: d.category,
      perpetratorCount: d.perpetratorIds.length,
      vulnerabilities: d.vulnerabilities,
      protectedCharacteristics: d.protectedCharacteristics,
    });
    await m.query(
      `INSERT INTO sharing.case_shares (case_type, case_id, partnership_id, from_agency_id, opened_by_user_id, data_categories, person_ids, informed_agency_ids)
       VALUES ('lag_referral', $1, $2, $3, $4, $5, $6, '{}') ON CONFLICT DO NOTHING`,
      [
        d.referralId,
        d.partnershipId,
        d.referringAgencyId,
        d.referredByUserId,
        categories,
        [...d.victimIds, ...d.perpetratorIds],
      ],
    );
  }

  private async involvementChanged(recorded: RecordedEvent, m: EntityManager): Promise<Reaction[]> {
    const d = recorded.data as unknown as CaseInvolvementFacts;
    const [row]: CaseShareRow[] = await m.query(
      'SELECT * FROM sharing.case_shares WHERE case_type = $1 AND case_id = $2 FOR UPDATE',
      [d.caseType, d.caseId],
    );
    if (!row || row.partnership_id !== d.partnershipId) return [];

    const informed = row.informed_agency_ids;
    const newAgencies = without(without([...new Set(d.agencyIds)], informed), [row.from_agency_id]);
    const newPeople = without([...new Set(d.personIds)], row.person_ids);
    const people = [...row.person_ids, ...newPeople];
    const sharings: Array<{ recipients: string[]; personIds: string[] }> = [];
    if (newAgencies.length > 0) sharings.push({ recipients: newAgencies, personIds: people });
    if (newPeople.length > 0 && informed.length > 0) sharings.push({ recipients: informed, personIds: newPeople });
    if (newAgencies.length === 0 && newPeople.length === 0) return [];

    const byUserId = typeof recorded.metadata.userId === 'string' ? recorded.metadata.userId : row.opened_by_user_id;
    const reactions =
      sharings.length > 0
        ? await this.record(
            m,
            recorded,
            row,
            sharings,
            { type: d.caseType, id: d.caseId },
            { kind: 'joined_case' },
            byUserId,
            row.last_event_at ? row.last_event_at.toISOString() : null,
          )
        : [];
    await m.query(
      'UPDATE sharing.case_shares SET person_ids = $3, informed_agency_ids = $4 WHERE case_type = $1 AND case_id = $2',
      [d.caseType, d.caseId, people, [...informed, ...newAgencies]],
    );
    return reactions;
  }

  /** Judges each sharing against the partnership's agreements as the log stands: one disclosure each. */
  private async record(
    m: EntityManager,
    cause: RecordedEvent,
    row: CaseShareRow,
    sharings: Array<{ recipients: string[]; personIds: string[] }>,
    kase: CaseSharing['case'],
    occasion: CaseSharing['occasion'],
    byUserId: string,
    /** When the case event this sharing stands for happened; the log's time when unknown. */
    occurredAt: string | null,
  ): Promise<Reaction[]> {
    const agreementRows: AgreementTermsRow[] = await m.query(
      'SELECT * FROM sharing.case_sharing_agreements WHERE partnership_id = $1 ORDER BY start_date DESC, agreement_id',
      [row.partnership_id],
    );
    const agreements = agreementRows.map(agreementTermsOf);
    return sharings.map((sharing, i) =>
      reactionOf(
        recordCaseSharing(
          {
            disclosureId: stableId('case-sharing', cause.id, String(i)),
            partnershipId: row.partnership_id,
            fromAgencyId: row.from_agency_id,
            recipientAgencyIds: sharing.recipients,
            personIds: sharing.personIds,
            dataCategories: row.data_categories,
            case: kase,
            occasion,
            byUserId,
            at: occurredAt ?? cause.recordedAt,
          },
          agreements,
        ),
      ),
    );
  }
}

/** A disclosure opens its own stream; its event id derives from the disclosure's, itself derived from the cause. */
const reactionOf = (event: DisclosureEvent): Reaction => ({
  stream: disclosureStream(event.data.disclosureId),
  id: stableId(event.data.disclosureId, 'event'),
  type: event.type,
  data: event.data as unknown as JsonObject,
});
