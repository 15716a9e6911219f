import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
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
    if (recorded.streamId.startsWith('case-review-settings-')) return this.settings(recorded, m);
    if (!recorded.streamId.startsWith('case-review-')) return;
    const event = { type: recorded.type, data: recorded.data } as unknown as CaseReviewEvent;
    const [row]: Array<{ state: CaseReviewState; steps: StoredStep[] }> = await m.query(
      'SELECT state, steps FROM case_reviews.reviews WHERE review_id = $1 FOR UPDATE',
      [recorded.streamId.slice('case-review-'.length)],
    );
    const state = evolve(row?.state ?? initialState, event);
    if (state.status === 'none') return;
    const r = state.record;
    const steps = [
      ...(row?.steps ?? []),
      {
        type: recorded.type,
        data: recorded.data,
        revision: recorded.revision,
        recordedAt: recorded.recordedAt,
      },
    ];
    await m.query(
      `INSERT INTO case_reviews.reviews (review_id, partnership_id, status, version, victim_person_id, coordinator_agency_id, received_on, pfcc_agency_ids, state, steps, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (review_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, pfcc_agency_ids = EXCLUDED.pfcc_agency_ids,
         state = EXCLUDED.state, steps = EXCLUDED.steps, updated_at = EXCLUDED.updated_at`,
      [
        r.reviewId,
        r.partnershipId,
        state.status,
        recorded.revision,
        r.victimPersonId,
        r.coordinatorAgencyId,
        r.receivedOn,
        [...new Set(r.escalations.map((e) => e.pfccAgencyId))],
        JSON.stringify(state),
        JSON.stringify(steps),
        recorded.recordedAt,
      ],
    );
    for (const q of Object.values(r.requests)) {
      await m.query(
        `INSERT INTO case_reviews.information_requests (request_id, review_id, partnership_id, agency_id, round, asked_on, due_on, answered_on, answer)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (request_id) DO UPDATE SET answered_on = EXCLUDED.answered_on, answer = EXCLUDED.answer`,
        [
          q.requestId,
          r.reviewId,
          r.partnershipId,
          q.agencyId,
          q.round,
          q.askedOn,
          q.dueOn,
          q.answer?.answeredOn ?? null,
          q.answer?.kind ?? null,
        ],
      );
    }
    for (const x of Object.values(r.recommendations)) {
      await m.query(
        `INSERT INTO case_reviews.recommendations (recommendation_id, review_id, partnership_id, owning_agency_id, round, due_on, status, made_on, finished_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (recommendation_id) DO UPDATE SET status = EXCLUDED.status, finished_on = EXCLUDED.finished_on`,
        [
          x.recommendationId,
          r.reviewId,
          r.partnershipId,
          x.owningAgencyId,
          x.round,
          x.dueOn,
          x.status,
          x.madeOn,
          x.finishedOn,
        ],
      );
    }
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
