import { agreementCoversAt, agreementStandingAt, type AgreementTerms } from './agreement';
import type { CaseType, DataCategory, Gateway, SharingPurpose } from './codes';
import type { CaseInvolvementBasis, CaseSharingOccasion, DisclosureEvent, DisclosureFlag } from './disclosure';
import type { SharingErrorCode } from './errors';

/**
 * Sharing that happens inside Hubline. When an agency joins a case (the chair's agency accepting a
 * LAG referral, an agency given an action), it can from then on see what its partners put on the
 * case; when a case is discussed at a LAG meeting, the agencies present hear it. Each is a
 * disclosure, and Hubline records it itself, as an auditor would expect, with the agreement that
 * covered it at that moment, or flagged when none did. It is never refused: the case work has
 * happened; the record says on what footing.
 */

/** What a case holds about its people, as codes: enough to say which kinds of data joining it shows. */
export interface CaseContents {
  /** The referral category, e.g. `asb`, `hate_crime`. */
  category: string;
  perpetratorCount: number;
  vulnerabilities: readonly string[];
  protectedCharacteristics: readonly string[];
}

/** Vulnerabilities that are data concerning health (UK GDPR Art 4(15)). */
export const HEALTH_VULNERABILITIES: readonly string[] = [
  'physical_disability',
  'learning_disability',
  'mental_health',
  'long_term_illness',
  'substance_misuse',
];

/**
 * The kinds of data an agency sees when it joins the case: who the people are, the incident and
 * risk assessment, the action plan; the vulnerabilities when any are recorded (health data when
 * any is a health condition); special-category data when protected characteristics are recorded
 * (race, religion, sexual orientation, disability...); criminal offence data when a perpetrator is
 * named or the case is a hate crime (allegations of offences count, UK GDPR Art 10).
 */
export function caseDataCategories(contents: CaseContents): DataCategory[] {
  const categories: DataCategory[] = ['identity', 'incident_details', 'risk_assessment', 'case_actions'];
  if (contents.vulnerabilities.length > 0) categories.push('vulnerabilities');
  if (contents.vulnerabilities.some((v) => HEALTH_VULNERABILITIES.includes(v))) categories.push('health');
  if (contents.protectedCharacteristics.length > 0) categories.push('special_category');
  if (contents.perpetratorCount > 0 || contents.category === 'hate_crime') categories.push('criminal_offence');
  return categories;
}

/** Why each kind of case shares information. */
export const CASE_PURPOSES: Record<CaseType, SharingPurpose> = {
  lag_referral: 'lag_case_coordination',
  asb_case_review: 'asb_case_review',
};

/**
 * The gateways routine case work can rest on, in the order they are looked for. Vital interests
 * (6(1)(d)) is for emergencies, not for the case work of a partnership.
 */
export const CASE_GATEWAYS: readonly Gateway[] = ['cda_1998_s115', 'uk_gdpr_6_1_e', 'uk_gdpr_6_1_c'];

/** How far an agreement got before it failed to cover the sharing: the furthest one explains best why none did. */
const COVERAGE_ORDER: readonly SharingErrorCode[] = [
  'SHARING.NO_AGREEMENT_IN_FORCE',
  'SHARING.GATEWAY_NOT_IN_AGREEMENT',
  'SHARING.DISCLOSER_NOT_PARTY',
  'SHARING.RECIPIENT_NOT_COVERED',
  'SHARING.PURPOSE_NOT_COVERED',
  'SHARING.CATEGORY_NOT_COVERED',
];

export interface CaseSharing {
  disclosureId: string;
  partnershipId: string;
  /** The agency whose case it is (for a LAG referral, the referring agency). */
  fromAgencyId: string;
  recipientAgencyIds: string[];
  personIds: string[];
  dataCategories: DataCategory[];
  case: { type: CaseType; id: string };
  occasion:
    | { kind: 'joined_case' }
    | { kind: 'referred_for_decision' }
    | { kind: 'discussed_at_meeting' | 'meeting_pack' | 'meeting_minutes'; meetingId: string };
  /** The user whose action brought the recipients in, or who recorded the discussion. */
  byUserId: string;
  /** The moment the recipients joined the case, or the discussion was recorded. */
  at: string;
}

/**
 * The basis the sharing had at `at`: the first agreement of the partnership (in the order given)
 * and gateway that covered it, or none, with the reason the closest agreement fell short.
 */
export function caseSharingBasis(
  sharing: CaseSharing,
  agreements: readonly AgreementTerms[],
): { basis: CaseInvolvementBasis; flags: DisclosureFlag[] } {
  const use = {
    fromAgencyId: sharing.fromAgencyId,
    recipientAgencyIds: sharing.recipientAgencyIds,
    purpose: CASE_PURPOSES[sharing.case.type],
    dataCategories: sharing.dataCategories,
  };
  const how: { occasion: CaseSharingOccasion; meetingId: string | null } = {
    occasion: sharing.occasion.kind,
    meetingId: 'meetingId' in sharing.occasion ? sharing.occasion.meetingId : null,
  };
  let closest: SharingErrorCode = 'SHARING.NO_AGREEMENT_IN_FORCE';
  for (const agreement of agreements) {
    if (agreement.partnershipId !== sharing.partnershipId) continue;
    for (const gateway of CASE_GATEWAYS) {
      const validity = agreementCoversAt(agreement, sharing.at, { ...use, gateway });
      if (validity.valid) {
        const standing = agreementStandingAt(agreement, sharing.at);
        return {
          basis: { kind: 'case_involvement', ...how, agreementId: agreement.agreementId, gateway },
          flags: standing.inForce && standing.reviewDueSoon ? ['agreement_review_due'] : [],
        };
      }
      if (COVERAGE_ORDER.indexOf(validity.code) > COVERAGE_ORDER.indexOf(closest)) closest = validity.code;
    }
  }
  return {
    basis: { kind: 'case_involvement', ...how, agreementId: null, gateway: null, notCoveredBecause: closest },
    flags: ['no_agreement'],
  };
}

/** The disclosure Hubline records when agencies join a case. */
export function recordCaseSharing(sharing: CaseSharing, agreements: readonly AgreementTerms[]): DisclosureEvent {
  const { basis, flags } = caseSharingBasis(sharing, agreements);
  return {
    type: 'InformationDisclosed',
    data: {
      disclosureId: sharing.disclosureId,
      partnershipId: sharing.partnershipId,
      fromAgencyId: sharing.fromAgencyId,
      recipientAgencyIds: [...new Set(sharing.recipientAgencyIds)],
      personIds: [...new Set(sharing.personIds)],
      dataCategories: sharing.dataCategories,
      purpose: CASE_PURPOSES[sharing.case.type],
      case: sharing.case,
      byUserId: sharing.byUserId,
      disclosedAt: sharing.at,
      basis,
      flags,
    },
  };
}
