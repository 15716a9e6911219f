import type { Sealed } from '../../sealed';
import { DEFAULT_THRESHOLD_RULES, type ThresholdJudgement } from '../../threshold';
import type { CaseReviewCommand } from '../decide';
import type { ReviewActor } from '../guards';

/** Small builders for the review decider's tests: fixed ids, days and a fixed clock. */
export const P = 'partnership-1';
export const REVIEW = 'review-1';
export const VICTIM = 'victim-1';
export const COORDINATOR_AGENCY = 'agency-council';
export const POLICE = 'agency-police';
export const PFCC_OFFICE = 'agency-pfcc';
export const TODAY = '2026-03-20';
export const NOW = '2026-03-20T10:00:00.000Z';

export const sealed = (label: string): Sealed => ({ v: 1, iv: `iv-${label}`, ct: `ct-${label}`, tag: `tag-${label}` });
const clock = { now: NOW, today: TODAY };
const base = { partnershipId: P, ...clock };

export const coordinator: ReviewActor = {
  userId: 'u-coord',
  agencyId: COORDINATOR_AGENCY,
  coordinator: true,
  pfccReviewer: false,
};
export const policeOfficer: ReviewActor = { userId: 'u-pc', agencyId: POLICE, coordinator: false, pfccReviewer: false };
export const pfccReviewer: ReviewActor = {
  userId: 'u-pfcc',
  agencyId: PFCC_OFFICE,
  coordinator: false,
  pfccReviewer: true,
};

export function applyByVictim(
  over: Partial<Extract<CaseReviewCommand, { type: 'ApplyForReview' }>> = {},
): CaseReviewCommand {
  return {
    type: 'ApplyForReview',
    reviewId: REVIEW,
    ...base,
    route: 'phone',
    receivedOn: '2026-03-02',
    applicant: { kind: 'victim' },
    victimPersonId: VICTIM,
    wardId: null,
    consentChecked: false,
    sealedWith: VICTIM,
    recordedByUserId: 'u-coord',
    coordinatorAgencyId: COORDINATOR_AGENCY,
    ...over,
  };
}

export const acknowledge = (acknowledgedOn = '2026-03-04'): CaseReviewCommand => ({
  type: 'AcknowledgeApplication',
  ...base,
  acknowledgedOn,
  route: 'letter',
  byUserId: 'u-coord',
});

export const requestInformation = (agencyIds = [POLICE], askedOn = '2026-03-04'): CaseReviewCommand => ({
  type: 'RequestInformation',
  ...base,
  requests: agencyIds.map((agencyId) => ({ requestId: `req-${agencyId}`, agencyId, dueOn: '2026-03-11' })),
  askedOn,
  askedByUserId: 'u-coord',
});

export const answer = (actor = policeOfficer, supplied = true, requestId = `req-${POLICE}`): CaseReviewCommand => ({
  type: 'AnswerInformationRequest',
  ...base,
  requestId,
  actor,
  answeredOn: '2026-03-09',
  supplied: supplied ? { summary: sealed('supplied'), reportIds: ['report-1', 'report-1', 'report-2'] } : null,
});

export function judgement(
  met: boolean,
  basis: ThresholdJudgement['basis'] = met ? 'statutory_number' : null,
): ThresholdJudgement {
  return {
    rulesVersion: 1,
    complaints: [{ reportId: 'report-1', incidentId: 'incident-1', qualifies: true, statutory: true, reasons: [] }],
    qualifyingIncidents: met ? 3 : 1,
    statutoryQualifyingIncidents: met ? 3 : 1,
    requiredIncidents: 3,
    met,
    basis,
    notMetReasons: met ? [] : ['TOO_FEW_QUALIFYING_COMPLAINTS'],
    community: null,
  };
}

export const decideThreshold = (met: boolean, discretion: Sealed | null = null): CaseReviewCommand => ({
  type: 'DecideThreshold',
  ...base,
  rules: DEFAULT_THRESHOLD_RULES,
  judgement: judgement(met, discretion ? 'discretion' : undefined),
  complaints: [
    {
      reportId: 'report-1',
      incidentId: 'incident-1',
      agencyId: POLICE,
      agencyIsRelevantBody: true,
      behaviourOn: '2026-02-01',
      reportedOn: '2026-02-02',
      category: 'personal',
    },
  ],
  communityComplaints: [],
  discretion: discretion ? { reason: discretion } : null,
  decidedOn: '2026-03-12',
  byUserId: 'u-coord',
});

export const schedulePanel = (victimInvited = true): CaseReviewCommand => ({
  type: 'SchedulePanel',
  ...base,
  meetingId: 'meeting-1',
  meetingOn: '2026-03-18',
  chairName: 'Independent Chair',
  independentChair: true,
  agencyIds: [COORDINATOR_AGENCY, POLICE],
  victimInvited,
  byUserId: 'u-coord',
});

export const panelHeld = (): CaseReviewCommand => ({
  type: 'RecordPanelHeld',
  ...base,
  heldOn: '2026-03-18',
  agenciesAttended: [COORDINATOR_AGENCY, POLICE],
  victimAttended: true,
  impactStatementGiven: true,
  byUserId: 'u-coord',
});

export const recommend = (id = 'rec-1', owningAgencyId = POLICE): CaseReviewCommand => ({
  type: 'MakeRecommendation',
  ...base,
  recommendationId: id,
  owningAgencyId,
  text: sealed(id),
  dueOn: '2026-04-30',
  byUserId: 'u-coord',
});

export const consult = (): CaseReviewCommand => ({
  type: 'ConsultVictim',
  ...base,
  consultedOn: '2026-03-19',
  route: 'phone',
  views: sealed('views'),
  byUserId: 'u-coord',
});

export const finalise = (): CaseReviewCommand => ({
  type: 'FinaliseActionPlan',
  ...base,
  finalisedOn: '2026-03-19',
  byUserId: 'u-coord',
});

export const sendOutcome = (sentOn = '2026-03-20', appealBy = '2026-04-20'): CaseReviewCommand => ({
  type: 'SendOutcome',
  ...base,
  sentOn,
  route: 'letter',
  appealBy,
  byUserId: 'u-coord',
});

export const escalate = (requestedOn = TODAY, grounds = ['handling']): CaseReviewCommand => ({
  type: 'EscalateToPfcc',
  ...base,
  escalationId: 'esc-1',
  requestedOn,
  grounds,
  detail: sealed('grounds'),
  pfccAgencyId: PFCC_OFFICE,
  byUserId: 'u-coord',
});

export const pfccDecides = (decision: 'upheld' | 'referred_back', actor = pfccReviewer): CaseReviewCommand => ({
  type: 'DecidePfccReview',
  ...base,
  decision,
  reasons: sealed('pfcc'),
  decidedOn: TODAY,
  actor,
});

export const close = (reason = 'action_plan_agreed'): CaseReviewCommand => ({
  type: 'CloseReview',
  ...base,
  closedOn: TODAY,
  reason: reason as never,
  toldToVictim: sealed('closure'),
  byUserId: 'u-coord',
});
