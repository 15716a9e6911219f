import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  agreementStandingAt,
  basisStandsAt,
  consentStandingAt,
  type AgreementTerms,
  type CaseSharingOccasion,
  type CaseType,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentTerms,
  type DataCategory,
  type DisclosureFlag,
  type Gateway,
  type LawfulBasis,
  type NotInForceReason,
  type RecordedBasis,
  type Schedule1Condition,
  type SharingErrorCode,
  type SharingPurpose,
  type StatutoryDuty,
} from '../domain';

export interface AgreementView {
  agreementId: string;
  title: string;
  parties: string[];
  purposes: SharingPurpose[];
  dataCategories: DataCategory[];
  lawfulBases: LawfulBasis[];
  schedule1Conditions: Schedule1Condition[];
  startDate: string;
  reviewDate: string;
  endDate: string | null;
  agreedAt: string;
  lastReviewedAt: string | null;
  terminatedAt: string | null;
  version: number;
  inForce: boolean;
  notInForceBecause?: NotInForceReason;
  /** The review date is within 30 days: review it or sharing under it stops. */
  reviewDueSoon: boolean;
}

export interface ConsentView {
  consentId: string;
  personId: string;
  givenBy: ConsentGiver;
  recipients: { kind: 'agencies' | 'lag_partners'; localityId?: string; agencyIds: string[] };
  purposes: SharingPurpose[];
  dataCategories: DataCategory[];
  obtained: ConsentMethod;
  recordedByUserId: string;
  recordedByAgencyId: string;
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  withdrawalMethod: ConsentMethod | null;
  version: number;
  validNow: boolean;
  notValidNowBecause?: SharingErrorCode;
}

export interface DisclosureView {
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
  /** The basis was valid when disclosed (it is never recorded otherwise); this says whether it still stands. */
  basisStandsNow: boolean;
  basisLapsedBecause?: SharingErrorCode;
}

/** A row of `sharing.agreements`. */
/** The columns of an agreement that its terms are judged by (the case-sharing reactor keeps these too). */
export type AgreementTermsRow = Pick<
  AgreementRow,
  | 'agreement_id'
  | 'partnership_id'
  | 'parties'
  | 'purposes'
  | 'data_categories'
  | 'lawful_bases'
  | 'start_date'
  | 'review_date'
  | 'end_date'
  | 'terminated_at'
>;

export interface AgreementRow {
  agreement_id: string;
  partnership_id: string;
  title: string;
  parties: string[];
  purposes: SharingPurpose[];
  data_categories: DataCategory[];
  lawful_bases: LawfulBasis[];
  schedule1_conditions: Schedule1Condition[];
  start_date: string;
  review_date: string;
  end_date: string | null;
  agreed_at: Date;
  last_reviewed_at: Date | null;
  terminated_at: Date | null;
  version: string;
}

export interface ConsentRow {
  consent_id: string;
  partnership_id: string;
  person_id: string;
  given_by: ConsentGiver;
  recipients_kind: 'agencies' | 'lag_partners';
  locality_id: string | null;
  recipient_agency_ids: string[];
  purposes: SharingPurpose[];
  data_categories: DataCategory[];
  obtained: ConsentMethod;
  recorded_by_user_id: string;
  recorded_by_agency_id: string;
  given_at: Date;
  expires_at: Date | null;
  withdrawn_at: Date | null;
  withdrawal_method: ConsentMethod | null;
  version: string;
}

export interface DisclosureRow {
  disclosure_id: string;
  partnership_id: string;
  from_agency_id: string;
  recipient_agency_ids: string[];
  person_ids: string[];
  data_categories: DataCategory[];
  purpose: SharingPurpose;
  case_type: CaseType | null;
  case_id: string | null;
  by_user_id: string;
  disclosed_at: Date;
  basis_kind: RecordedBasis['kind'];
  consent_id: string | null;
  agreement_id: string | null;
  gateway: Gateway | null;
  not_covered_because: SharingErrorCode | null;
  occasion: CaseSharingOccasion | null;
  meeting_id: string | null;
  flags: DisclosureFlag[];
  statutory_duty: StatutoryDuty | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * The read model keeps only the current review date. That is enough to judge any moment a
 * disclosure was recorded at, not only now: a review always sets a date after the day it is made,
 * so every earlier moment lies before it, and a disclosure during a lapse was never recorded.
 */
export const agreementTermsOf = (r: AgreementTermsRow): AgreementTerms => ({
  agreementId: r.agreement_id,
  partnershipId: r.partnership_id,
  parties: r.parties,
  purposes: r.purposes,
  dataCategories: r.data_categories,
  lawfulBases: r.lawful_bases,
  startDate: r.start_date,
  endDate: r.end_date,
  reviewDate: r.review_date,
  earlierReviewDates: [],
  terminatedAt: iso(r.terminated_at),
});

export const consentTermsOf = (r: ConsentRow): ConsentTerms => ({
  consentId: r.consent_id,
  partnershipId: r.partnership_id,
  personId: r.person_id,
  recipientAgencyIds: r.recipient_agency_ids,
  purposes: r.purposes,
  dataCategories: r.data_categories,
  givenAt: r.given_at.toISOString(),
  expiresAt: iso(r.expires_at),
  withdrawnAt: iso(r.withdrawn_at),
});

/** The recorded basis from its columns (the one place that reads them back). */
export function recordedBasisOf(
  r: Pick<
    DisclosureRow,
    | 'basis_kind'
    | 'consent_id'
    | 'agreement_id'
    | 'gateway'
    | 'not_covered_because'
    | 'occasion'
    | 'meeting_id'
    | 'statutory_duty'
  >,
): RecordedBasis {
  switch (r.basis_kind) {
    case 'consent':
      return { kind: 'consent', consentId: r.consent_id! };
    case 'gateway':
      return { kind: 'gateway', gateway: r.gateway!, agreementId: r.agreement_id! };
    case 'vital_interests':
      return { kind: 'vital_interests' };
    case 'statutory_duty':
      return { kind: 'statutory_duty', duty: r.statutory_duty ?? 'asbcpa_2014_sch4_para7' };
    case 'case_involvement': {
      const how = { kind: 'case_involvement' as const, occasion: r.occasion ?? 'joined_case', meetingId: r.meeting_id };
      return r.agreement_id
        ? { ...how, agreementId: r.agreement_id, gateway: r.gateway! }
        : {
            ...how,
            agreementId: null,
            gateway: null,
            notCoveredBecause: r.not_covered_because ?? 'SHARING.NO_AGREEMENT_IN_FORCE',
          };
    }
  }
}

/** A disclosure's columns, with the consent and the agreement it names as JSON (their column names overlap). */
const DISCLOSURE_WITH_EVIDENCE = `
  SELECT d.*, to_jsonb(c) AS consent, to_jsonb(a) AS agreement
    FROM sharing.disclosures d
    LEFT JOIN sharing.consents c ON c.consent_id = d.consent_id
    LEFT JOIN sharing.agreements a ON a.agreement_id = d.agreement_id`;

/** A row of `sharing.disclosures` with the consent and agreement rows it names, as JSON. */
export type DisclosureWithEvidence = DisclosureRow & {
  consent: Record<string, unknown> | null;
  agreement: Record<string, unknown> | null;
};

/** to_jsonb spells timestamps as text: bring them back to the row shapes. */
function evidenceOf(r: DisclosureWithEvidence): { consent: ConsentTerms | null; agreement: AgreementTerms | null } {
  const at = (v: unknown) => (v ? new Date(String(v)) : null);
  const consent = r.consent
    ? consentTermsOf({
        ...(r.consent as unknown as ConsentRow),
        given_at: at(r.consent.given_at)!,
        expires_at: at(r.consent.expires_at),
        withdrawn_at: at(r.consent.withdrawn_at),
      })
    : null;
  const agreement = r.agreement
    ? agreementTermsOf({ ...(r.agreement as unknown as AgreementRow), terminated_at: at(r.agreement.terminated_at) })
    : null;
  return { consent, agreement };
}

/**
 * Whether a disclosure's basis stands at `at` for the given recipients (all of them by default),
 * judged with the domain's own pure function. At the moment of disclosure this is the check the
 * disclosure passed then, less the justification (the command refused a gateway or emergency
 * without one; it stays sealed in the event).
 */
export function disclosureStandingAt(
  r: DisclosureWithEvidence,
  at: string,
  recipientAgencyIds = r.recipient_agency_ids,
) {
  return basisStandsAt(
    {
      basis: recordedBasisOf(r),
      disclosedAt: r.disclosed_at.toISOString(),
      use: {
        fromAgencyId: r.from_agency_id,
        recipientAgencyIds,
        personIds: r.person_ids,
        purpose: r.purpose,
        dataCategories: r.data_categories,
      },
    },
    evidenceOf(r),
    at,
  );
}

/** Queries of the sharing read model; validity is judged with the domain's own functions, at the instant given. */
@Injectable()
export class SharingReadModel {
  constructor(private readonly db: DataSource) {}

  async agreements(partnershipId: string, at: string): Promise<AgreementView[]> {
    const rows: AgreementRow[] = await this.db.query(
      'SELECT * FROM sharing.agreements WHERE partnership_id = $1 ORDER BY start_date DESC, title, agreement_id',
      [partnershipId],
    );
    return rows.map((r) => agreementView(r, at));
  }

  async agreement(partnershipId: string, agreementId: string, at: string): Promise<AgreementView | null> {
    const [row]: AgreementRow[] = await this.db.query(
      'SELECT * FROM sharing.agreements WHERE partnership_id = $1 AND agreement_id = $2',
      [partnershipId, agreementId],
    );
    return row ? agreementView(row, at) : null;
  }

  async consentsOf(
    partnershipId: string,
    personId: string,
    at: string,
    purpose?: SharingPurpose,
  ): Promise<ConsentView[]> {
    const rows: ConsentRow[] = await this.db.query(
      `SELECT * FROM sharing.consents WHERE partnership_id = $1 AND person_id = $2 AND ($3::text IS NULL OR $3 = ANY(purposes))
        ORDER BY given_at DESC, consent_id`,
      [partnershipId, personId, purpose ?? null],
    );
    return rows.map((r) => {
      const now = consentStandingAt(consentTermsOf(r), at);
      return {
        consentId: r.consent_id,
        personId: r.person_id,
        givenBy: r.given_by,
        recipients: {
          kind: r.recipients_kind,
          ...(r.locality_id ? { localityId: r.locality_id } : {}),
          agencyIds: r.recipient_agency_ids,
        },
        purposes: r.purposes,
        dataCategories: r.data_categories,
        obtained: r.obtained,
        recordedByUserId: r.recorded_by_user_id,
        recordedByAgencyId: r.recorded_by_agency_id,
        givenAt: r.given_at.toISOString(),
        expiresAt: iso(r.expires_at),
        withdrawnAt: iso(r.withdrawn_at),
        withdrawalMethod: r.withdrawal_method,
        version: Number(r.version),
        validNow: now.valid,
        ...(now.valid ? {} : { notValidNowBecause: now.code }),
      };
    });
  }

  /** Disclosures, newest first; `partyAgencyId` keeps only those the agency made or received. */
  async disclosures(
    partnershipId: string,
    at: string,
    filter: { personId?: string; partyAgencyId?: string; limit: number },
  ): Promise<DisclosureView[]> {
    const rows: DisclosureWithEvidence[] = await this.db.query(
      `${DISCLOSURE_WITH_EVIDENCE}
        WHERE d.partnership_id = $1 AND ($2::uuid IS NULL OR d.person_ids @> ARRAY[$2::uuid])
          AND ($3::uuid IS NULL OR d.from_agency_id = $3 OR $3 = ANY(d.recipient_agency_ids))
        ORDER BY d.disclosed_at DESC, d.disclosure_id LIMIT $4`,
      [partnershipId, filter.personId ?? null, filter.partyAgencyId ?? null, filter.limit],
    );
    return rows.map((r) => {
      const now = disclosureStandingAt(r, at);
      return {
        ...disclosureFieldsOf(r),
        basisStandsNow: now.valid,
        ...(now.valid ? {} : { basisLapsedBecause: now.code }),
      };
    });
  }

  /**
   * Per person of `personIds`, the categories of each disclosure to the agency about them whose
   * basis still stands at `at` (people with none are left out). Sharing inside a case does not
   * count: it lets the agency see the person while the case is open (the policy's own `open_case`
   * reason), not beyond.
   */
  async sharedWith(
    partnershipId: string,
    agencyId: string,
    personIds: string[],
    at: string,
  ): Promise<Map<string, DataCategory[][]>> {
    const shared = new Map<string, DataCategory[][]>();
    if (personIds.length === 0) return shared;
    const rows: DisclosureWithEvidence[] = await this.db.query(
      `${DISCLOSURE_WITH_EVIDENCE}
        WHERE d.partnership_id = $1 AND $2 = ANY(d.recipient_agency_ids) AND d.person_ids && $3::uuid[]
          AND d.basis_kind <> 'case_involvement'`,
      [partnershipId, agencyId, personIds],
    );
    for (const row of rows) {
      if (!disclosureStandingAt(row, at, [agencyId]).valid) continue;
      for (const personId of row.person_ids)
        if (personIds.includes(personId)) shared.set(personId, [...(shared.get(personId) ?? []), row.data_categories]);
    }
    return shared;
  }
}

function agreementView(r: AgreementRow, at: string): AgreementView {
  const now = agreementStandingAt(agreementTermsOf(r), at);
  return {
    agreementId: r.agreement_id,
    title: r.title,
    parties: r.parties,
    purposes: r.purposes,
    dataCategories: r.data_categories,
    lawfulBases: r.lawful_bases,
    schedule1Conditions: r.schedule1_conditions,
    startDate: r.start_date,
    reviewDate: r.review_date,
    endDate: r.end_date,
    agreedAt: r.agreed_at.toISOString(),
    lastReviewedAt: iso(r.last_reviewed_at),
    terminatedAt: iso(r.terminated_at),
    version: Number(r.version),
    inForce: now.inForce,
    ...(now.inForce ? {} : { notInForceBecause: now.reason }),
    reviewDueSoon: now.inForce && now.reviewDueSoon,
  };
}

/** What a disclosure row says, as its views show it (the API's list and the auditor's records). */
export function disclosureFieldsOf(r: DisclosureWithEvidence) {
  return {
    disclosureId: r.disclosure_id,
    fromAgencyId: r.from_agency_id,
    recipientAgencyIds: r.recipient_agency_ids,
    personIds: r.person_ids,
    dataCategories: r.data_categories,
    purpose: r.purpose,
    case: r.case_type && r.case_id ? { type: r.case_type, id: r.case_id } : null,
    byUserId: r.by_user_id,
    disclosedAt: r.disclosed_at.toISOString(),
    basis: recordedBasisOf(r),
    flags: r.flags,
  };
}
