import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { writeRows, type Projection, type Row } from '@hubline/projections';
import {
  AGREEMENT_EVENT_TYPES,
  CONSENT_EVENT_TYPES,
  DISCLOSURE_EVENT_TYPES,
  type AgreementEvent,
  type ConsentEvent,
  type DisclosureEvent,
} from '../domain';

/**
 * Agreements, consents and disclosures as the access policy and the sharing reads need them. One
 * projection for the three tables, so a disclosure never lands before the consent it names. It
 * only writes its tables: the sharing inside cases is recorded by a reactor of its own
 * (CaseSharingRecorder), whose disclosures arrive here like any other.
 */
@Injectable()
export class SharingProjection implements Projection {
  readonly name = 'sharing.read-model';
  readonly tables = ['sharing.agreements', 'sharing.consents', 'sharing.disclosures'];
  readonly eventTypes = new Set<string>([...AGREEMENT_EVENT_TYPES, ...CONSENT_EVENT_TYPES, ...DISCLOSURE_EVENT_TYPES]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as AgreementEvent | ConsentEvent | DisclosureEvent;
    switch (event.type) {
      case 'SharingAgreementAgreed': {
        const d = event.data;
        await m.query(
          `INSERT INTO sharing.agreements (agreement_id, partnership_id, title, parties, purposes, data_categories, lawful_bases, schedule1_conditions, start_date, review_date, end_date, agreed_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (agreement_id) DO NOTHING`,
          [
            d.agreementId,
            d.partnershipId,
            d.title,
            d.parties,
            d.purposes,
            d.dataCategories,
            d.lawfulBases,
            d.schedule1Conditions,
            d.startDate,
            d.reviewDate,
            d.endDate,
            d.agreedAt,
            recorded.revision,
          ],
        );
        return;
      }
      case 'SharingAgreementReviewed':
        await m.query(
          'UPDATE sharing.agreements SET review_date = $2, last_reviewed_at = $3, version = $4 WHERE agreement_id = $1',
          [event.data.agreementId, event.data.reviewDate, event.data.reviewedAt, recorded.revision],
        );
        return;
      case 'SharingAgreementTerminated':
        await m.query('UPDATE sharing.agreements SET terminated_at = $2, version = $3 WHERE agreement_id = $1', [
          event.data.agreementId,
          event.data.terminatedAt,
          recorded.revision,
        ]);
        return;
      case 'ConsentRecorded': {
        const d = event.data;
        await m.query(
          `INSERT INTO sharing.consents (consent_id, partnership_id, person_id, given_by, recipients_kind, locality_id, recipient_agency_ids, purposes, data_categories, obtained,
             recorded_by_user_id, recorded_by_agency_id, given_at, expires_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (consent_id) DO NOTHING`,
          [
            d.consentId,
            d.partnershipId,
            d.personId,
            JSON.stringify(d.givenBy),
            d.recipients.kind,
            d.recipients.kind === 'lag_partners' ? d.recipients.localityId : null,
            d.recipients.agencyIds,
            d.purposes,
            d.dataCategories,
            d.obtained,
            d.recordedByUserId,
            d.recordedByAgencyId,
            d.givenAt,
            d.expiresAt,
            recorded.revision,
          ],
        );
        return;
      }
      case 'ConsentWithdrawn':
        await m.query(
          'UPDATE sharing.consents SET withdrawn_at = $2, withdrawal_method = $3, version = $4 WHERE consent_id = $1',
          [event.data.consentId, event.data.withdrawnAt, event.data.method, recorded.revision],
        );
        return;
      case 'InformationDisclosed':
        await insertDisclosures([disclosureRow(event.data)], m);
        return;
    }
  }

  /**
   * Disclosures, nearly all of this read model's events and never changed once recorded, go in one
   * multi-row insert per run of them; an agreement or consent event between two runs is applied in
   * its place in the log, after the disclosures before it, so the rows are those of `apply`.
   */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    let disclosures: Row[] = [];
    for (const recorded of events) {
      if (recorded.type === 'InformationDisclosed') {
        disclosures.push(disclosureRow(recorded.data as DisclosureEvent['data']));
        continue;
      }
      await insertDisclosures(disclosures, m);
      disclosures = [];
      await this.apply(recorded, m);
    }
    await insertDisclosures(disclosures, m);
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE sharing.agreements, sharing.consents, sharing.disclosures');
  }
}

function disclosureRow(d: DisclosureEvent['data']): Row {
  const basis = d.basis;
  return {
    disclosure_id: d.disclosureId,
    partnership_id: d.partnershipId,
    from_agency_id: d.fromAgencyId,
    recipient_agency_ids: d.recipientAgencyIds,
    person_ids: d.personIds,
    data_categories: d.dataCategories,
    purpose: d.purpose,
    case_type: d.case?.type ?? null,
    case_id: d.case?.id ?? null,
    by_user_id: d.byUserId,
    disclosed_at: d.disclosedAt,
    basis_kind: basis.kind,
    consent_id: basis.kind === 'consent' ? basis.consentId : null,
    agreement_id: basis.kind === 'gateway' || basis.kind === 'case_involvement' ? basis.agreementId : null,
    gateway: basis.kind === 'gateway' || basis.kind === 'case_involvement' ? basis.gateway : null,
    not_covered_because:
      basis.kind === 'case_involvement' && basis.agreementId === null ? basis.notCoveredBecause : null,
    occasion: basis.kind === 'case_involvement' ? basis.occasion : null,
    meeting_id: basis.kind === 'case_involvement' ? basis.meetingId : null,
    flags: d.flags,
    statutory_duty: basis.kind === 'statutory_duty' ? basis.duty : null,
  };
}

/** Inserts the rows in their order; a disclosure already there (a batch applied again) is left as it is. */
async function insertDisclosures(rows: Row[], m: EntityManager): Promise<void> {
  await writeRows(m, 'sharing.disclosures', rows, { key: 'disclosure_id' });
}
