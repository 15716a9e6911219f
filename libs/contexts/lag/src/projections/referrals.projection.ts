import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import type { ReferralEvent } from '../domain';

const STREAM_PREFIX = 'lag-referral-';

/**
 * Referrals and their action plans (lag.referrals, lag.actions). Narratives are copied sealed, as
 * they are in the events; the history column keeps the case's decisions in order for the case view.
 */
@Injectable()
export class ReferralsProjection implements Projection {
  readonly name = 'lag.referrals';
  readonly tables = ['lag.referrals', 'lag.actions'];
  readonly eventTypes = new Set([
    'VictimReferred',
    'CaseInvolvementChanged',
    'ReferralOpenedForDecision',
    'ReferralAccepted',
    'ReferralDeclined',
    'RiskReassessed',
    'ActionAgreed',
    'ActionStatusChanged',
    'ReferralReviewed',
    'ReferralClosed',
    'ReferralReopened',
  ]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    // CaseInvolvementChanged (and possibly other names) are published by other case contexts too.
    if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
    const event = { type: recorded.type, data: recorded.data } as ReferralEvent;
    const history = (entry: Record<string, unknown>) => JSON.stringify([entry]);
    switch (event.type) {
      case 'VictimReferred': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.referrals (referral_id, partnership_id, locality_id, ward_id, category, protected_characteristics, vulnerabilities, victim_ids,
             perpetrator_ids, referring_agency_id, involved_agency_ids, status, band, repeat, repeat_victim_ids, risk, incident_summary, multi_agency_reason,
             referred_at, history, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ARRAY[$10]::uuid[], 'referred', $11, $12, $13, $14, $15, $16, $17, $18, $19)
           ON CONFLICT (referral_id) DO NOTHING`,
          [
            d.referralId,
            d.partnershipId,
            d.localityId,
            d.wardId,
            d.category,
            d.protectedCharacteristics,
            d.vulnerabilities,
            d.victimIds,
            d.perpetratorIds,
            d.referringAgencyId,
            d.riskAssessment.band,
            d.repeat,
            d.repeatVictimIds,
            JSON.stringify(d.riskAssessment),
            JSON.stringify(d.incidentSummary),
            JSON.stringify(d.multiAgencyReason),
            d.referredAt,
            history({ type: 'referred', at: d.referredAt, agencyId: d.referringAgencyId, band: d.riskAssessment.band }),
            recorded.revision,
          ],
        );
        return;
      }
      case 'CaseInvolvementChanged':
        await this.update(m, recorded, 'involved_agency_ids = $3', [event.data.agencyIds]);
        return;
      case 'ReferralAccepted': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          `status = 'accepted', accepted_at = $3, accepting_agency_id = $4, next_review_date = $5, history = history || $6::jsonb`,
          [
            d.acceptedAt,
            d.acceptedByAgencyId,
            d.nextReviewDate,
            history({
              type: 'accepted',
              at: d.acceptedAt,
              agencyId: d.acceptedByAgencyId,
              nextReviewDate: d.nextReviewDate,
            }),
          ],
        );
        return;
      }
      case 'ReferralOpenedForDecision': {
        const d = event.data;
        await this.update(m, recorded, 'history = history || $3::jsonb', [
          history({ type: 'opened_for_decision', at: d.openedAt, agencyId: d.chairAgencyId }),
        ]);
        return;
      }
      case 'ReferralDeclined': {
        const d = event.data;
        await this.update(m, recorded, `status = 'declined', declined_at = $3, history = history || $4::jsonb`, [
          d.declinedAt,
          history({ type: 'declined', at: d.declinedAt, reason: d.reason, note: d.note }),
        ]);
        return;
      }
      case 'RiskReassessed': {
        const d = event.data;
        // Before acceptance there is no review date to move.
        await this.update(
          m,
          recorded,
          `band = $3, risk = $4, next_review_date = CASE WHEN status = 'accepted' THEN $5::date ELSE next_review_date END, history = history || $6::jsonb`,
          [
            d.riskAssessment.band,
            JSON.stringify(d.riskAssessment),
            d.nextReviewDate,
            history({
              type: 'risk_reassessed',
              at: d.assessedAt,
              from: d.previousBand,
              band: d.riskAssessment.band,
              score: d.riskAssessment.score,
              nextReviewDate: d.nextReviewDate,
            }),
          ],
        );
        return;
      }
      case 'ActionAgreed': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.actions (action_id, referral_id, partnership_id, owning_agency_id, assignee_user_id, kind, status, due_date, meeting_id, target_person_id, description, agreed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $11) ON CONFLICT (action_id) DO NOTHING`,
          [
            d.actionId,
            d.referralId,
            d.partnershipId,
            d.owningAgencyId,
            d.assigneeUserId,
            d.kind,
            d.dueDate,
            d.meetingId,
            d.targetPersonId,
            JSON.stringify(d.description),
            d.agreedAt,
          ],
        );
        await this.update(m, recorded, '', []);
        return;
      }
      case 'ActionStatusChanged': {
        const d = event.data;
        await m.query(
          'UPDATE lag.actions SET status = $2, outcome = COALESCE($3::jsonb, outcome), updated_at = $4 WHERE action_id = $1',
          [d.actionId, d.to, d.outcome === null ? null : JSON.stringify(d.outcome), d.changedAt],
        );
        await this.update(m, recorded, '', []);
        return;
      }
      case 'ReferralReviewed': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          'last_reviewed_at = $3, next_review_date = $4, review_count = review_count + 1, history = history || $5::jsonb',
          [
            d.reviewedAt,
            d.nextReviewDate,
            history({
              type: 'reviewed',
              at: d.reviewedAt,
              meetingId: d.meetingId,
              band: d.band,
              nextReviewDate: d.nextReviewDate,
            }),
          ],
        );
        return;
      }
      case 'ReferralClosed': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          `status = 'closed', closed_at = $3, next_review_date = NULL, history = history || $4::jsonb`,
          [
            d.closedAt,
            history({
              type: 'closed',
              at: d.closedAt,
              reason: d.reason,
              outcomes: d.outcomes,
              note: d.outcomeNarrative,
            }),
          ],
        );
        return;
      }
      case 'ReferralReopened': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          `status = 'accepted', closed_at = NULL, next_review_date = $3, history = history || $4::jsonb`,
          [
            d.nextReviewDate,
            history({ type: 'reopened', at: d.reopenedAt, note: d.reason, nextReviewDate: d.nextReviewDate }),
          ],
        );
        return;
      }
      default: {
        const unexpected: never = event;
        return unexpected;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE lag.referrals, lag.actions');
  }

  /**
   * Applies `set` (parameters from $3) and moves the row's version to the event's revision. The
   * version is the revision of the last event of the referral's stream applied to the row, so an
   * event at or before it was applied already and changes nothing: a replayed event does not count
   * a review twice or repeat a line of the history.
   */
  private async update(m: EntityManager, recorded: RecordedEvent, set: string, params: unknown[]): Promise<void> {
    const referralId = recorded.streamId.slice(STREAM_PREFIX.length);
    await m.query(
      `UPDATE lag.referrals SET ${set ? `${set}, ` : ''}version = $2 WHERE referral_id = $1 AND version < $2`,
      [referralId, recorded.revision, ...params],
    );
  }
}
