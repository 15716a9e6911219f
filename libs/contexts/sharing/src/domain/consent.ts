import { instantMs, isIsoInstant, normaliseInstant } from '@hubline/calendar';
import {
  AUTHORITIES,
  CONSENT_METHODS,
  DATA_CATEGORIES,
  RELATIONSHIPS,
  SHARING_PURPOSES,
  type Authority,
  type ConsentMethod,
  type DataCategory,
  type Relationship,
  type SharingPurpose,
} from './codes';
import { invalid, requireCodes, SharingError, VALID, type Validity } from './errors';

/** A person's consent to share their information, as recorded by an agency. */
export const consentStream = (consentId: string) => `consent-${consentId}`;

/** The person themselves, or someone with authority to consent for them. */
export type ConsentGiver =
  { kind: 'person' } | { kind: 'representative'; relationship: Relationship; authority: Authority };

/**
 * Whom the consent lets receive the information. `lag_partners` keeps the locality and the
 * partnership's agencies at the moment of consent: the person agreed to the partners there were,
 * so an agency joining later is not covered.
 */
export type ConsentRecipients =
  { kind: 'agencies'; agencyIds: string[] } | { kind: 'lag_partners'; localityId: string; agencyIds: string[] };

// ---- events (stored contracts; ids and codes only) ----
export type ConsentEvent =
  | {
      type: 'ConsentRecorded';
      data: {
        consentId: string;
        partnershipId: string;
        personId: string;
        givenBy: ConsentGiver;
        recipients: ConsentRecipients;
        purposes: SharingPurpose[];
        dataCategories: DataCategory[];
        obtained: ConsentMethod;
        recordedByUserId: string;
        recordedByAgencyId: string;
        givenAt: string;
        expiresAt: string | null;
        recordedAt: string;
      };
    }
  /** Takes effect at `withdrawnAt`: disclosures before it keep the basis they had. */
  | {
      type: 'ConsentWithdrawn';
      data: {
        consentId: string;
        partnershipId: string;
        personId: string;
        withdrawnAt: string;
        method: ConsentMethod;
        recordedByUserId: string;
        recordedByAgencyId: string;
      };
    };

export const CONSENT_EVENT_TYPES = ['ConsentRecorded', 'ConsentWithdrawn'] as const;

// ---- state ----
export type ConsentTerms = {
  consentId: string;
  partnershipId: string;
  personId: string;
  recipientAgencyIds: string[];
  purposes: SharingPurpose[];
  dataCategories: DataCategory[];
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
};
export type ConsentState = { status: 'none' } | ({ status: 'given' | 'withdrawn' } & ConsentTerms);

export const initialConsentState: ConsentState = { status: 'none' };

export function evolveConsent(state: ConsentState, event: ConsentEvent): ConsentState {
  switch (event.type) {
    case 'ConsentRecorded': {
      const d = event.data;
      return {
        status: 'given',
        consentId: d.consentId,
        partnershipId: d.partnershipId,
        personId: d.personId,
        recipientAgencyIds: d.recipients.agencyIds,
        purposes: d.purposes,
        dataCategories: d.dataCategories,
        givenAt: d.givenAt,
        expiresAt: d.expiresAt,
        withdrawnAt: null,
      };
    }
    case 'ConsentWithdrawn':
      return state.status === 'none' ? state : { ...state, status: 'withdrawn', withdrawnAt: event.data.withdrawnAt };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

// ---- validity ----
/** The consent as this partnership may rely on it; another partnership's is no consent at all. */
export function consentTerms(state: ConsentState, partnershipId: string): ConsentTerms | null {
  return state.status === 'none' || state.partnershipId !== partnershipId ? null : state;
}

/** Whether the consent holds at all at `at`, whatever it covers: given by then, not withdrawn, not expired. */
export function consentStandingAt(terms: ConsentTerms | null, at: string): Validity {
  if (!terms || instantMs(at) < instantMs(terms.givenAt)) return invalid('SHARING.NO_CONSENT');
  if (terms.withdrawnAt && instantMs(at) >= instantMs(terms.withdrawnAt)) return invalid('SHARING.CONSENT_WITHDRAWN');
  if (terms.expiresAt && instantMs(at) >= instantMs(terms.expiresAt)) return invalid('SHARING.CONSENT_EXPIRED');
  return VALID;
}

/**
 * Did the consent let `recipient` receive `category` for `purpose` at the moment `at`? Judged at
 * that moment: given by then, not yet withdrawn (withdrawal takes effect at once) and not yet
 * expired (the expiry instant is the first moment it no longer holds).
 */
export function consentValidAt(
  terms: ConsentTerms | null,
  at: string,
  recipient: string,
  purpose: SharingPurpose,
  category: DataCategory,
): Validity {
  const standing = consentStandingAt(terms, at);
  if (!terms || !standing.valid) return standing;
  if (!terms.recipientAgencyIds.includes(recipient)) return invalid('SHARING.RECIPIENT_NOT_COVERED');
  if (!terms.purposes.includes(purpose)) return invalid('SHARING.PURPOSE_NOT_COVERED');
  if (!terms.dataCategories.includes(category)) return invalid('SHARING.CATEGORY_NOT_COVERED');
  return VALID;
}

/** Does the consent cover a whole disclosure: its one person, every recipient and every category? */
export function consentCoversAt(
  terms: ConsentTerms | null,
  at: string,
  use: { personIds: string[]; recipientAgencyIds: string[]; purpose: SharingPurpose; dataCategories: DataCategory[] },
): Validity {
  // A consent is one person's: it cannot cover disclosing anyone else.
  if (!terms || use.personIds.some((p) => p !== terms.personId)) return invalid('SHARING.NO_CONSENT');
  for (const recipient of use.recipientAgencyIds) {
    for (const category of use.dataCategories) {
      const validity = consentValidAt(terms, at, recipient, use.purpose, category);
      if (!validity.valid) return validity;
    }
  }
  return VALID;
}

// ---- decisions ----
export type ConsentCommand =
  | {
      type: 'Record';
      consentId: string;
      partnershipId: string;
      personId: string;
      givenBy: { kind: 'person' } | { kind: 'representative'; relationship?: string | null; authority?: string | null };
      recipients: ConsentRecipients;
      purposes: string[];
      dataCategories: string[];
      obtained: string;
      recordedByUserId: string;
      recordedByAgencyId: string;
      givenAt: string;
      expiresAt?: string | null;
      now: string;
    }
  | {
      type: 'Withdraw';
      partnershipId: string;
      method: string;
      recordedByUserId: string;
      recordedByAgencyId: string;
      now: string;
    };

function requireInstant(value: string, what: string): string {
  if (!isIsoInstant(value))
    throw new SharingError('SHARING.INVALID_DATE', `${what} must be an ISO 8601 date-time with a time zone.`);
  return normaliseInstant(value);
}

function giverOf(givenBy: Extract<ConsentCommand, { type: 'Record' }>['givenBy']): ConsentGiver {
  if (givenBy.kind === 'person') return { kind: 'person' };
  if (!givenBy.relationship || !givenBy.authority)
    throw new SharingError(
      'SHARING.AUTHORITY_REQUIRED',
      'Consent given for the person needs the relationship and the authority to give it.',
    );
  const [relationship] = requireCodes(RELATIONSHIPS, [givenBy.relationship], 'relationship');
  const [authority] = requireCodes(AUTHORITIES, [givenBy.authority], 'authority');
  return { kind: 'representative', relationship, authority };
}

export function decideConsent(command: ConsentCommand, state: ConsentState): ConsentEvent[] {
  switch (command.type) {
    case 'Record': {
      if (state.status !== 'none')
        throw new SharingError('SHARING.CONSENT_EXISTS', 'This consent is already recorded.');
      const givenBy = giverOf(command.givenBy);
      const agencyIds = [...new Set(command.recipients.agencyIds)];
      if (agencyIds.length === 0)
        throw new SharingError('SHARING.NO_RECIPIENTS', 'A consent must name at least one recipient agency.');
      const purposes = requireCodes(SHARING_PURPOSES, command.purposes, 'purpose');
      const dataCategories = requireCodes(DATA_CATEGORIES, command.dataCategories, 'data category');
      if (purposes.length === 0 || dataCategories.length === 0)
        throw new SharingError('SHARING.UNKNOWN_CODE', 'Name at least one purpose and one data category.');
      const [obtained] = requireCodes(CONSENT_METHODS, [command.obtained], 'way of obtaining consent');
      const givenAt = requireInstant(command.givenAt, 'givenAt');
      if (instantMs(givenAt) > instantMs(command.now))
        throw new SharingError(
          'SHARING.CONSENT_GIVEN_IN_FUTURE',
          'Consent can only be recorded once it has been given.',
        );
      const expiresAt = command.expiresAt ? requireInstant(command.expiresAt, 'expiresAt') : null;
      if (expiresAt && instantMs(expiresAt) <= instantMs(givenAt))
        throw new SharingError('SHARING.INVALID_EXPIRY', 'A consent must expire after it was given.');
      return [
        {
          type: 'ConsentRecorded',
          data: {
            consentId: command.consentId,
            partnershipId: command.partnershipId,
            personId: command.personId,
            givenBy,
            recipients: { ...command.recipients, agencyIds },
            purposes,
            dataCategories,
            obtained,
            recordedByUserId: command.recordedByUserId,
            recordedByAgencyId: command.recordedByAgencyId,
            givenAt,
            expiresAt,
            recordedAt: command.now,
          },
        },
      ];
    }
    case 'Withdraw': {
      if (state.status === 'none' || state.partnershipId !== command.partnershipId)
        throw new SharingError('SHARING.CONSENT_NOT_FOUND', 'No such consent in your partnership.');
      if (state.status === 'withdrawn')
        throw new SharingError('SHARING.CONSENT_ALREADY_WITHDRAWN', 'This consent was already withdrawn.', {
          withdrawnAt: state.withdrawnAt,
        });
      const [method] = requireCodes(CONSENT_METHODS, [command.method], 'way of withdrawing consent');
      return [
        {
          type: 'ConsentWithdrawn',
          data: {
            consentId: state.consentId,
            partnershipId: state.partnershipId,
            personId: state.personId,
            withdrawnAt: command.now,
            method,
            recordedByUserId: command.recordedByUserId,
            recordedByAgencyId: command.recordedByAgencyId,
          },
        },
      ];
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
