import type { EntityManager } from 'typeorm';
import { stableId, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { caseDataCategories, disclosureStream, recordCaseSharing, type CaseSharing, type CaseType, type DataCategory, type DisclosureEvent } from '../domain';
import { agreementTermsOf, type AgreementRow } from '../queries/sharing-read-model';

/**
 * The LAG's published events this context reads (stored contracts of the LAG context: only the
 * fields used here).
 */
export const CASE_EVENT_TYPES = [
  'VictimReferred',
  'CaseInvolvementChanged',
  'MeetingAttendanceRecorded',
  'MeetingApologiesRecorded',
  'CaseDiscussed',
  'MeetingClosed',
  'MeetingCancelled',
] as const;

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
}

interface CaseShareRow {
  partnership_id: string;
  from_agency_id: string;
  opened_by_user_id: string;
  data_categories: DataCategory[];
  person_ids: string[];
  informed_agency_ids: string[];
}


const without = (list: string[], remove: readonly string[]) => list.filter((x) => !remove.includes(x));

/**
 * Records the disclosures of sharing inside cases, as part of the sharing projection: it runs in
 * the projection's transaction, so the agreements it reads are exactly those the log held just
 * before the event, and the case's record of who was already informed moves with the checkpoint.
 *
 * When a case's involvement grows, the agencies new to it receive the case's people and contents
 * (and, should people be added, the agencies already informed receive the new people). When a
 * case is discussed at a LAG meeting, the agencies present (other than the referring agency)
 * receive it, once per discussion: each brings the case up to date. Each
 * disclosure's id derives from the event that caused it: replaying the log after a crash, or a
 * rebuild, appends the same events, which the store takes as an idempotent retry.
 */
export class CaseSharingRecorder {
  constructor(private readonly store: EventStore) {}

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    switch (recorded.type) {
      case 'VictimReferred':
        return this.referred(recorded.data as unknown as VictimReferredFacts, m);
      case 'CaseInvolvementChanged':
        return this.involvementChanged(recorded, m);
      case 'MeetingAttendanceRecorded':
      case 'MeetingApologiesRecorded': {
        const d = recorded.data as unknown as AttendanceFacts;
        await m.query(
          `INSERT INTO sharing.meeting_attendance (meeting_id, agency_id, attendee, present) VALUES ($1, $2, $3, $4)
           ON CONFLICT (meeting_id, agency_id, attendee) DO UPDATE SET present = EXCLUDED.present`,
          [d.meetingId, d.agencyId, d.userId ?? '', recorded.type === 'MeetingAttendanceRecorded'],
        );
        return;
      }
      case 'CaseDiscussed':
        return this.discussed(recorded, m);
      case 'MeetingClosed':
      case 'MeetingCancelled':
        // Nothing is discussed at a meeting once it is over.
        await m.query('DELETE FROM sharing.meeting_attendance WHERE meeting_id = $1', [String(recorded.data.meetingId)]);
        return;
    }
  }

  /** The agencies present when a case is discussed hear it: each discussion is a disclosure to them. */
  private async discussed(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const d = recorded.data as unknown as CaseDiscussedFacts;
    const [row]: CaseShareRow[] = await m.query(`SELECT * FROM sharing.case_shares WHERE case_type = 'lag_referral' AND case_id = $1`, [d.referralId]);
    if (!row || row.partnership_id !== d.partnershipId) return;
    const present: Array<{ agency_id: string }> = await m.query(
      'SELECT DISTINCT agency_id FROM sharing.meeting_attendance WHERE meeting_id = $1 AND present ORDER BY agency_id',
      [d.meetingId],
    );
    const recipients = without(present.map((p) => p.agency_id), [row.from_agency_id]);
    if (recipients.length === 0) return;
    await this.record(
      m,
      recorded,
      row,
      [{ recipients, personIds: row.person_ids }],
      { type: 'lag_referral', id: d.referralId },
      { kind: 'discussed_at_meeting', meetingId: d.meetingId },
      d.recordedByUserId,
    );
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
      [d.referralId, d.partnershipId, d.referringAgencyId, d.referredByUserId, categories, [...d.victimIds, ...d.perpetratorIds]],
    );
  }

  private async involvementChanged(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const d = recorded.data as unknown as CaseInvolvementFacts;
    const [row]: CaseShareRow[] = await m.query('SELECT * FROM sharing.case_shares WHERE case_type = $1 AND case_id = $2 FOR UPDATE', [d.caseType, d.caseId]);
    if (!row || row.partnership_id !== d.partnershipId) return;

    const informed = row.informed_agency_ids;
    const newAgencies = without(without([...new Set(d.agencyIds)], informed), [row.from_agency_id]);
    const newPeople = without([...new Set(d.personIds)], row.person_ids);
    const people = [...row.person_ids, ...newPeople];
    const sharings: Array<{ recipients: string[]; personIds: string[] }> = [];
    if (newAgencies.length > 0) sharings.push({ recipients: newAgencies, personIds: people });
    if (newPeople.length > 0 && informed.length > 0) sharings.push({ recipients: informed, personIds: newPeople });
    if (newAgencies.length === 0 && newPeople.length === 0) return;

    if (sharings.length > 0) {
      const byUserId = typeof recorded.metadata.userId === 'string' ? recorded.metadata.userId : row.opened_by_user_id;
      await this.record(m, recorded, row, sharings, { type: d.caseType, id: d.caseId }, { kind: 'joined_case' }, byUserId);
    }
    await m.query('UPDATE sharing.case_shares SET person_ids = $3, informed_agency_ids = $4 WHERE case_type = $1 AND case_id = $2', [
      d.caseType, d.caseId, people, [...informed, ...newAgencies],
    ]);
  }

  /** Judges each sharing against the partnership's agreements as the log stands, and appends its disclosure. */
  private async record(
    m: EntityManager,
    cause: RecordedEvent,
    row: CaseShareRow,
    sharings: Array<{ recipients: string[]; personIds: string[] }>,
    kase: CaseSharing['case'],
    occasion: CaseSharing['occasion'],
    byUserId: string,
  ): Promise<void> {
    const agreementRows: AgreementRow[] = await m.query('SELECT * FROM sharing.agreements WHERE partnership_id = $1 ORDER BY start_date DESC, agreement_id', [row.partnership_id]);
    // The read model holds each agreement as the log stood just before the event: its review date then.
    const agreements = agreementRows.map(agreementTermsOf);
    for (const [i, sharing] of sharings.entries()) {
      const event = recordCaseSharing(
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
          at: cause.recordedAt,
        },
        agreements,
      );
      await this.append(event, cause);
    }
  }

  private async append(event: DisclosureEvent, cause: RecordedEvent): Promise<void> {
    const metadata = {
      causationId: cause.id,
      ...(cause.metadata.correlationId ? { correlationId: cause.metadata.correlationId } : {}),
      ...(cause.metadata.userId ? { userId: cause.metadata.userId } : {}),
      ...(cause.metadata.agencyId ? { agencyId: cause.metadata.agencyId } : {}),
      recordedBy: 'hubline',
    };
    try {
      await this.store.append(disclosureStream(event.data.disclosureId), [{ id: stableId(event.data.disclosureId, 'event'), type: event.type, data: event.data, metadata }], 'no_stream');
    } catch (error) {
      // Recorded by an earlier run of this same step (then judged with the code of that time):
      // the record stands as it was written; history is not rewritten.
      if (error instanceof WrongExpectedRevisionError) return;
      throw error;
    }
  }
}
