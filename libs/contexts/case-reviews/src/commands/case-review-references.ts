import { Injectable } from '@nestjs/common';
import type { Actor } from '@hubline/access';
import { PartnershipDirectory, type AgencyView } from '@hubline/partnerships';
import { PeopleDirectory } from '@hubline/people';
import { ReadYourWrites } from '@hubline/projections';
import { SharingRecords } from '@hubline/sharing';
import { CaseReviewError, type ReviewActor } from '../domain';

/** The acting user's facts the review decider judges who-may rules on. */
export const actingAs = (actor: Actor): ReviewActor => ({
  userId: actor.userId,
  agencyId: actor.agencyId,
  coordinator: actor.roles.includes('case_review_coordinator'),
  pfccReviewer: actor.roles.includes('pfcc_reviewer'),
});

/**
 * What the decider cannot see, checked against other contexts' read models (each refusal
 * confirmed once they have caught up, so what the caller has just created counts).
 */
@Injectable()
export class CaseReviewReferences {
  constructor(
    private readonly partnerships: PartnershipDirectory,
    private readonly people: PeopleDirectory,
    private readonly sharing: SharingRecords,
    private readonly fresh: ReadYourWrites,
  ) {}

  async activeAgencies(partnershipId: string, agencyIds: string[]): Promise<void> {
    return this.fresh.check(async () => {
      const agencies = await this.partnerships.agencies(partnershipId);
      for (const agencyId of new Set(agencyIds)) {
        if (!agencies.some((a) => a.agencyId === agencyId && a.active))
          throw new CaseReviewError(
            'CASE_REVIEW.UNKNOWN_AGENCY',
            'That agency is not an active agency of your partnership.',
            { agencyId },
          );
      }
    });
  }

  /** The partnership's relevant bodies now: every application goes to each of them. */
  async relevantBodies(partnershipId: string): Promise<AgencyView[]> {
    return this.partnerships.relevantBodies(partnershipId);
  }

  async isRelevantBody(partnershipId: string, agencyId: string): Promise<boolean> {
    return this.partnerships.isRelevantBody(partnershipId, agencyId);
  }

  /** The partnership's policing body (the PFCC's office), which reviews escalations. */
  async policingBody(partnershipId: string): Promise<string> {
    return this.fresh.check(async () => {
      const found = (await this.partnerships.agencies(partnershipId)).find(
        (a) => a.kind === 'policing_body' && a.active,
      );
      if (!found)
        throw new CaseReviewError(
          'CASE_REVIEW.NO_POLICING_BODY',
          "The partnership has no policing body (the PFCC's office) to review escalations: add the agency first.",
        );
      return found.agencyId;
    });
  }

  async activePerson(partnershipId: string, personId: string): Promise<void> {
    return this.fresh.check(async () => {
      const status = await this.people.status(partnershipId, personId);
      if (!status || status.status !== 'active')
        throw new CaseReviewError(
          'CASE_REVIEW.UNKNOWN_PERSON',
          'The victim must be a registered, current person of your partnership.',
          { personId },
        );
    });
  }

  async ward(partnershipId: string, wardId: string): Promise<void> {
    return this.fresh.check(async () => {
      if (!(await this.partnerships.ward(partnershipId, wardId)))
        throw new CaseReviewError('CASE_REVIEW.UNKNOWN_WARD', 'That ward is not a ward of your partnership.');
    });
  }

  /** Refuses a consent that does not stand now or does not cover `asb_case_review` for the victim. */
  async consentCovers(partnershipId: string, consentId: string, personId: string, at: string): Promise<void> {
    return this.fresh.check(async () => {
      const validity = await this.sharing.consentFor(partnershipId, consentId, personId, 'asb_case_review', at);
      if (!validity.valid)
        throw new CaseReviewError(
          'CASE_REVIEW.CONSENT_NOT_VALID',
          "The consent must be the victim's, stand now, and cover the purpose asb_case_review.",
          { because: validity.code },
        );
    });
  }
}
