import { nextReviewDate, type ReviewCadence } from '../review-cadence';
import { assessRisk, type ProfessionalJudgement, type RiskAnswers, type RiskMatrix } from '../risk-matrix';
import { requireInvolved, type LagActor } from './authorisation';
import { inStatus } from './errors';
import type { ReferralEvent } from './events';
import type { ExistingReferral } from './state';

export type ReassessRisk = {
  type: 'ReassessRisk';
  partnershipId: string;
  matrix: RiskMatrix;
  answers: RiskAnswers;
  judgement?: ProfessionalJudgement | null;
  /** An involved agency's practitioner, or the chair. */
  actor: LagActor;
  cadence: ReviewCadence;
  now: string;
};

/**
 * Rescores a live case on the partnership's current matrix, for an agency involved in it (or
 * the chair). An accepted case's next review is
 * recounted from its last review at the new band's cadence, so raising the band can make a
 * review due (or overdue) at once.
 */
export function reassessRisk(command: ReassessRisk, current: ExistingReferral): ReferralEvent[] {
  requireInvolved(command.actor, current);
  const live = inStatus(current, ['referred', 'accepted'], {
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.CLOSED',
  });
  const riskAssessment = assessRisk(command.matrix, command.answers, command.judgement);
  const next =
    live.status === 'accepted' ? nextReviewDate(live.reviewsFrom, riskAssessment.band, command.cadence) : null;
  const data = {
    referralId: live.record.referralId,
    partnershipId: live.record.partnershipId,
    riskAssessment,
    previousBand: live.record.risk.band,
    nextReviewDate: next,
    assessedByUserId: command.actor.userId,
    assessedAt: command.now,
  };
  return [{ type: 'RiskReassessed', data }];
}
