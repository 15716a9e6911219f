import { deciderSpec } from '@hubline/testing';
import {
  decide,
  evolve,
  initialState,
  type LagActor,
  type ReferCommand,
  type ReferralCommand,
  type ReferralEvent,
} from '..';
import { DEFAULT_REVIEW_CADENCE } from '../../review-cadence';
import { DEFAULT_ASB_RISK_MATRIX, type RiskAnswers } from '../../risk-matrix';
import type { Sealed } from '../../sealed';

/**
 * The referral specs' fixed clock, ids and command builders: a police referral of one victim and
 * one perpetrator, accepted by the ASB team's chair, with actions for housing.
 */
export const now = '2026-11-23T10:00:00.000Z';
export const today = '2026-11-23';
export const later = (days: number) => ({
  now: new Date(Date.parse(now) + days * 86_400_000).toISOString(),
  today: new Date(Date.parse(now) + days * 86_400_000).toISOString().slice(0, 10),
});
export const sealed = (label: string): Sealed => ({ v: 1, iv: `iv-${label}`, ct: `ct-${label}`, tag: `tag-${label}` });

export const P = 'partnership-1';
export const R = 'referral-1';
export const VICTIM = 'person-victim-1';
export const VICTIM_2 = 'person-victim-2';
export const PERPETRATOR = 'person-perpetrator-1';
export const POLICE = 'agency-police';
export const ASB_TEAM = 'agency-asb-team';
export const HOUSING = 'agency-housing';
export const cadence = DEFAULT_REVIEW_CADENCE;
/** Who acts: the chair (of the ASB team), a police officer (the referring agency) and a housing officer. */
export const CHAIR: LagActor = { userId: 'user-chair', agencyId: ASB_TEAM, chair: true };
export const PC_JONES: LagActor = { userId: 'user-pc-jones', agencyId: POLICE, chair: false };
export const HOUSING_OFFICER: LagActor = { userId: 'user-housing', agencyId: HOUSING, chair: false };

export const answers = (overrides: RiskAnswers): RiskAnswers => ({
  ...Object.fromEntries(DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, q.answers[0].id])),
  ...overrides,
});
/** Scores 11: medium. */
export const MEDIUM = answers({
  incidents_12_months: 'three_to_five',
  mental_health: 'some',
  fear_at_home: 'often',
  perpetrator_proximity: 'nearby',
  escalation: 'escalating',
});
/** Scores 22: high. */
export const HIGH = answers({
  repeat_victimisation: 'several',
  incidents_12_months: 'six_or_more',
  mental_health: 'significant',
  vulnerability: 'yes',
  fear_at_home: 'often',
  hate_motivated: 'yes',
  support_network: 'limited',
  perpetrator_proximity: 'neighbour',
  escalation: 'escalating',
});

export function aReferral(overrides: Partial<ReferCommand> = {}): ReferCommand {
  return {
    type: 'Refer',
    referralId: R,
    partnershipId: P,
    localityId: 'locality-grays',
    wardId: 'ward-grays-riverside',
    category: 'asb',
    victims: [{ personId: VICTIM, previousReferralAt: null }],
    perpetratorIds: [PERPETRATOR],
    incidentSummary: sealed('summary'),
    vulnerabilities: ['mental_health', 'socially_isolated'],
    risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: HIGH },
    multiAgencyReason: sealed('why'),
    referringAgencyId: POLICE,
    referredByUserId: 'user-pc-jones',
    now,
    ...overrides,
  };
}
export const accept = (
  overrides: Partial<Extract<ReferralCommand, { type: 'AcceptReferral' }>> = {},
): ReferralCommand => ({
  type: 'AcceptReferral',
  partnershipId: P,
  chairUserId: 'user-chair',
  chairAgencyId: ASB_TEAM,
  cadence,
  now,
  today,
  ...overrides,
});
export const agree = (overrides: Partial<Extract<ReferralCommand, { type: 'AgreeAction' }>> = {}): ReferralCommand => ({
  type: 'AgreeAction',
  partnershipId: P,
  actionId: 'action-1',
  owningAgencyId: HOUSING,
  kind: 'warning_letter',
  description: sealed('action'),
  dueDate: '2026-12-07',
  meetingId: 'meeting-1',
  actor: CHAIR,
  now,
  today,
  ...overrides,
});
export const setStatus = (
  actionId: string,
  status: 'open' | 'in_progress' | 'completed' | 'cancelled',
  outcome: Sealed | null = null,
): ReferralCommand => ({
  type: 'UpdateActionStatus',
  partnershipId: P,
  actionId,
  status,
  outcome,
  actor: HOUSING_OFFICER,
  now,
});
export const close = (
  overrides: Partial<Extract<ReferralCommand, { type: 'CloseReferral' }>> = {},
): ReferralCommand => ({
  type: 'CloseReferral',
  partnershipId: P,
  outcomes: ['victim_feels_safer', 'incidents_stopped'],
  outcomeNarrative: sealed('outcome'),
  reason: 'risk_reduced',
  closedByUserId: 'user-chair',
  now,
  ...overrides,
});
export const reopen: Extract<ReferralCommand, { type: 'ReopenReferral' }> = {
  type: 'ReopenReferral',
  partnershipId: P,
  reason: sealed('reopen'),
  reopenedByUserId: 'user-chair',
  cadence,
  now,
  today,
};
export const review = (
  overrides: Partial<Extract<ReferralCommand, { type: 'RecordReview' }>> = {},
): ReferralCommand => ({
  type: 'RecordReview',
  partnershipId: P,
  meetingId: 'meeting-1',
  reviewedByUserId: 'user-chair',
  cadence,
  now,
  today,
  ...overrides,
});

export const referral = deciderSpec({ decide, evolve, initialState });
export const { history, state: given } = referral;
export const aReferred = (overrides: Partial<ReferCommand> = {}) => history(aReferral(overrides));
export const anAcceptedReferral = (overrides: Partial<ReferCommand> = {}) => history(aReferral(overrides), accept());
export const aClosedReferral = () => history(aReferral(), accept(), close());
export const ofType = <T extends ReferralEvent['type']>(events: ReferralEvent[], type: T) =>
  events.filter((e): e is Extract<ReferralEvent, { type: T }> => e.type === type);
