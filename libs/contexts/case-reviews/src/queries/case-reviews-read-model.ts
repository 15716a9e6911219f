import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  currentDecision,
  currentPanel,
  initialCaseReviewSettings,
  isOutstanding,
  type CaseReviewSettings,
  type ExistingReview,
  type ReviewStatus,
} from '../domain';
import type { StoredStep } from '../projections/case-reviews.projection';

export interface ReviewRow {
  reviewId: string;
  partnershipId: string;
  version: number;
  state: ExistingReview;
  steps: StoredStep[];
  pfccAgencyIds: string[];
}

/** What a list shows of a review: codes, days and counts, no personal data. */
export interface ReviewSummary {
  reviewId: string;
  version: number;
  status: Exclude<ReviewStatus, 'none'>;
  round: number;
  route: string;
  applicantKind: string;
  receivedOn: string;
  coordinatorAgencyId: string;
  acknowledgedOn: string | null;
  thresholdDecidedOn: string | null;
  thresholdMet: boolean | null;
  thresholdBasis: string | null;
  panelHeldOn: string | null;
  outcomeSentOn: string | null;
  closedOn: string | null;
  escalatedToPfcc: boolean;
  outstandingInformationRequests: number;
  openRecommendations: number;
}

export function summaryOf(row: ReviewRow): ReviewSummary {
  const { state } = row;
  const r = state.record;
  const decision = currentDecision(r);
  const outcome = r.outcomes.filter((o) => o.round === r.round).at(-1);
  return {
    reviewId: r.reviewId,
    version: row.version,
    status: state.status,
    round: r.round,
    route: r.route,
    applicantKind: r.applicantKind,
    receivedOn: r.receivedOn,
    coordinatorAgencyId: r.coordinatorAgencyId,
    acknowledgedOn: r.acknowledged?.acknowledgedOn ?? null,
    thresholdDecidedOn: decision?.decidedOn ?? null,
    thresholdMet: decision ? decision.met : null,
    thresholdBasis: decision?.basis ?? null,
    panelHeldOn: currentPanel(r)?.held?.heldOn ?? null,
    outcomeSentOn: outcome?.sentOn ?? null,
    closedOn: state.status === 'closed' ? (r.closures.at(-1)?.closedOn ?? null) : null,
    escalatedToPfcc: r.escalations.length > 0,
    outstandingInformationRequests: Object.values(r.requests).filter((q) => q.answer === null).length,
    openRecommendations: Object.values(r.recommendations).filter((x) => isOutstanding(x.status)).length,
  };
}

export interface InformationRequestRow {
  requestId: string;
  reviewId: string;
  agencyId: string;
  round: number;
  askedOn: string;
  dueOn: string;
  answeredOn: string | null;
  answer: 'supplied' | 'not_held' | null;
}

export interface RecommendationRow {
  recommendationId: string;
  reviewId: string;
  owningAgencyId: string;
  round: number;
  dueOn: string;
  status: string;
  madeOn: string;
  finishedOn: string | null;
}

interface RawReview {
  review_id: string;
  partnership_id: string;
  version: string;
  state: ExistingReview;
  steps: StoredStep[];
  pfcc_agency_ids: string[];
}
const reviewOf = (r: RawReview): ReviewRow => ({
  reviewId: r.review_id,
  partnershipId: r.partnership_id,
  version: Number(r.version),
  state: r.state,
  steps: r.steps,
  pfccAgencyIds: r.pfcc_agency_ids,
});

/** The case-reviews read model: reviews, agencies' work lists and the settings in force. */
@Injectable()
export class CaseReviewsReadModel {
  constructor(private readonly db: DataSource) {}

  async settings(partnershipId: string): Promise<{ settings: CaseReviewSettings; version: number | null }> {
    const [row]: Array<{ settings: CaseReviewSettings; version: string }> = await this.db.query(
      'SELECT settings, version FROM case_reviews.settings WHERE partnership_id = $1',
      [partnershipId],
    );
    return row
      ? { settings: row.settings, version: Number(row.version) }
      : { settings: initialCaseReviewSettings, version: null };
  }

  async review(partnershipId: string, reviewId: string): Promise<ReviewRow | null> {
    const [row]: RawReview[] = await this.db.query(
      'SELECT * FROM case_reviews.reviews WHERE partnership_id = $1 AND review_id = $2',
      [partnershipId, reviewId],
    );
    return row ? reviewOf(row) : null;
  }

  /** The reviews of which any of these people is the victim, oldest application first. */
  async reviewsOfVictims(partnershipId: string, personIds: string[]): Promise<ReviewRow[]> {
    if (personIds.length === 0) return [];
    const rows: RawReview[] = await this.db.query(
      `SELECT * FROM case_reviews.reviews WHERE partnership_id = $1 AND victim_person_id = ANY($2::uuid[])
        ORDER BY received_on, review_id`,
      [partnershipId, personIds],
    );
    return rows.map(reviewOf);
  }

  /** Reviews of the partnership, newest application first; only those escalated to `pfccAgencyId` when given. */
  async reviews(
    partnershipId: string,
    filter: { status?: string; pfccAgencyId?: string; receivedFrom?: string; receivedBefore?: string } = {},
  ): Promise<ReviewRow[]> {
    const rows: RawReview[] = await this.db.query(
      `SELECT * FROM case_reviews.reviews WHERE partnership_id = $1
         AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR $3 = ANY(pfcc_agency_ids))
         AND ($4::text IS NULL OR received_on >= $4) AND ($5::text IS NULL OR received_on < $5)
       ORDER BY received_on DESC, review_id`,
      [
        partnershipId,
        filter.status ?? null,
        filter.pfccAgencyId ?? null,
        filter.receivedFrom ?? null,
        filter.receivedBefore ?? null,
      ],
    );
    return rows.map(reviewOf);
  }

  /** Information requests to an agency; unanswered ones only unless `all`. */
  async informationRequests(
    partnershipId: string,
    agencyId: string | null,
    all = false,
  ): Promise<InformationRequestRow[]> {
    const rows: Array<Record<string, string | number | null>> = await this.db.query(
      `SELECT * FROM case_reviews.information_requests WHERE partnership_id = $1 AND ($2::uuid IS NULL OR agency_id = $2)
         AND ($3 OR answered_on IS NULL) ORDER BY due_on, request_id`,
      [partnershipId, agencyId, all],
    );
    return rows.map((r) => ({
      requestId: r.request_id as string,
      reviewId: r.review_id as string,
      agencyId: r.agency_id as string,
      round: Number(r.round),
      askedOn: r.asked_on as string,
      dueOn: r.due_on as string,
      answeredOn: (r.answered_on as string | null) ?? null,
      answer: (r.answer as 'supplied' | 'not_held' | null) ?? null,
    }));
  }

  /** Recommendations owned by an agency (all agencies when null); outstanding ones only unless `all`. */
  async recommendations(partnershipId: string, agencyId: string | null, all = false): Promise<RecommendationRow[]> {
    const rows: Array<Record<string, string | number | null>> = await this.db.query(
      `SELECT * FROM case_reviews.recommendations WHERE partnership_id = $1 AND ($2::uuid IS NULL OR owning_agency_id = $2)
         AND ($3 OR status IN ('open', 'in_progress')) ORDER BY due_on, recommendation_id`,
      [partnershipId, agencyId, all],
    );
    return rows.map((r) => ({
      recommendationId: r.recommendation_id as string,
      reviewId: r.review_id as string,
      owningAgencyId: r.owning_agency_id as string,
      round: Number(r.round),
      dueOn: r.due_on as string,
      status: r.status as string,
      madeOn: r.made_on as string,
      finishedOn: (r.finished_on as string | null) ?? null,
    }));
  }
}
