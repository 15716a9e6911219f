import { CaseReviewError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import {
  APPLICANT_KINDS,
  APPLICATION_ROUTES,
  CONTACT_ROUTES,
  ON_BEHALF_RELATIONSHIPS,
  type ApplicationRoute,
  type ContactRoute,
} from './codes';
import type { Applicant, CaseReviewEvent } from './events';
import { inStatus, stepDay } from './guards';
import { withInvolvement } from './involvement';
import type { CaseReviewState, ExistingReview } from './state';

/** The applicant as the caller gives it: the representative's name already sealed. */
export type ApplicantInput =
  | { kind: 'victim' }
  | { kind: 'on_behalf'; name: Sealed | null; relationship: string; consentId: string | null }
  | { kind: 'business' | 'community_group'; name: string };

export type ApplyForReview = {
  type: 'ApplyForReview';
  reviewId: string;
  partnershipId: string;
  route: ApplicationRoute;
  receivedOn: string;
  applicant: ApplicantInput;
  victimPersonId: string | null;
  wardId: string | null;
  /** Checked by the caller through the sharing context: the consent covers `asb_case_review` for the victim. */
  consentChecked: boolean;
  sealedWith: string;
  recordedByUserId: string;
  coordinatorAgencyId: string;
  now: string;
  today: string;
};

export type AcknowledgeApplication = {
  type: 'AcknowledgeApplication';
  partnershipId: string;
  acknowledgedOn: string;
  route: ContactRoute;
  byUserId: string;
  now: string;
  today: string;
};

/**
 * Records an application: never anonymous. The victim (a registered person) is required unless a
 * business or community group applies for itself; someone applying on a victim's behalf is named,
 * with their relationship and the victim's consent (checked by the caller in the consent ledger).
 */
export function apply(command: ApplyForReview, state: CaseReviewState): CaseReviewEvent[] {
  if (state.status !== 'none')
    throw new CaseReviewError('CASE_REVIEW.ALREADY_EXISTS', 'This case review is already recorded.');
  const route = requireKnown(APPLICATION_ROUTES, command.route, 'application route');
  const kind = requireKnown(APPLICANT_KINDS, command.applicant.kind, 'applicant kind');
  stepDay(command.receivedOn, command.today, null, 'The day the application was received');
  const group = kind === 'business' || kind === 'community_group';
  if (!group && !command.victimPersonId)
    throw new CaseReviewError(
      'CASE_REVIEW.VICTIM_REQUIRED',
      'Name the victim (a registered person): only a business or community group may apply without one.',
    );
  let applicant: Applicant;
  const a = command.applicant;
  if (a.kind === 'victim') applicant = { kind: 'victim' };
  else if (a.kind === 'on_behalf') {
    if (!a.name)
      throw new CaseReviewError(
        'CASE_REVIEW.APPLICANT_NAME_REQUIRED',
        'Name the person applying on the victim’s behalf.',
      );
    if (!a.consentId)
      throw new CaseReviewError(
        'CASE_REVIEW.CONSENT_REQUIRED',
        'Someone applying on the victim’s behalf needs the victim’s consent recorded in the consent ledger (consentId).',
      );
    if (!command.consentChecked)
      throw new CaseReviewError(
        'CASE_REVIEW.CONSENT_NOT_VALID',
        'The consent does not cover the purpose asb_case_review for this victim now.',
      );
    applicant = {
      kind: 'on_behalf',
      name: a.name,
      relationship: requireKnown(ON_BEHALF_RELATIONSHIPS, a.relationship, 'relationship'),
      consentId: a.consentId,
    };
  } else {
    const name = a.name.trim();
    if (!name)
      throw new CaseReviewError(
        'CASE_REVIEW.APPLICANT_NAME_REQUIRED',
        'Name the business or community group applying.',
      );
    applicant = { kind: a.kind, name };
  }
  const applied: CaseReviewEvent = {
    type: 'CaseReviewApplied',
    data: {
      reviewId: command.reviewId,
      partnershipId: command.partnershipId,
      route,
      receivedOn: command.receivedOn,
      applicantKind: kind,
      applicant,
      victimPersonId: command.victimPersonId,
      wardId: command.wardId,
      sealedWith: command.sealedWith,
      recordedByUserId: command.recordedByUserId,
      coordinatorAgencyId: command.coordinatorAgencyId,
      recordedAt: command.now,
    },
  };
  return withInvolvement(state, [applied]);
}

/** The single point of contact acknowledges the application once, on or after the day it was received. */
export function acknowledge(command: AcknowledgeApplication, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['received', 'in_review', 'not_met'], {
    outcome_sent: 'CASE_REVIEW.OUTCOME_ALREADY_SENT',
    closed: 'CASE_REVIEW.CLOSED',
    escalated: 'CASE_REVIEW.ESCALATED',
  });
  if (record.acknowledged)
    throw new CaseReviewError('CASE_REVIEW.ALREADY_ACKNOWLEDGED', 'The application has already been acknowledged.');
  return [
    {
      type: 'CaseReviewAcknowledged',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        acknowledgedOn: stepDay(command.acknowledgedOn, command.today, record.receivedOn, 'The acknowledgement'),
        route: requireKnown(CONTACT_ROUTES, command.route, 'contact route'),
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ];
}
