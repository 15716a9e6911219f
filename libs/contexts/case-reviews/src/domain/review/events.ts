import type { Plain, Sealed } from '../sealed';
import type { ThresholdJudgement, ThresholdRules } from '../threshold';
import type {
  ApplicantKind,
  ApplicationRoute,
  ClosureReason,
  ContactRoute,
  EscalationGround,
  OnBehalfRelationship,
  PfccDecision,
  RecommendationStatus,
} from './codes';

export const caseReviewStream = (reviewId: string) => `case-review-${reviewId}`;

/** Who applied. A representative's name is personal data (sealed); a business or group is named plainly. */
export type Applicant =
  | { kind: 'victim' }
  | { kind: 'on_behalf'; name: Sealed; relationship: OnBehalfRelationship; consentId: string }
  | { kind: 'business' | 'community_group'; name: string };

/** A complaint the threshold was judged on: ids and codes only, as the ASB reports context gave it. */
export type ConsideredComplaint = {
  reportId: string;
  incidentId: string;
  agencyId: string;
  agencyIsRelevantBody: boolean;
  behaviourOn: string;
  reportedOn: string;
  category: string;
};

// ---- events (stored contracts: dates `YYYY-MM-DD`, times ISO instants) ----
type Ids = { reviewId: string; partnershipId: string };

export type CaseReviewAppliedData = Ids & {
  route: ApplicationRoute;
  receivedOn: string;
  applicantKind: ApplicantKind;
  applicant: Applicant;
  /** The registered person the behaviour was against; null only for a business or group applying for itself. */
  victimPersonId: string | null;
  /** The ward the problem is in (for the community threshold), if given. */
  wardId: string | null;
  /** The key the review's free text is sealed with: the victim's, or the review's own when there is no victim. */
  sealedWith: string;
  /** The single point of contact who recorded it, and their agency. */
  recordedByUserId: string;
  coordinatorAgencyId: string;
  recordedAt: string;
};

export type CaseReviewInvolvementData = {
  partnershipId: string;
  caseId: string;
  caseType: 'asb_case_review';
  personIds: string[];
  agencyIds: string[];
  open: boolean;
};

export type InformationSuppliedData = Ids & {
  requestId: string;
  round: number;
  agencyId: string;
  /** Who received it: the coordinator's agency. */
  recipientAgencyId: string;
  personIds: string[];
  dataCategories: string[];
  summary: Sealed;
  reportIds: string[];
  answeredOn: string;
  answeredByUserId: string;
  answeredAt: string;
  /** The statutory gateway: a relevant body's duty to supply (ASB, Crime and Policing Act 2014 Sch 4 para 7). */
  gateway: 'asbcpa_2014_sch4_para7';
};

export type ThresholdDecidedData = Ids & {
  round: number;
  decidedOn: string;
  decidedByUserId: string;
  decidedAt: string;
  /** The rules in force, whole; `rules.version` is also `judgement.rulesVersion`. */
  rules: Plain<ThresholdRules>;
  judgement: Plain<ThresholdJudgement>;
  complaints: ConsideredComplaint[];
  communityComplaints: ConsideredComplaint[];
  /** Each agency of the complaints, and whether it was a relevant body when judged. */
  agencies: Array<{ agencyId: string; relevantBody: boolean }>;
  discretion: { reason: Sealed; authorisedByUserId: string } | null;
  met: boolean;
  /** When not met: the reasons in words (no personal data), and where the applicant may query it. */
  notMetExplanation: string[];
  queryRoute: 'pfcc_review' | null;
};

export type CaseReviewEvent =
  | { type: 'CaseReviewApplied'; data: CaseReviewAppliedData }
  | { type: 'CaseInvolvementChanged'; data: CaseReviewInvolvementData }
  | {
      type: 'CaseReviewAcknowledged';
      data: Ids & { acknowledgedOn: string; route: ContactRoute; byUserId: string; at: string };
    }
  | {
      type: 'CaseReviewInformationRequested';
      data: Ids & {
        requestId: string;
        round: number;
        agencyId: string;
        askedOn: string;
        dueOn: string;
        askedByUserId: string;
        at: string;
      };
    }
  | { type: 'CaseReviewInformationSupplied'; data: InformationSuppliedData }
  | {
      type: 'CaseReviewInformationNotHeld';
      data: Ids & {
        requestId: string;
        round: number;
        agencyId: string;
        answeredOn: string;
        answeredByUserId: string;
        answeredAt: string;
      };
    }
  | { type: 'CaseReviewThresholdDecided'; data: ThresholdDecidedData }
  | {
      type: 'CaseReviewPanelScheduled';
      data: Ids & {
        meetingId: string;
        round: number;
        meetingOn: string;
        chairName: string;
        independentChair: boolean;
        agencyIds: string[];
        victimInvited: boolean;
        byUserId: string;
        at: string;
      };
    }
  | {
      type: 'CaseReviewPanelHeld';
      data: Ids & {
        meetingId: string;
        heldOn: string;
        agenciesAttended: string[];
        victimAttended: boolean;
        impactStatementGiven: boolean;
        byUserId: string;
        at: string;
      };
    }
  | {
      type: 'CaseReviewFindingsRecorded';
      data: Ids & { meetingId: string; findings: Sealed; byUserId: string; at: string };
    }
  | {
      type: 'CaseReviewRecommendationMade';
      data: Ids & {
        recommendationId: string;
        round: number;
        owningAgencyId: string;
        text: Sealed;
        dueOn: string;
        byUserId: string;
        at: string;
      };
    }
  | {
      type: 'CaseReviewRecommendationProgressed';
      data: Ids & {
        recommendationId: string;
        from: RecommendationStatus;
        to: RecommendationStatus;
        note: Sealed | null;
        byUserId: string;
        byAgencyId: string;
        on: string;
        at: string;
      };
    }
  | {
      type: 'CaseReviewVictimConsulted';
      data: Ids & { consultedOn: string; route: ContactRoute; views: Sealed | null; byUserId: string; at: string };
    }
  | {
      type: 'CaseReviewActionPlanFinalised';
      data: Ids & { finalisedOn: string; recommendationIds: string[]; byUserId: string; at: string };
    }
  | {
      type: 'CaseReviewOutcomeSent';
      data: Ids & {
        round: number;
        sentOn: string;
        route: ContactRoute;
        thresholdMet: boolean;
        /** The last day the applicant may ask the PFCC's office to review (the appeal window). */
        appealBy: string;
        byUserId: string;
        at: string;
      };
    }
  | {
      type: 'CaseReviewClosed';
      data: Ids & { closedOn: string; reason: ClosureReason; toldToVictim: Sealed; byUserId: string; at: string };
    }
  | {
      type: 'CaseReviewEscalated';
      data: Ids & {
        escalationId: string;
        requestedOn: string;
        grounds: EscalationGround[];
        detail: Sealed | null;
        pfccAgencyId: string;
        byUserId: string;
        at: string;
      };
    }
  | {
      type: 'CaseReviewPfccReviewDecided';
      data: Ids & {
        escalationId: string;
        decision: PfccDecision;
        reasons: Sealed;
        decidedOn: string;
        byUserId: string;
        byAgencyId: string;
        at: string;
        /** For a referral back: the new round, which needs a fresh threshold decision. */
        newRound: number | null;
      };
    };

export type CaseReviewEventType = CaseReviewEvent['type'];
export const CASE_REVIEW_EVENT_TYPES: readonly CaseReviewEventType[] = [
  'CaseReviewApplied',
  'CaseInvolvementChanged',
  'CaseReviewAcknowledged',
  'CaseReviewInformationRequested',
  'CaseReviewInformationSupplied',
  'CaseReviewInformationNotHeld',
  'CaseReviewThresholdDecided',
  'CaseReviewPanelScheduled',
  'CaseReviewPanelHeld',
  'CaseReviewFindingsRecorded',
  'CaseReviewRecommendationMade',
  'CaseReviewRecommendationProgressed',
  'CaseReviewVictimConsulted',
  'CaseReviewActionPlanFinalised',
  'CaseReviewOutcomeSent',
  'CaseReviewClosed',
  'CaseReviewEscalated',
  'CaseReviewPfccReviewDecided',
];
