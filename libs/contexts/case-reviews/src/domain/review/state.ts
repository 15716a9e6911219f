import type { ThresholdBasis } from '../threshold';
import type {
  ApplicantKind,
  ApplicationRoute,
  ClosureReason,
  ContactRoute,
  EscalationGround,
  PfccDecision,
  RecommendationStatus,
} from './codes';

export type InformationRequest = {
  requestId: string;
  round: number;
  agencyId: string;
  askedOn: string;
  dueOn: string;
  answer: { kind: 'supplied' | 'not_held'; answeredOn: string; reportIds: string[] } | null;
};

export type ThresholdDecision = {
  round: number;
  decidedOn: string;
  met: boolean;
  basis: ThresholdBasis | null;
  rulesVersion: number;
  discretion: boolean;
};

export type Panel = {
  meetingId: string;
  round: number;
  meetingOn: string;
  chairName: string;
  independentChair: boolean;
  agencyIds: string[];
  victimInvited: boolean;
  held: { heldOn: string; agenciesAttended: string[]; victimAttended: boolean; impactStatementGiven: boolean } | null;
  findingsRecorded: boolean;
};

export type Recommendation = {
  recommendationId: string;
  round: number;
  owningAgencyId: string;
  dueOn: string;
  status: RecommendationStatus;
  madeOn: string;
  finishedOn: string | null;
};

export type Escalation = {
  escalationId: string;
  requestedOn: string;
  grounds: EscalationGround[];
  pfccAgencyId: string;
  decision: { decision: PfccDecision; decidedOn: string } | null;
};

export type Involvement = { personIds: string[]; agencyIds: string[]; open: boolean };

/** What a review keeps whatever its status: a referral back starts a new round and keeps every earlier one. */
export type ReviewRecord = {
  reviewId: string;
  partnershipId: string;
  route: ApplicationRoute;
  receivedOn: string;
  applicantKind: ApplicantKind;
  victimPersonId: string | null;
  wardId: string | null;
  sealedWith: string;
  coordinatorAgencyId: string;
  acknowledged: { acknowledgedOn: string; route: ContactRoute } | null;
  /** 1, then one more for each referral back by the PFCC's office. */
  round: number;
  requests: Record<string, InformationRequest>;
  decisions: ThresholdDecision[];
  /** Panels of every round, in order; the last is the current round's when its round is `round`. */
  panels: Panel[];
  recommendations: Record<string, Recommendation>;
  /** Of the current round. */
  consultedOn: string | null;
  planFinalisedOn: string | null;
  outcomes: Array<{ round: number; sentOn: string; route: ContactRoute; thresholdMet: boolean; appealBy: string }>;
  closures: Array<{ closedOn: string; reason: ClosureReason; round: number }>;
  escalations: Escalation[];
  involvement: Involvement | null;
};

export type CaseReviewState =
  | { status: 'none' }
  /** Applied (or referred back): information requests and a threshold decision to come. */
  | { status: 'received'; record: ReviewRecord }
  /** The threshold was met: the panel, its findings and the action plan. */
  | { status: 'in_review'; record: ReviewRecord }
  /** The threshold was not met: the applicant is to be told why, and how to query it. */
  | { status: 'not_met'; record: ReviewRecord }
  | { status: 'outcome_sent'; record: ReviewRecord }
  | { status: 'closed'; record: ReviewRecord }
  /** The PFCC's office is reviewing; `resume` is where an upheld decision returns the review. */
  | { status: 'escalated'; record: ReviewRecord; resume: 'outcome_sent' | 'closed' };

export type ExistingReview = Exclude<CaseReviewState, { status: 'none' }>;
export type ReviewStatus = CaseReviewState['status'];
export const REVIEW_STATUSES = [
  'received',
  'in_review',
  'not_met',
  'outcome_sent',
  'closed',
  'escalated',
] as const satisfies readonly Exclude<ReviewStatus, 'none'>[];

export const initialState: CaseReviewState = { status: 'none' };

/** The current round's panel, if one was scheduled. */
export function currentPanel(record: ReviewRecord): Panel | null {
  const last = record.panels[record.panels.length - 1];
  return last && last.round === record.round ? last : null;
}

/** The current round's threshold decision, if made. */
export function currentDecision(record: ReviewRecord): ThresholdDecision | null {
  const last = record.decisions[record.decisions.length - 1];
  return last && last.round === record.round ? last : null;
}

export function openEscalation(record: ReviewRecord): Escalation | null {
  const last = record.escalations[record.escalations.length - 1];
  return last && !last.decision ? last : null;
}
