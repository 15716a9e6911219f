import { agreementCoversAt, agreementStandingAt, type AgreementTerms } from './agreement';
import {
  CASE_TYPES,
  DATA_CATEGORIES,
  GATEWAYS,
  SHARING_PURPOSES,
  type CaseType,
  type DataCategory,
  type Gateway,
  type SharingPurpose,
} from './codes';
import { consentCoversAt, type ConsentTerms } from './consent';
import { invalid, requireCodes, SharingError, type SharingErrorCode, type Validity } from './errors';

/** A record that an agency shared information about people with other agencies (DPA 2018 s.62). */
export const disclosureStream = (disclosureId: string) => `disclosure-${disclosureId}`;

/**
 * Free text about a person (a justification), sealed with that person's key before it reaches
 * the domain; deciders store it and never open it. Same shape as the privacy library's `Sealed`,
 * as a type alias so event data holding it stays JSON-assignable.
 */
export type Sealed = { v: 1; iv: string; ct: string; tag: string };

/**
 * What the disclosure relied on. Gateway and vital-interests justifications are sealed with the
 * first subject's key. `case_involvement` is recorded by Hubline itself, never claimed by a user:
 * an agency joined a case and can now see what its partners put on it; the agreement (and the
 * gateway it names) that covered that at the moment, or none, with the reason none did.
 */
export type DisclosureBasis =
  | { kind: 'consent'; consentId: string }
  | { kind: 'gateway'; gateway: Gateway; agreementId: string; justification: Sealed }
  | { kind: 'vital_interests'; justification: Sealed }
  | CaseInvolvementBasis
  | StatutoryDutyBasis;
/**
 * A duty in statute to supply the information, recorded by Hubline when the agency supplies it
 * (never claimed by a user): `asbcpa_2014_sch4_para7`, a relevant body answering an ASB Case
 * Review's information request (Anti-social Behaviour, Crime and Policing Act 2014 Sch 4 para 7).
 */
export const STATUTORY_DUTIES = ['asbcpa_2014_sch4_para7'] as const;
export type StatutoryDuty = (typeof STATUTORY_DUTIES)[number];
export type StatutoryDutyBasis = { kind: 'statutory_duty'; duty: StatutoryDuty };
export type CaseInvolvementBasis = {
  kind: 'case_involvement';
  occasion: CaseSharingOccasion;
  meetingId: string | null;
} & (
  { agreementId: string; gateway: Gateway } | { agreementId: null; gateway: null; notCoveredBecause: SharingErrorCode }
);
/**
 * How information was shared inside a case: agencies joined it (and can see it in Hubline), it
 * was discussed at a LAG meeting with them present, or a LAG meeting's pack or minutes holding it
 * were issued to them (`meetingId` says which meeting).
 */
export const CASE_SHARING_OCCASIONS = [
  'joined_case',
  'discussed_at_meeting',
  'referred_for_decision',
  'meeting_pack',
  'meeting_minutes',
] as const;
export type CaseSharingOccasion = (typeof CASE_SHARING_OCCASIONS)[number];
export const BASIS_KINDS = ['consent', 'gateway', 'vital_interests', 'case_involvement', 'statutory_duty'] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];
/** The kinds a user may claim when recording a disclosure. */
export const CLAIMABLE_BASIS_KINDS = ['consent', 'gateway', 'vital_interests'] as const satisfies readonly BasisKind[];
export type ClaimableBasisKind = (typeof CLAIMABLE_BASIS_KINDS)[number];

/**
 * Why an auditor should look at a disclosure: it relied on vital interests (an emergency, with no
 * agreement or consent), or on an agreement whose review is due within 30 days, or it happened
 * inside a case with no agreement in force covering it.
 */
export const DISCLOSURE_FLAGS = ['vital_interests', 'agreement_review_due', 'no_agreement'] as const;
export type DisclosureFlag = (typeof DISCLOSURE_FLAGS)[number];

// ---- events (stored contract) ----
export type DisclosureEvent = {
  type: 'InformationDisclosed';
  data: {
    disclosureId: string;
    partnershipId: string;
    fromAgencyId: string;
    recipientAgencyIds: string[];
    personIds: string[];
    dataCategories: DataCategory[];
    purpose: SharingPurpose;
    case: { type: CaseType; id: string } | null;
    byUserId: string;
    disclosedAt: string;
    basis: DisclosureBasis;
    flags: DisclosureFlag[];
  };
};
export const DISCLOSURE_EVENT_TYPES = ['InformationDisclosed'] as const;

// ---- state ----
export type DisclosureState = { status: 'none' } | { status: 'recorded'; disclosureId: string; partnershipId: string };
export const initialDisclosureState: DisclosureState = { status: 'none' };

export function evolveDisclosure(_state: DisclosureState, event: DisclosureEvent): DisclosureState {
  return { status: 'recorded', disclosureId: event.data.disclosureId, partnershipId: event.data.partnershipId };
}

// ---- the basis at the moment of disclosure ----
/** A basis as claimed by the discloser, before it is checked; justifications already sealed (null: none given). */
export type BasisClaim =
  | { kind: 'consent'; consentId: string }
  | { kind: 'gateway'; gateway: string; agreementId: string; justification: Sealed | null }
  | { kind: 'vital_interests'; justification: Sealed | null };

/** The consent and agreement streams the claim names, as loaded for the disclosure's partnership (null: none). */
export interface BasisEvidence {
  consent: ConsentTerms | null;
  agreement: AgreementTerms | null;
}

export interface DisclosureUse {
  fromAgencyId: string;
  recipientAgencyIds: string[];
  personIds: string[];
  purpose: SharingPurpose;
  dataCategories: DataCategory[];
}

/** Is the claimed basis valid for this use at `at`? Pure: the same inputs always give the same answer. */
export function basisValidAt(claim: BasisClaim, evidence: BasisEvidence, at: string, use: DisclosureUse): Validity {
  switch (claim.kind) {
    case 'consent': {
      const consent = evidence.consent?.consentId === claim.consentId ? evidence.consent : null;
      return consentCoversAt(consent, at, use);
    }
    case 'gateway': {
      if (!claim.justification) return invalid('SHARING.JUSTIFICATION_REQUIRED');
      const agreement = evidence.agreement?.agreementId === claim.agreementId ? evidence.agreement : null;
      const [gateway] = requireCodes(GATEWAYS, [claim.gateway], 'gateway');
      return agreementCoversAt(agreement, at, { ...use, gateway });
    }
    case 'vital_interests':
      return claim.justification ? { valid: true } : invalid('SHARING.JUSTIFICATION_REQUIRED');
    default: {
      const unexpected: never = claim;
      return unexpected;
    }
  }
}

/**
 * How long a vital-interests disclosure lets its recipients see the person: it answers an
 * emergency, not a continuing need (72 hours, as the longest emergency powers such as police
 * protection run); after that they need a consent or an agreement.
 */
export const EMERGENCY_ACCESS_HOURS = 72;

/** The basis a recorded disclosure relied on, without its sealed justification. */
export type RecordedBasis =
  | { kind: 'consent'; consentId: string }
  | { kind: 'gateway'; gateway: Gateway; agreementId: string }
  | { kind: 'vital_interests' }
  | CaseInvolvementBasis
  | StatutoryDutyBasis;

/**
 * Does a recorded disclosure's basis still stand at `at` (for access, and for auditors)? The
 * consent must not have been withdrawn or expired, the agreement must still be in force, an
 * emergency must be recent. What was disclosed then stays lawful whatever this answers now.
 */
export function basisStandsAt(
  recorded: { basis: RecordedBasis; disclosedAt: string; use: DisclosureUse },
  evidence: BasisEvidence,
  at: string,
): Validity {
  const { basis, use } = recorded;
  switch (basis.kind) {
    case 'consent':
      return consentCoversAt(evidence.consent?.consentId === basis.consentId ? evidence.consent : null, at, use);
    case 'gateway':
      return agreementCoversAt(evidence.agreement?.agreementId === basis.agreementId ? evidence.agreement : null, at, {
        ...use,
        gateway: basis.gateway,
      });
    case 'vital_interests':
      return Date.parse(at) < Date.parse(recorded.disclosedAt) + EMERGENCY_ACCESS_HOURS * 3_600_000
        ? { valid: true }
        : invalid('SHARING.EMERGENCY_PASSED');
    case 'statutory_duty':
      // The law required the supply: it stands as long as the record does.
      return { valid: true };
    case 'case_involvement':
      // With no agreement it never stood: the reason recorded then is the answer at every moment.
      if (basis.agreementId === null) return invalid(basis.notCoveredBecause);
      return agreementCoversAt(evidence.agreement?.agreementId === basis.agreementId ? evidence.agreement : null, at, {
        ...use,
        gateway: basis.gateway,
      });
    default: {
      const unexpected: never = basis;
      return unexpected;
    }
  }
}

const REFUSALS: Partial<Record<SharingErrorCode, string>> = {
  'SHARING.NO_CONSENT': 'No consent of this person covers the disclosure.',
  'SHARING.CONSENT_WITHDRAWN': 'The consent was withdrawn before this moment.',
  'SHARING.CONSENT_EXPIRED': 'The consent had expired by this moment.',
  'SHARING.RECIPIENT_NOT_COVERED': 'A recipient is not covered by the basis.',
  'SHARING.CATEGORY_NOT_COVERED': 'A data category is not covered by the basis.',
  'SHARING.PURPOSE_NOT_COVERED': 'The purpose is not covered by the basis.',
  'SHARING.NO_AGREEMENT_IN_FORCE': 'The information sharing agreement is not in force at this moment.',
  'SHARING.GATEWAY_NOT_IN_AGREEMENT': 'The agreement does not name this gateway.',
  'SHARING.JUSTIFICATION_REQUIRED': 'A disclosure without consent needs a written justification.',
  'SHARING.DISCLOSER_NOT_PARTY': 'Your agency is not a party to the agreement.',
};

// ---- decisions ----
export type DisclosureCommand = {
  type: 'Disclose';
  disclosureId: string;
  partnershipId: string;
  fromAgencyId: string;
  recipientAgencyIds: string[];
  personIds: string[];
  dataCategories: string[];
  purpose: string;
  case: { type: string; id: string } | null;
  byUserId: string;
  basis: BasisClaim;
  evidence: BasisEvidence;
  now: string;
};

/**
 * Records a disclosure only when its basis is valid at `now`, the moment of disclosure; otherwise
 * refuses with the first reason found. The recorded basis keeps the ids it relied on, so a later
 * withdrawal or termination never rewrites what was lawful then.
 */
export function decideDisclosure(command: DisclosureCommand, state: DisclosureState): DisclosureEvent[] {
  if (state.status !== 'none')
    throw new SharingError('SHARING.DISCLOSURE_EXISTS', 'This disclosure is already recorded.');
  const personIds = [...new Set(command.personIds)];
  const recipientAgencyIds = [...new Set(command.recipientAgencyIds)];
  if (personIds.length === 0)
    throw new SharingError('SHARING.UNKNOWN_PERSON', 'Name at least one person the disclosure is about.');
  if (recipientAgencyIds.length === 0)
    throw new SharingError('SHARING.NO_RECIPIENTS', 'Name at least one recipient agency.');
  if (recipientAgencyIds.includes(command.fromAgencyId))
    throw new SharingError('SHARING.RECIPIENT_IS_DISCLOSER', 'Your own agency cannot be a recipient.');
  const dataCategories = requireCodes(DATA_CATEGORIES, command.dataCategories, 'data category');
  if (dataCategories.length === 0) throw new SharingError('SHARING.UNKNOWN_CODE', 'Name at least one data category.');
  const [purpose] = requireCodes(SHARING_PURPOSES, [command.purpose], 'purpose');
  const kase = command.case
    ? { type: requireCodes(CASE_TYPES, [command.case.type], 'case type')[0], id: command.case.id }
    : null;

  const use: DisclosureUse = {
    fromAgencyId: command.fromAgencyId,
    recipientAgencyIds,
    personIds,
    purpose,
    dataCategories,
  };
  const validity = basisValidAt(command.basis, command.evidence, command.now, use);
  if (!validity.valid)
    throw new SharingError(validity.code, REFUSALS[validity.code] ?? 'The basis does not allow this disclosure.');

  const claim = command.basis;
  const flags: DisclosureFlag[] = [];
  let basis: DisclosureBasis;
  if (claim.kind === 'consent') {
    basis = { kind: 'consent', consentId: claim.consentId };
  } else if (claim.kind === 'gateway') {
    basis = {
      kind: 'gateway',
      gateway: claim.gateway as Gateway,
      agreementId: claim.agreementId,
      justification: claim.justification!,
    };
    const standing = agreementStandingAt(command.evidence.agreement, command.now);
    if (standing.inForce && standing.reviewDueSoon) flags.push('agreement_review_due');
  } else {
    basis = { kind: 'vital_interests', justification: claim.justification! };
    flags.push('vital_interests');
  }
  return [
    {
      type: 'InformationDisclosed',
      data: {
        disclosureId: command.disclosureId,
        partnershipId: command.partnershipId,
        fromAgencyId: command.fromAgencyId,
        recipientAgencyIds,
        personIds,
        dataCategories,
        purpose,
        case: kase,
        byUserId: command.byUserId,
        disclosedAt: command.now,
        basis,
        flags,
      },
    },
  ];
}
