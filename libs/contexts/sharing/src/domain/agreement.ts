import { addYears, daysBetween, instantMs, isIsoDate, londonDay } from '@hubline/calendar';
import {
  ARTICLE_6_BASES,
  CRIMINAL_OFFENCE_CATEGORIES,
  DATA_CATEGORIES,
  LAWFUL_BASES,
  SCHEDULE_1_CONDITIONS,
  SHARING_PURPOSES,
  SPECIAL_CATEGORIES,
  type DataCategory,
  type LawfulBasis,
  type Schedule1Condition,
  type SharingPurpose,
} from './codes';
import { invalid, requireCodes, SharingError, VALID, type Validity } from './errors';

/** An Information Sharing Agreement between partner agencies. */
export const agreementStream = (agreementId: string) => `sharing-agreement-${agreementId}`;

/** Reads flag an agreement whose review date is this close. */
export const REVIEW_WARNING_DAYS = 30;

// ---- events (stored contracts) ----
export type AgreementEvent =
  | {
      type: 'SharingAgreementAgreed';
      data: {
        agreementId: string;
        partnershipId: string;
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
      };
    }
  | {
      type: 'SharingAgreementReviewed';
      data: {
        agreementId: string;
        partnershipId: string;
        reviewedAt: string;
        previousReviewDate: string;
        reviewDate: string;
      };
    }
  | {
      type: 'SharingAgreementTerminated';
      data: { agreementId: string; partnershipId: string; terminatedAt: string; reason: string };
    };

export const AGREEMENT_EVENT_TYPES = [
  'SharingAgreementAgreed',
  'SharingAgreementReviewed',
  'SharingAgreementTerminated',
] as const;

// ---- state ----
export type AgreementTerms = {
  agreementId: string;
  partnershipId: string;
  parties: string[];
  purposes: SharingPurpose[];
  dataCategories: DataCategory[];
  lawfulBases: LawfulBasis[];
  startDate: string;
  endDate: string | null;
  reviewDate: string;
  /** Review dates later reviews replaced, each with the instant it stopped applying: validity in the past uses the date then in force. */
  earlierReviewDates: Array<{ reviewDate: string; until: string }>;
  terminatedAt: string | null;
};
export type AgreementState = { status: 'none' } | ({ status: 'agreed' | 'terminated' } & AgreementTerms);

export const initialAgreementState: AgreementState = { status: 'none' };

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  switch (event.type) {
    case 'SharingAgreementAgreed': {
      const d = event.data;
      return {
        status: 'agreed',
        agreementId: d.agreementId,
        partnershipId: d.partnershipId,
        parties: d.parties,
        purposes: d.purposes,
        dataCategories: d.dataCategories,
        lawfulBases: d.lawfulBases,
        startDate: d.startDate,
        endDate: d.endDate,
        reviewDate: d.reviewDate,
        earlierReviewDates: [],
        terminatedAt: null,
      };
    }
    case 'SharingAgreementReviewed':
      if (state.status === 'none') return state;
      return {
        ...state,
        reviewDate: event.data.reviewDate,
        earlierReviewDates: [
          ...state.earlierReviewDates,
          { reviewDate: state.reviewDate, until: event.data.reviewedAt },
        ],
      };
    case 'SharingAgreementTerminated':
      if (state.status === 'none') return state;
      return { ...state, status: 'terminated', terminatedAt: event.data.terminatedAt };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

// ---- validity ----
export type NotInForceReason = 'unknown' | 'not_started' | 'ended' | 'terminated' | 'review_lapsed';
export type AgreementStanding =
  { inForce: true; reviewDate: string; reviewDueSoon: boolean } | { inForce: false; reason: NotInForceReason };

/** The agreement as this partnership may rely on it; another partnership's is no agreement at all. */
export function agreementTerms(state: AgreementState, partnershipId: string): AgreementTerms | null {
  return state.status === 'none' || state.partnershipId !== partnershipId ? null : state;
}

/** The review date that applied at `at`. */
function reviewDateAt(terms: AgreementTerms, at: string): string {
  return terms.earlierReviewDates.find((r) => instantMs(at) < instantMs(r.until))?.reviewDate ?? terms.reviewDate;
}

/**
 * Is the agreement in force at `at`? It must have started, not have ended (the end date is its
 * last day) or been terminated, and its review must not have lapsed: an agreement not reviewed
 * by its review date is not relied on until it is reviewed. In force on the review date itself.
 */
export function agreementStandingAt(terms: AgreementTerms | null, at: string): AgreementStanding {
  if (!terms) return { inForce: false, reason: 'unknown' };
  const day = londonDay(at);
  if (terms.terminatedAt && instantMs(at) >= instantMs(terms.terminatedAt))
    return { inForce: false, reason: 'terminated' };
  if (day < terms.startDate) return { inForce: false, reason: 'not_started' };
  if (terms.endDate && day > terms.endDate) return { inForce: false, reason: 'ended' };
  const reviewDate = reviewDateAt(terms, at);
  if (day > reviewDate) return { inForce: false, reason: 'review_lapsed' };
  return { inForce: true, reviewDate, reviewDueSoon: daysBetween(day, reviewDate) <= REVIEW_WARNING_DAYS };
}

export interface GatewayUse {
  gateway: LawfulBasis;
  fromAgencyId: string;
  recipientAgencyIds: string[];
  purpose: SharingPurpose;
  dataCategories: DataCategory[];
}

/** Does the agreement, in force at `at`, cover this use of a gateway? The first failing rule names the reason. */
export function agreementCoversAt(terms: AgreementTerms | null, at: string, use: GatewayUse): Validity {
  const standing = agreementStandingAt(terms, at);
  if (!terms || !standing.inForce) return invalid('SHARING.NO_AGREEMENT_IN_FORCE');
  if (!terms.lawfulBases.includes(use.gateway)) return invalid('SHARING.GATEWAY_NOT_IN_AGREEMENT');
  if (!terms.parties.includes(use.fromAgencyId)) return invalid('SHARING.DISCLOSER_NOT_PARTY');
  if (use.recipientAgencyIds.some((r) => !terms.parties.includes(r))) return invalid('SHARING.RECIPIENT_NOT_COVERED');
  if (!terms.purposes.includes(use.purpose)) return invalid('SHARING.PURPOSE_NOT_COVERED');
  if (use.dataCategories.some((c) => !terms.dataCategories.includes(c))) return invalid('SHARING.CATEGORY_NOT_COVERED');
  return VALID;
}

// ---- decisions ----
export type AgreementCommand =
  | {
      type: 'Agree';
      agreementId: string;
      partnershipId: string;
      title: string;
      parties: string[];
      purposes: string[];
      dataCategories: string[];
      lawfulBases: string[];
      schedule1Conditions: string[];
      startDate: string;
      /** Default: a year after the start (agreements are reviewed yearly). */
      reviewDate?: string | null;
      endDate?: string | null;
      now: string;
    }
  /** Confirms the agreement still fits; sets the next review date (default a year from today). */
  | { type: 'Review'; partnershipId: string; reviewDate?: string | null; now: string }
  | { type: 'Terminate'; partnershipId: string; reason: string; now: string };

function requireDate(value: string, what: string): string {
  if (!isIsoDate(value))
    throw new SharingError('SHARING.INVALID_DATE', `${what} must be a real date written YYYY-MM-DD.`);
  return value;
}

function existing(state: AgreementState, partnershipId: string): Exclude<AgreementState, { status: 'none' }> {
  if (state.status === 'none' || state.partnershipId !== partnershipId)
    throw new SharingError('SHARING.AGREEMENT_NOT_FOUND', 'No such information sharing agreement in your partnership.');
  return state;
}

export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'Agree': {
      if (state.status !== 'none')
        throw new SharingError('SHARING.AGREEMENT_EXISTS', 'This agreement is already recorded.');
      const title = command.title.trim();
      if (!title) throw new SharingError('SHARING.TITLE_REQUIRED', 'Give the agreement a title.');
      const parties = [...new Set(command.parties)];
      if (parties.length < 2)
        throw new SharingError('SHARING.TOO_FEW_PARTIES', 'An agreement needs at least two partner agencies.');
      const purposes = requireCodes(SHARING_PURPOSES, command.purposes, 'purpose');
      const dataCategories = requireCodes(DATA_CATEGORIES, command.dataCategories, 'data category');
      const lawfulBases = requireCodes(LAWFUL_BASES, command.lawfulBases, 'lawful basis');
      const schedule1Conditions = requireCodes(
        SCHEDULE_1_CONDITIONS,
        command.schedule1Conditions,
        'Schedule 1 condition',
      );
      if (purposes.length === 0 || dataCategories.length === 0)
        throw new SharingError('SHARING.UNKNOWN_CODE', 'Name at least one purpose and one data category.');
      if (!lawfulBases.some((b) => ARTICLE_6_BASES.includes(b))) {
        throw new SharingError(
          'SHARING.ARTICLE_6_BASIS_REQUIRED',
          'Name at least one UK GDPR Article 6 basis (a statutory power alone is not a lawful basis).',
        );
      }
      const special = dataCategories.some((c) => SPECIAL_CATEGORIES.includes(c));
      const criminal = dataCategories.some((c) => CRIMINAL_OFFENCE_CATEGORIES.includes(c));
      if (
        (special && (!lawfulBases.includes('uk_gdpr_9_2_g') || schedule1Conditions.length === 0)) ||
        (criminal && schedule1Conditions.length === 0)
      ) {
        throw new SharingError(
          'SHARING.SCHEDULE_1_CONDITION_REQUIRED',
          'Special-category data needs UK GDPR Art 9(2)(g) and a DPA 2018 Schedule 1 condition; criminal offence data needs a Schedule 1 condition.',
        );
      }
      const startDate = requireDate(command.startDate, 'startDate');
      const reviewDate = requireDate(command.reviewDate ?? addYears(startDate, 1), 'reviewDate');
      if (reviewDate <= startDate || reviewDate > addYears(startDate, 1)) {
        throw new SharingError(
          'SHARING.INVALID_REVIEW_DATE',
          'The review date must fall after the start and no more than a year after it.',
        );
      }
      const endDate = command.endDate ? requireDate(command.endDate, 'endDate') : null;
      if (endDate && endDate < startDate)
        throw new SharingError('SHARING.INVALID_END_DATE', 'The end date cannot be before the start date.');
      return [
        {
          type: 'SharingAgreementAgreed',
          data: {
            agreementId: command.agreementId,
            partnershipId: command.partnershipId,
            title,
            parties,
            purposes,
            dataCategories,
            lawfulBases,
            schedule1Conditions,
            startDate,
            reviewDate,
            endDate,
            agreedAt: command.now,
          },
        },
      ];
    }
    case 'Review': {
      const agreement = existing(state, command.partnershipId);
      if (agreement.status === 'terminated')
        throw new SharingError('SHARING.AGREEMENT_TERMINATED', 'This agreement was terminated; agree a new one.');
      const today = londonDay(command.now);
      if (agreement.endDate && today > agreement.endDate)
        throw new SharingError('SHARING.AGREEMENT_ENDED', 'This agreement has ended; agree a new one.');
      const reviewDate = requireDate(command.reviewDate ?? addYears(today, 1), 'reviewDate');
      if (reviewDate <= today || reviewDate > addYears(today, 1)) {
        throw new SharingError(
          'SHARING.INVALID_REVIEW_DATE',
          'The next review date must fall after today and no more than a year from today.',
        );
      }
      return [
        {
          type: 'SharingAgreementReviewed',
          data: {
            agreementId: agreement.agreementId,
            partnershipId: agreement.partnershipId,
            reviewedAt: command.now,
            previousReviewDate: agreement.reviewDate,
            reviewDate,
          },
        },
      ];
    }
    case 'Terminate': {
      const agreement = existing(state, command.partnershipId);
      if (agreement.status === 'terminated')
        throw new SharingError('SHARING.AGREEMENT_TERMINATED', 'This agreement is already terminated.');
      const reason = command.reason.trim();
      if (!reason) throw new SharingError('SHARING.REASON_REQUIRED', 'Say why the agreement is terminated.');
      return [
        {
          type: 'SharingAgreementTerminated',
          data: {
            agreementId: agreement.agreementId,
            partnershipId: agreement.partnershipId,
            terminatedAt: command.now,
            reason,
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
