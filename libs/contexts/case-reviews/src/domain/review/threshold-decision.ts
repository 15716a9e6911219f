import { CaseReviewError } from '../errors';
import type { Sealed } from '../sealed';
import type { ThresholdJudgement, ThresholdRules } from '../threshold';
import { QUERY_ROUTE } from './codes';
import type { CaseReviewEvent, ConsideredComplaint } from './events';
import { inStatus, stepDay } from './guards';
import type { ExistingReview } from './state';

export type DecideThreshold = {
  type: 'DecideThreshold';
  partnershipId: string;
  /** The rules in force and the engine's judgement on the complaints below (judged by the caller). */
  rules: ThresholdRules;
  judgement: ThresholdJudgement;
  complaints: ConsideredComplaint[];
  communityComplaints: ConsideredComplaint[];
  /** A senior manager's acceptance below the threshold, with the reason (sealed). */
  discretion: { reason: Sealed } | null;
  decidedOn: string;
  byUserId: string;
  now: string;
  today: string;
};

/** Words for the engine's not-met codes, with the numbers from the judgement and the rules (no personal data). */
export function explainNotMet(judgement: ThresholdJudgement, rules: ThresholdRules): string[] {
  return judgement.notMetReasons.map((code) => {
    switch (code) {
      case 'TOO_FEW_QUALIFYING_COMPLAINTS':
        return `${judgement.qualifyingIncidents} qualifying complaint(s) about distinct incidents in the ${rules.windowMonths} months before the application; ${judgement.requiredIncidents} are needed (each made within one month of the behaviour, the application within six months of the complaint).`;
      case 'NO_QUALIFYING_HATE_INCIDENT':
        return `No qualifying hate incident in the ${rules.windowMonths} months before the application.`;
      case 'COMMUNITY_TOO_FEW_REPORTS':
        return `${judgement.community?.reports ?? 0} report(s) about the problem in the ward in ${rules.community.windowMonths} months; ${rules.community.reports} are needed.`;
      case 'COMMUNITY_TOO_FEW_REPORTERS':
        return `${judgement.community?.reporters ?? 0} different reporter(s); ${rules.community.minDistinctReporters} are needed.`;
      default: {
        const unexpected: never = code;
        return unexpected;
      }
    }
  });
}

/**
 * Records the threshold decision whole: the rules in force, each complaint's verdict with its
 * reasons, which agencies were relevant bodies, met or not and on what basis. A decision not met
 * carries its reasons and the applicant's route to query it (the PFCC's review).
 */
export function decideThreshold(command: DecideThreshold, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['received'], {
    in_review: 'CASE_REVIEW.THRESHOLD_ALREADY_DECIDED',
    not_met: 'CASE_REVIEW.THRESHOLD_ALREADY_DECIDED',
    outcome_sent: 'CASE_REVIEW.THRESHOLD_ALREADY_DECIDED',
    closed: 'CASE_REVIEW.CLOSED',
    escalated: 'CASE_REVIEW.ESCALATED',
  });
  const { judgement, rules } = command;
  if (command.discretion && !rules.discretionAllowed)
    throw new CaseReviewError(
      'CASE_REVIEW.DISCRETION_NOT_ALLOWED',
      'The partnership’s procedure does not allow discretion below the threshold.',
    );
  if (command.discretion && judgement.basis !== 'discretion')
    throw new CaseReviewError('CASE_REVIEW.DISCRETION_NOT_NEEDED', 'The threshold is met without discretion.');
  const agencies = new Map<string, boolean>();
  for (const c of [...command.complaints, ...command.communityComplaints])
    agencies.set(c.agencyId, c.agencyIsRelevantBody);
  return [
    {
      type: 'CaseReviewThresholdDecided',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        round: record.round,
        decidedOn: stepDay(command.decidedOn, command.today, record.receivedOn, 'The threshold decision'),
        decidedByUserId: command.byUserId,
        decidedAt: command.now,
        rules,
        judgement,
        complaints: command.complaints,
        communityComplaints: command.communityComplaints,
        agencies: [...agencies].map(([agencyId, relevantBody]) => ({ agencyId, relevantBody })),
        discretion: command.discretion
          ? { reason: command.discretion.reason, authorisedByUserId: command.byUserId }
          : null,
        met: judgement.met,
        notMetExplanation: judgement.met ? [] : explainNotMet(judgement, rules),
        queryRoute: judgement.met ? null : QUERY_ROUTE,
      },
    },
  ];
}
