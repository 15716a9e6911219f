import { Injectable } from '@nestjs/common';
import { ConsultationLog, PersonalDataPolicy, type Actor, type DataCategory, type Purpose } from '@hubline/access';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory, type PersonView } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { CaseReviewError } from '../domain';
import type { MilestoneStatus } from '../domain/timescales';
import { CaseReviewsClock } from '../case-reviews-clock';
import { CaseReviewsReadModel, summaryOf, type ReviewRow, type ReviewSummary } from './case-reviews-read-model';
import { ReviewDeadlines } from './review-deadlines';
import { openStepTexts, stepsWithTextsAs } from './review-texts';

/** The data categories a review's free text is of: what happened and what the agencies did. */
const TEXT_CATEGORIES: DataCategory[] = ['incident_details', 'case_actions'];
const REVIEW_VIEW = 'asb_case_review';

export type { Narrative } from './review-texts';

export interface LockedReviewView extends ReviewSummary {
  locked: true;
  agencies: Array<{ agencyId: string; name: string }>;
}

export interface ReviewView extends ReviewSummary {
  locked: false;
  victim: PersonView | null;
  involvedAgencyIds: string[];
  milestones: MilestoneStatus[];
  informationRequests: Array<{
    requestId: string;
    agencyId: string;
    round: number;
    askedOn: string;
    dueOn: string;
    answer: { kind: 'supplied' | 'not_held'; answeredOn: string; reportIds: string[] } | null;
  }>;
  recommendations: Array<{
    recommendationId: string;
    owningAgencyId: string;
    dueOn: string;
    status: string;
    round: number;
  }>;
  /** Every step in order; sealed text opened (or `{erased: true}`), left out when withheld. */
  steps: Array<{ type: string; revision: number; recordedAt: string; data: Record<string, unknown> }>;
  withheld?: DataCategory[];
}

/**
 * A review as a reader may see it. An agency involved in the review (the coordinator's, one asked
 * for information, on its panel, owning a recommendation, or the PFCC's office it was escalated
 * to) sees it whole; another agency sees what the personal-data policy grants it of the victim,
 * else the locked view. The victim is shown through the people directory and every opened text is
 * recorded in the consultation log with its categories, before anything is returned. A PFCC
 * reviewer sees only the reviews escalated to their office.
 */
@Injectable()
export class CaseReviewViews {
  constructor(
    private readonly readModel: CaseReviewsReadModel,
    private readonly people: PeopleDirectory,
    private readonly policy: PersonalDataPolicy,
    private readonly consultations: ConsultationLog,
    private readonly vault: PersonalDataVault,
    private readonly partnerships: PartnershipDirectory,
    private readonly deadlines: ReviewDeadlines,
    private readonly clock: CaseReviewsClock,
  ) {}

  /** Only a PFCC reviewer (holding no coordinator or panel role) is limited to the reviews escalated to them. */
  static pfccOnly(actor: Actor): boolean {
    return (
      actor.roles.includes('pfcc_reviewer') &&
      !actor.roles.includes('case_review_coordinator') &&
      !actor.roles.includes('panel_member') &&
      !actor.roles.includes('partnership_admin')
    );
  }

  async list(actor: Actor, filter: { status?: string }): Promise<ReviewSummary[]> {
    const rows = await this.readModel.reviews(actor.partnershipId, {
      ...filter,
      ...(CaseReviewViews.pfccOnly(actor) ? { pfccAgencyId: actor.agencyId } : {}),
    });
    return rows.map(summaryOf);
  }

  async visibleRow(actor: Actor, reviewId: string): Promise<ReviewRow> {
    const row = await this.readModel.review(actor.partnershipId, reviewId);
    if (!row || (CaseReviewViews.pfccOnly(actor) && !row.pfccAgencyIds.includes(actor.agencyId)))
      throw new CaseReviewError('CASE_REVIEW.NOT_FOUND', 'No such case review in your partnership.');
    return row;
  }

  async review(
    actor: Actor,
    reviewId: string,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<ReviewView | LockedReviewView> {
    const row = await this.visibleRow(actor, reviewId);
    const r = row.state.record;
    const summary = summaryOf(row);
    const involved = r.involvement?.agencyIds ?? [r.coordinatorAgencyId];
    let granted: readonly DataCategory[] = [];
    if (involved.includes(actor.agencyId)) granted = TEXT_CATEGORIES.concat(['identity']);
    else if (r.victimPersonId) {
      const access = (await this.policy.assess(actor, [r.victimPersonId])).get(r.victimPersonId);
      if (access?.visible) granted = access.categories;
    }
    if (granted.length === 0 && !involved.includes(actor.agencyId)) {
      const agencies = await this.partnerships.agencyNames(actor.partnershipId, involved);
      return { ...summary, locked: true, agencies };
    }
    const textsShown = TEXT_CATEGORIES.every((c) => granted.includes(c));
    const steps = textsShown ? await openStepTexts(this.vault, row) : stepsWithTextsAs(row, undefined);
    let victim: PersonView | null = null;
    if (r.victimPersonId) {
      const alsoShown = new Map([[r.victimPersonId, textsShown ? TEXT_CATEGORIES : []]]);
      [victim] = await this.people.describe(actor, [r.victimPersonId], purpose, REVIEW_VIEW, {
        correlationId,
        alsoShown,
      });
      victim = victim ?? null;
      if (textsShown && (!victim || !('givenName' in victim)))
        await this.consultations.record(actor, {
          personIds: [r.victimPersonId],
          view: REVIEW_VIEW,
          purpose,
          correlationId,
          categories: new Map([[r.victimPersonId, TEXT_CATEGORIES]]),
        });
    }
    const { settings } = await this.readModel.settings(actor.partnershipId);
    return {
      ...summary,
      locked: false,
      victim,
      involvedAgencyIds: involved,
      milestones: this.deadlines.milestones(r, row.state.status, settings.timescales, this.clock.today()),
      informationRequests: Object.values(r.requests).map((q) => ({ ...q })),
      recommendations: Object.values(r.recommendations).map((x) => ({
        recommendationId: x.recommendationId,
        owningAgencyId: x.owningAgencyId,
        dueOn: x.dueOn,
        status: x.status,
        round: x.round,
      })),
      steps,
      ...(textsShown ? {} : { withheld: TEXT_CATEGORIES }),
    };
  }
}
