import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
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
      case 'InformationDisclosed': {
        const d = event.data;
        const basis = d.basis;
        await m.query(
          `INSERT INTO sharing.disclosures (disclosure_id, partnership_id, from_agency_id, recipient_agency_ids, person_ids, data_categories, purpose, case_type, case_id,
             by_user_id, disclosed_at, basis_kind, consent_id, agreement_id, gateway, not_covered_because, occasion, meeting_id, flags, statutory_duty)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT (disclosure_id) DO NOTHING`,
          [
            d.disclosureId,
            d.partnershipId,
            d.fromAgencyId,
            d.recipientAgencyIds,
            d.personIds,
            d.dataCategories,
            d.purpose,
            d.case?.type ?? null,
            d.case?.id ?? null,
            d.byUserId,
            d.disclosedAt,
            basis.kind,
            basis.kind === 'consent' ? basis.consentId : null,
            basis.kind === 'gateway' || basis.kind === 'case_involvement' ? basis.agreementId : null,
            basis.kind === 'gateway' || basis.kind === 'case_involvement' ? basis.gateway : null,
            basis.kind === 'case_involvement' && basis.agreementId === null ? basis.notCoveredBecause : null,
            basis.kind === 'case_involvement' ? basis.occasion : null,
            basis.kind === 'case_involvement' ? basis.meetingId : null,
            d.flags,
            basis.kind === 'statutory_duty' ? basis.duty : null,
          ],
        );
        return;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE sharing.agreements, sharing.consents, sharing.disclosures');
  }
}
