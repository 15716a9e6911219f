import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { writeRows, type Projection, type Row } from '@hubline/projections';
import {
  CASE_REVIEW_EVENT_TYPES,
  evolve,
  evolveCaseReviewSettings,
  initialCaseReviewSettings,
  initialState,
  type CaseReviewEvent,
  type CaseReviewSettings,
  type CaseReviewSettingsEvent,
  type CaseReviewState,
  type ReviewRecord,
} from '../domain';

const SETTINGS_EVENT_TYPES = [
  'CaseReviewThresholdRulesChanged',
  'CaseReviewTimescalesChanged',
  'CaseReviewReportingYearChanged',
];

/** A step of a review as the read model keeps it: the event's type, data (sealed text sealed), revision and instant. */
export interface StoredStep {
  type: string;
  data: Record<string, unknown>;
  revision: number;
  recordedAt: string;
}

type ActiveState = Exclude<CaseReviewState, { status: 'none' }>;

/** A review as this read model keeps it: its folded state, its steps, and the revision of its last event. */
interface StoredReview {
  state: ActiveState;
  steps: StoredStep[];
  version: number;
  updatedAt: string | null;
}

interface StoredRow {
  state: ActiveState;
  steps: StoredStep[];
  version: string;
}

const stored = (row: StoredRow): StoredReview => ({
  state: row.state,
  steps: row.steps,
  version: Number(row.version),
  updatedAt: null,
});

const REVIEW_PREFIX = 'case-review-';
const SETTINGS_PREFIX = 'case-review-settings-';
const isSettingsEvent = (e: RecordedEvent) => e.streamId.startsWith(SETTINGS_PREFIX);
const isReviewEvent = (e: RecordedEvent) => e.streamId.startsWith(REVIEW_PREFIX) && !isSettingsEvent(e);
const reviewIdOf = (e: RecordedEvent) => e.streamId.slice(REVIEW_PREFIX.length);

/**
 * The review after one more event of its stream, or null when the event leaves the row as it is:
 * applied already (its revision is not past the row's version: a batch applied again), or no
 * review yet.
 */
function step(before: StoredReview | undefined, recorded: RecordedEvent): StoredReview | null {
  if (before && recorded.revision <= before.version) return null;
  const event = { type: recorded.type, data: recorded.data } as unknown as CaseReviewEvent;
  const state = evolve(before?.state ?? initialState, event);
  if (state.status === 'none') return null;
  return {
    state,
    steps: [
      ...(before?.steps ?? []),
      { type: recorded.type, data: recorded.data, revision: recorded.revision, recordedAt: recorded.recordedAt },
    ],
    version: recorded.revision,
    updatedAt: recorded.recordedAt,
  };
}

/** The columns a write changes on a row already there; the others keep what was first inserted. */
const REVIEW_CHANGING = ['status', 'version', 'pfcc_agency_ids', 'state', 'steps', 'updated_at'] as const;
const REQUEST_CHANGING = ['answered_on', 'answer'] as const;
const RECOMMENDATION_CHANGING = ['status', 'finished_on'] as const;

function reviewRow(review: StoredReview): Row {
  const r = review.state.record;
  return {
    review_id: r.reviewId,
    partnership_id: r.partnershipId,
    status: review.state.status,
    version: review.version,
    victim_person_id: r.victimPersonId,
    coordinator_agency_id: r.coordinatorAgencyId,
    received_on: r.receivedOn,
    pfcc_agency_ids: [...new Set(r.escalations.map((e) => e.pfccAgencyId))],
    state: review.state,
    steps: review.steps,
    updated_at: review.updatedAt,
  };
}

const requestRows = (r: ReviewRecord): Row[] =>
  Object.values(r.requests).map((q) => ({
    request_id: q.requestId,
    review_id: r.reviewId,
    partnership_id: r.partnershipId,
    agency_id: q.agencyId,
    round: q.round,
    asked_on: q.askedOn,
    due_on: q.dueOn,
    answered_on: q.answer?.answeredOn ?? null,
    answer: q.answer?.kind ?? null,
  }));

const recommendationRows = (r: ReviewRecord): Row[] =>
  Object.values(r.recommendations).map((x) => ({
    recommendation_id: x.recommendationId,
    review_id: r.reviewId,
    partnership_id: r.partnershipId,
    owning_agency_id: x.owningAgencyId,
    round: x.round,
    due_on: x.dueOn,
    status: x.status,
    made_on: x.madeOn,
    finished_on: x.finishedOn,
  }));

const writeReviews = (rows: Row[], m: EntityManager) =>
  writeRows(m, 'case_reviews.reviews', rows, { key: 'review_id', update: REVIEW_CHANGING });
const writeRequests = (rows: Row[], m: EntityManager) =>
  writeRows(m, 'case_reviews.information_requests', rows, { key: 'request_id', update: REQUEST_CHANGING });
const writeRecommendations = (rows: Row[], m: EntityManager) =>
  writeRows(m, 'case_reviews.recommendations', rows, { key: 'recommendation_id', update: RECOMMENDATION_CHANGING });

/**
 * Each review's folded state and steps, its information requests and recommendations (for the
 * agencies' work lists), and each partnership's settings in force. Folds with the domain's own
 * evolve, so the read model and the decider never disagree about a review.
 */
@Injectable()
export class CaseReviewsProjection implements Projection {
  readonly name = 'case-reviews.read-model';
  readonly tables = [
    'case_reviews.reviews',
    'case_reviews.information_requests',
    'case_reviews.recommendations',
    'case_reviews.settings',
  ];
  readonly eventTypes = new Set<string>([...CASE_REVIEW_EVENT_TYPES, ...SETTINGS_EVENT_TYPES]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    if (isSettingsEvent(recorded)) return this.settings(recorded, m);
    if (!isReviewEvent(recorded)) return;
    const [row]: StoredRow[] = await m.query(
      'SELECT state, steps, version FROM case_reviews.reviews WHERE review_id = $1 FOR UPDATE',
      [reviewIdOf(recorded)],
    );
    const review = step(row && stored(row), recorded);
    if (!review) return;
    await writeReviews([reviewRow(review)], m);
    await writeRequests(requestRows(review.state.record), m);
    await writeRecommendations(recommendationRows(review.state.record), m);
  }

  /**
   * The batch's reviews read in one query and folded in memory in log order, then written with
   * one statement per table. A row keeps what `apply` would have left: the columns an upsert only
   * inserts come from the event that first wrote the row, the others from the last.
   */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    // Settings have tables of their own, which no review reads here: applied in their order.
    for (const recorded of events) if (isSettingsEvent(recorded)) await this.settings(recorded, m);
    const reviewEvents = events.filter(isReviewEvent);
    if (reviewEvents.length === 0) return;
    const rows: Array<StoredRow & { review_id: string }> = await m.query(
      'SELECT review_id, state, steps, version FROM case_reviews.reviews WHERE review_id = ANY($1::uuid[]) FOR UPDATE',
      [[...new Set(reviewEvents.map(reviewIdOf))]],
    );
    const current = new Map(rows.map((row) => [row.review_id, stored(row)]));
    const reviews = new Map<string, Row>();
    const requests = new Map<string, Row>();
    const recommendations = new Map<string, Row>();
    const keep = (rows: Map<string, Row>, key: string, row: Row, changing: readonly string[]) => {
      const first = rows.get(key);
      rows.set(key, first ? { ...first, ...Object.fromEntries(changing.map((c) => [c, row[c]])) } : row);
    };
    for (const recorded of reviewEvents) {
      const review = step(current.get(reviewIdOf(recorded)), recorded);
      if (!review) continue;
      current.set(reviewIdOf(recorded), review);
      const row = reviewRow(review);
      keep(reviews, row.review_id as string, row, REVIEW_CHANGING);
      for (const q of requestRows(review.state.record)) keep(requests, q.request_id as string, q, REQUEST_CHANGING);
      for (const x of recommendationRows(review.state.record))
        keep(recommendations, x.recommendation_id as string, x, RECOMMENDATION_CHANGING);
    }
    await writeReviews([...reviews.values()], m);
    await writeRequests([...requests.values()], m);
    await writeRecommendations([...recommendations.values()], m);
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query(
      'TRUNCATE case_reviews.reviews, case_reviews.information_requests, case_reviews.recommendations, case_reviews.settings',
    );
  }

  private async settings(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as unknown as CaseReviewSettingsEvent;
    const [row]: Array<{ settings: CaseReviewSettings }> = await m.query(
      'SELECT settings FROM case_reviews.settings WHERE partnership_id = $1 FOR UPDATE',
      [event.data.partnershipId],
    );
    const settings = evolveCaseReviewSettings(row?.settings ?? initialCaseReviewSettings, event);
    await m.query(
      `INSERT INTO case_reviews.settings (partnership_id, settings, version) VALUES ($1, $2, $3)
       ON CONFLICT (partnership_id) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version`,
      [event.data.partnershipId, JSON.stringify(settings), recorded.revision],
    );
  }
}
