import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  consentStandingAt,
  type CaseType,
  type DataCategory,
  type DisclosureFlag,
  type RecordedBasis,
  type SharingPurpose,
  type Validity,
} from '../domain';
import {
  consentTermsOf,
  disclosureFieldsOf,
  disclosureStandingAt,
  type ConsentRow,
  type DisclosureWithEvidence,
} from './sharing-read-model';

/**
 * A disclosure as other contexts see it: ids, codes and instants (no personal data), with its
 * basis judged by the sharing domain at the moment of disclosure and at the moment asked about.
 */
export interface DisclosureRecord {
  disclosureId: string;
  fromAgencyId: string;
  recipientAgencyIds: string[];
  personIds: string[];
  dataCategories: DataCategory[];
  purpose: SharingPurpose;
  case: { type: CaseType; id: string } | null;
  byUserId: string;
  disclosedAt: string;
  basis: RecordedBasis;
  flags: DisclosureFlag[];
  /** The basis re-judged at the moment of disclosure: what decides whether the sharing was lawful. */
  atDisclosure: Validity;
  /** Whether it still stands at the instant asked about (a later withdrawal does not undo the earlier disclosure). */
  atInstant: Validity;
}

export interface DisclosureFilter {
  /** Inclusive, ISO 8601. */
  from?: string;
  /** Exclusive, ISO 8601. */
  to?: string;
  /** Only disclosures about this person. */
  personId?: string;
  /** Only disclosures this agency made or received. */
  partyAgencyId?: string;
  /** Emergencies (vital interests, or flagged so), or sharing inside cases that no agreement covered. */
  only?: 'emergency' | 'case_sharing_without_agreement';
}

/** A moment an agency saw a person's record. */
export interface Sighting {
  agencyId: string;
  personId: string;
  at: string;
}

/** A disclosure with the consent and agreement rows it names (same partnership only: another's is no basis). */
const DISCLOSURES = `
  SELECT d.*, to_jsonb(c) AS consent, to_jsonb(a) AS agreement
    FROM sharing.disclosures d
    LEFT JOIN sharing.consents c ON c.consent_id = d.consent_id AND c.partnership_id = d.partnership_id
    LEFT JOIN sharing.agreements a ON a.agreement_id = d.agreement_id AND a.partnership_id = d.partnership_id
   WHERE d.partnership_id = $1`;

const ONLY = {
  emergency: `AND (d.basis_kind = 'vital_interests' OR 'vital_interests' = ANY(d.flags))`,
  case_sharing_without_agreement: `AND d.basis_kind = 'case_involvement' AND 'no_agreement' = ANY(d.flags)`,
} as const;

/**
 * The sharing context's published read facade: what other contexts (the auditor's reports) may ask
 * about disclosures. Validity is judged with the domain's own functions; callers never see the
 * tables or the row shapes behind it.
 */
@Injectable()
export class SharingRecords {
  constructor(private readonly db: DataSource) {}

  /** Disclosures of one partnership in time order, each judged at its moment and at `at`. */
  async disclosures(partnershipId: string, filter: DisclosureFilter, at: string): Promise<DisclosureRecord[]> {
    const rows: DisclosureWithEvidence[] = await this.db.query(
      `${DISCLOSURES}
          AND ($2::timestamptz IS NULL OR d.disclosed_at >= $2) AND ($3::timestamptz IS NULL OR d.disclosed_at < $3)
          AND ($4::uuid IS NULL OR d.person_ids @> ARRAY[$4::uuid])
          AND ($5::uuid IS NULL OR d.from_agency_id = $5 OR $5 = ANY(d.recipient_agency_ids))
          ${filter.only ? ONLY[filter.only] : ''}
        ORDER BY d.disclosed_at, d.disclosure_id`,
      [partnershipId, filter.from ?? null, filter.to ?? null, filter.personId ?? null, filter.partyAgencyId ?? null],
    );
    return rows.map((r) => recordOf(r, at));
  }

  /**
   * Does this consent, recorded in the partnership for this person, stand at `at` (given, not
   * withdrawn, not expired) and name this purpose? For a process that needs the person's consent
   * to act for them (an ASB Case Review applied for on a victim's behalf). The code says why not.
   */
  async consentFor(
    partnershipId: string,
    consentId: string,
    personId: string,
    purpose: SharingPurpose,
    at: string,
  ): Promise<Validity> {
    const [row]: ConsentRow[] = await this.db.query(
      'SELECT * FROM sharing.consents WHERE partnership_id = $1 AND consent_id = $2 AND person_id = $3',
      [partnershipId, consentId, personId],
    );
    const standing = consentStandingAt(row ? consentTermsOf(row) : null, at);
    if (!standing.valid) return standing;
    return row.purposes.includes(purpose) ? standing : { valid: false, code: 'SHARING.PURPOSE_NOT_COVERED' };
  }

  /**
   * For each sighting, in order: the disclosures to that agency, including the person's identity,
   * made no later than the sighting and whose basis stood for that agency at that moment.
   */
  async disclosuresCovering(partnershipId: string, sightings: Sighting[]): Promise<string[][]> {
    if (sightings.length === 0) return [];
    const rows: DisclosureWithEvidence[] = await this.db.query(
      `${DISCLOSURES} AND d.recipient_agency_ids && $2::uuid[] AND d.person_ids && $3::uuid[] AND 'identity' = ANY(d.data_categories)`,
      [partnershipId, [...new Set(sightings.map((s) => s.agencyId))], [...new Set(sightings.map((s) => s.personId))]],
    );
    return sightings.map((s) =>
      rows
        .filter(
          (d) =>
            d.recipient_agency_ids.includes(s.agencyId) &&
            d.person_ids.includes(s.personId) &&
            d.disclosed_at.getTime() <= Date.parse(s.at) &&
            disclosureStandingAt(d, s.at, [s.agencyId]).valid,
        )
        .map((d) => d.disclosure_id),
    );
  }
}

function recordOf(r: DisclosureWithEvidence, at: string): DisclosureRecord {
  return {
    ...disclosureFieldsOf(r),
    atDisclosure: disclosureStandingAt(r, r.disclosed_at.toISOString()),
    atInstant: disclosureStandingAt(r, at),
  };
}
