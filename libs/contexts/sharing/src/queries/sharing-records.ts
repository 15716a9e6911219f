import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { isErased, PersonalDataVault, type Sealed } from '@hubline/privacy';
import {
  caseDataCategories,
  caseSharingBasis,
  consentStandingAt,
  disclosureStream,
  type CaseContents,
  type CaseType,
  type DataCategory,
  type DisclosureFlag,
  type RecordedBasis,
  type SharingErrorCode,
  type SharingPurpose,
  type Validity,
} from '../domain';
import {
  agreementTermsOf,
  consentTermsOf,
  disclosureFieldsOf,
  disclosureStandingAt,
  type AgreementTermsRow,
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
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /**
   * The written justifications of gateway and vital-interests disclosures, opened for the auditor
   * who judges them (the caller records the consultation first). Sealed with the first person's
   * key, so a forgotten person's come back erased. Disclosures on another basis, or of another
   * partnership, are left out.
   */
  async justifications(
    partnershipId: string,
    disclosureIds: string[],
  ): Promise<Map<string, { personId: string; text: string } | { personId: string; erased: true }>> {
    const sealed: Array<{ disclosureId: string; personId: string; sealed: Sealed }> = [];
    for (const disclosureId of [...new Set(disclosureIds)]) {
      const [event] = await this.store.readStream(disclosureStream(disclosureId), { maxCount: 1 });
      const d = event?.data as
        { partnershipId?: string; personIds?: string[]; basis?: { kind?: string; justification?: Sealed } } | undefined;
      if (!d || d.partnershipId !== partnershipId || !d.personIds?.length) continue;
      if ((d.basis?.kind !== 'gateway' && d.basis?.kind !== 'vital_interests') || !d.basis.justification) continue;
      sealed.push({ disclosureId, personId: d.personIds[0], sealed: d.basis.justification });
    }
    const opened = await this.vault.openMany<string>(sealed);
    return new Map(
      sealed.map((x, i) => {
        const text = opened[i];
        return [
          x.disclosureId,
          isErased(text) ? { personId: x.personId, erased: true as const } : { personId: x.personId, text },
        ];
      }),
    );
  }

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
   * Which of the recipients no agreement of the partnership would cover, at `at`, if a case's
   * referring agency shared the case with them (as a LAG discussion does), and why: the same
   * judgement the case-sharing reactor makes afterwards, asked beforehand so the chair can decide.
   */
  async caseSharingNotCovered(
    partnershipId: string,
    sharing: {
      caseType: CaseType;
      caseId: string;
      fromAgencyId: string;
      recipientAgencyIds: string[];
      contents: CaseContents;
      at: string;
    },
  ): Promise<Array<{ agencyId: string; notCoveredBecause: SharingErrorCode }>> {
    if (sharing.recipientAgencyIds.length === 0) return [];
    const rows: AgreementTermsRow[] = await this.db.query(
      'SELECT * FROM sharing.agreements WHERE partnership_id = $1 ORDER BY start_date DESC, agreement_id',
      [partnershipId],
    );
    const agreements = rows.map(agreementTermsOf);
    const gaps: Array<{ agencyId: string; notCoveredBecause: SharingErrorCode }> = [];
    for (const agencyId of sharing.recipientAgencyIds) {
      const { basis } = caseSharingBasis(
        {
          disclosureId: '',
          partnershipId,
          fromAgencyId: sharing.fromAgencyId,
          recipientAgencyIds: [agencyId],
          personIds: [],
          dataCategories: caseDataCategories(sharing.contents),
          case: { type: sharing.caseType, id: sharing.caseId },
          occasion: { kind: 'discussed_at_meeting', meetingId: '' },
          byUserId: '',
          at: sharing.at,
        },
        agreements,
      );
      if (basis.agreementId === null) gaps.push({ agencyId, notCoveredBecause: basis.notCoveredBecause! });
    }
    return gaps;
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
