import type { RiskAssessment, RiskBand } from '../risk-matrix';
import type { Sealed } from '../sealed';
import type {
  ActionKind,
  ActionStatus,
  ClosureOutcome,
  ClosureReason,
  DeclineReason,
  ProtectedCharacteristic,
  ReferralCategory,
  Vulnerability,
} from './codes';

export const referralStream = (referralId: string) => `lag-referral-${referralId}`;

// ---- events (stored contracts: names and meanings never change; dates `YYYY-MM-DD`, times ISO instants) ----

export type VictimReferredData = {
  referralId: string;
  partnershipId: string;
  localityId: string;
  wardId: string | null;
  category: ReferralCategory;
  /** Empty unless the category is hate_crime. */
  protectedCharacteristics: ProtectedCharacteristic[];
  victimIds: string[];
  perpetratorIds: string[];
  incidentSummary: Sealed;
  vulnerabilities: Vulnerability[];
  riskAssessment: RiskAssessment;
  multiAgencyReason: Sealed;
  referringAgencyId: string;
  referredByUserId: string;
  referredAt: string;
  /** True when any victim was referred within the last 12 months; `repeatVictimIds` says who. */
  repeat: boolean;
  repeatVictimIds: string[];
};

/**
 * Published for the access context: the complete set of people and agencies involved in the case,
 * and whether it is open. Each one replaces the previous one for the case.
 */
export type CaseInvolvementChangedData = {
  partnershipId: string;
  caseId: string;
  caseType: 'lag_referral';
  personIds: string[];
  agencyIds: string[];
  open: boolean;
};

export type ReferralEvent =
  | { type: 'VictimReferred'; data: VictimReferredData }
  | { type: 'CaseInvolvementChanged'; data: CaseInvolvementChangedData }
  | {
      type: 'ReferralAccepted';
      data: {
        referralId: string;
        partnershipId: string;
        acceptedByUserId: string;
        acceptedByAgencyId: string;
        acceptedAt: string;
        acceptedOn: string;
        nextReviewDate: string | null;
      };
    }
  | {
      /**
       * A LAG chair opened a referral awaiting a decision: the referring agency shares it with the
       * LAG through the chair, so the chair's agency is involved (and informed) from here on.
       */
      type: 'ReferralOpenedForDecision';
      data: {
        referralId: string;
        partnershipId: string;
        chairUserId: string;
        chairAgencyId: string;
        openedAt: string;
      };
    }
  | {
      type: 'ReferralDeclined';
      data: {
        referralId: string;
        partnershipId: string;
        reason: DeclineReason;
        note: Sealed | null;
        declinedByUserId: string;
        declinedAt: string;
      };
    }
  | {
      type: 'RiskReassessed';
      data: {
        referralId: string;
        partnershipId: string;
        riskAssessment: RiskAssessment;
        previousBand: RiskBand;
        /** Recounted from the last review (or acceptance) at the new band's cadence; null before acceptance. */
        nextReviewDate: string | null;
        assessedByUserId: string;
        assessedAt: string;
      };
    }
  | {
      type: 'ActionAgreed';
      data: {
        referralId: string;
        partnershipId: string;
        actionId: string;
        owningAgencyId: string;
        assigneeUserId: string | null;
        kind: ActionKind;
        description: Sealed;
        dueDate: string;
        /** The meeting that agreed it, or null when agreed between meetings. */
        meetingId: string | null;
        /** A victim or perpetrator of this case the action is about, if any. */
        targetPersonId: string | null;
        agreedByUserId: string;
        agreedAt: string;
      };
    }
  | {
      type: 'ActionStatusChanged';
      data: {
        referralId: string;
        partnershipId: string;
        actionId: string;
        from: ActionStatus;
        to: ActionStatus;
        /** What came of the action (required on completion) or why it was cancelled. */
        outcome: Sealed | null;
        changedByUserId: string;
        changedAt: string;
      };
    }
  | {
      type: 'ReferralReviewed';
      data: {
        referralId: string;
        partnershipId: string;
        meetingId: string | null;
        band: RiskBand;
        reviewedByUserId: string;
        reviewedAt: string;
        reviewedOn: string;
        nextReviewDate: string | null;
      };
    }
  | {
      type: 'ReferralClosed';
      data: {
        referralId: string;
        partnershipId: string;
        outcomes: ClosureOutcome[];
        outcomeNarrative: Sealed;
        reason: ClosureReason;
        closedByUserId: string;
        closedAt: string;
      };
    }
  | {
      type: 'ReferralReopened';
      data: {
        referralId: string;
        partnershipId: string;
        reason: Sealed;
        reopenedByUserId: string;
        reopenedAt: string;
        reopenedOn: string;
        nextReviewDate: string | null;
      };
    };
