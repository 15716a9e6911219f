import type { EntityManager } from 'typeorm';
import { stableId, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { caseDataCategories, disclosureStream, recordCaseSharing, type AgreementTerms, type CaseType, type DataCategory, type DisclosureEvent } from '../domain';

/**
 * The LAG's published events this context reads (stored contracts of the LAG context: only the
 * fields used here).
 */
export const CASE_EVENT_TYPES = ['VictimReferred', 'CaseInvolvementChanged'] as const;

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

interface CaseShareRow {
  partnership_id: string;
  from_agency_id: string;
  opened_by_user_id: string;
  data_categories: DataCategory[];
  person_ids: string[];
  informed_agency_ids: string[];
}

interface AgreementRow {
  agreement_id: string;
  partnership_id: string;
  parties: string[];
  purposes: AgreementTerms['purposes'];
  data_categories: AgreementTerms['dataCategories'];
  lawful_bases: AgreementTerms['lawfulBases'];
  start_date: string;
  review_date: string;
  end_date: string | null;
  terminated_at: Date | null;
}

const without = (list: string[], remove: readonly string[]) => list.filter((x) => !remove.includes(x));

/**
 * Records the disclosures of sharing inside cases, as part of the sharing projection: it runs in
 * the projection's transaction, so the agreements it reads are exactly those the log held just
 * before the event, and the case's record of who was already informed moves with the checkpoint.
 *
 * When a case's involvement grows, the agencies new to it receive the case's people and contents
 * (and, should people be added, the agencies already informed receive the new people). Each
 * disclosure's id derives from the event that caused it: replaying the log after a crash, or a
 * rebuild, appends the same events, which the store takes as an idempotent retry.
 */
export class CaseSharingRecorder {
  constructor(private readonly store: EventStore) {}

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    if (recorded.type === 'VictimReferred') return this.referred(recorded.data as unknown as VictimReferredFacts, m);
    if (recorded.type === 'CaseInvolvementChanged') return this.involvementChanged(recorded, m);
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
    if (sharings.length === 0) {
      if (newPeople.length > 0) await m.query('UPDATE sharing.case_shares SET person_ids = $3 WHERE case_type = $1 AND case_id = $2', [d.caseType, d.caseId, people]);
      return;
    }

    const agreementRows: AgreementRow[] = await m.query('SELECT * FROM sharing.agreements WHERE partnership_id = $1 ORDER BY start_date DESC, agreement_id', [d.partnershipId]);
    const agreements = agreementRows.map(agreementTerms);
    const byUserId = typeof recorded.metadata.userId === 'string' ? recorded.metadata.userId : row.opened_by_user_id;
    for (const [i, sharing] of sharings.entries()) {
      const event = recordCaseSharing(
        {
          disclosureId: stableId('case-sharing', recorded.id, String(i)),
          partnershipId: d.partnershipId,
          fromAgencyId: row.from_agency_id,
          recipientAgencyIds: sharing.recipients,
          personIds: sharing.personIds,
          dataCategories: row.data_categories,
          case: { type: d.caseType, id: d.caseId },
          byUserId,
          at: recorded.recordedAt,
        },
        agreements,
      );
      await this.append(event, recorded);
    }
    await m.query('UPDATE sharing.case_shares SET person_ids = $3, informed_agency_ids = $4 WHERE case_type = $1 AND case_id = $2', [
      d.caseType, d.caseId, people, [...informed, ...newAgencies],
    ]);
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

function agreementTerms(r: AgreementRow): AgreementTerms {
  return {
    agreementId: r.agreement_id,
    partnershipId: r.partnership_id,
    parties: r.parties,
    purposes: r.purposes,
    dataCategories: r.data_categories,
    lawfulBases: r.lawful_bases,
    startDate: r.start_date,
    endDate: r.end_date,
    reviewDate: r.review_date,
    // The read model holds the review date as the log stood just before the event: the one that applied then.
    earlierReviewDates: [],
    terminatedAt: r.terminated_at ? r.terminated_at.toISOString() : null,
  };
}
