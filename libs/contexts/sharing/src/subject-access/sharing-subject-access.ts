import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How the caller wants an agency shown (it fills in the names once, for the whole export). */
type AgencyRef<A> = (id: string | null) => A | null;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * What the sharing context holds about a person, for a subject access request: the consents they
 * gave and the disclosures naming them (or a record merged into theirs, `ids`).
 */
@Injectable()
export class SharingSubjectAccess {
  constructor(private readonly db: DataSource) {}

  async consents<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const rows: Array<Record<string, never>> = await this.db.query(
      `SELECT consent_id, given_by, recipients_kind, locality_id, recipient_agency_ids, purposes, data_categories, obtained, recorded_by_agency_id, given_at, expires_at, withdrawn_at, withdrawal_method
         FROM sharing.consents WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY given_at`,
      [partnershipId, ids],
    );
    return rows.map((c) => ({
      consentId: c.consent_id,
      givenBy: c.given_by,
      recipients: { kind: c.recipients_kind, agencies: (c.recipient_agency_ids as string[]).map(agency) },
      purposes: c.purposes,
      dataCategories: c.data_categories,
      obtained: c.obtained,
      recordedBy: agency(c.recorded_by_agency_id),
      givenAt: iso(c.given_at),
      expiresAt: iso(c.expires_at),
      withdrawnAt: iso(c.withdrawn_at),
      withdrawalMethod: c.withdrawal_method,
    }));
  }

  /** Disclosures naming the person; whether others were named too is said, but not who. */
  async disclosures<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const rows: Array<Record<string, never>> = await this.db.query(
      `SELECT disclosure_id, from_agency_id, recipient_agency_ids, person_ids, data_categories, purpose, case_type, case_id, disclosed_at, basis_kind, consent_id, agreement_id, gateway
         FROM sharing.disclosures WHERE partnership_id = $1 AND person_ids && $2::uuid[] ORDER BY disclosed_at`,
      [partnershipId, ids],
    );
    return rows.map((d) => ({
      disclosureId: d.disclosure_id,
      from: agency(d.from_agency_id),
      to: (d.recipient_agency_ids as string[]).map(agency),
      alsoAboutOthers: (d.person_ids as string[]).some((id) => !ids.includes(id)),
      dataCategories: d.data_categories,
      purpose: d.purpose,
      case: d.case_id ? { type: d.case_type, id: d.case_id } : null,
      disclosedAt: iso(d.disclosed_at),
      basis: { kind: d.basis_kind, consentId: d.consent_id, agreementId: d.agreement_id, gateway: d.gateway },
    }));
  }
}
