import type { RiskAssessment } from '../risk-matrix';
import {
  isOutstanding,
  type ActionKind,
  type ActionStatus,
  type ClosureOutcome,
  type ClosureReason,
  type DeclineReason,
  type ProtectedCharacteristic,
  type ReferralCategory,
  type Vulnerability,
} from './codes';

export type AgreedAction = {
  actionId: string;
  owningAgencyId: string;
  assigneeUserId: string | null;
  kind: ActionKind;
  dueDate: string;
  meetingId: string | null;
  targetPersonId: string | null;
  status: ActionStatus;
};

export type Involvement = { personIds: string[]; agencyIds: string[]; open: boolean };

/** What a referral keeps whatever its status; reopening builds on it, so history is never lost. */
export type ReferralRecord = {
  referralId: string;
  partnershipId: string;
  localityId: string;
  wardId: string | null;
  category: ReferralCategory;
  protectedCharacteristics: ProtectedCharacteristic[];
  victimIds: string[];
  perpetratorIds: string[];
  vulnerabilities: Vulnerability[];
  referringAgencyId: string;
  referredAt: string;
  repeat: boolean;
  repeatVictimIds: string[];
  risk: RiskAssessment;
  /** Agencies of the chairs who opened the referral to decide on it (before acceptance or decline). */
  decisionAgencyIds: string[];
  /** The chair who accepted the case and their agency; kept after closure. */
  acceptance: { userId: string; agencyId: string; acceptedAt: string } | null;
  /** In the order agreed. */
  actions: Record<string, AgreedAction>;
  lastReviewedAt: string | null;
  reviewCount: number;
  closures: Array<{ closedAt: string; reason: ClosureReason; outcomes: ClosureOutcome[]; reopenedAt: string | null }>;
  /** As last published in CaseInvolvementChanged. */
  involvement: Involvement | null;
};

export type ReferralState =
  | { status: 'none' }
  | { status: 'referred'; record: ReferralRecord }
  | {
      status: 'accepted';
      record: ReferralRecord;
      /** The day the review clock runs from: acceptance, the last review, or reopening. */
      reviewsFrom: string;
      nextReviewDate: string | null;
    }
  | { status: 'declined'; record: ReferralRecord; declinedAt: string; declineReason: DeclineReason }
  | { status: 'closed'; record: ReferralRecord; closedAt: string; closureReason: ClosureReason };

export type ExistingReferral = Exclude<ReferralState, { status: 'none' }>;

export const initialState: ReferralState = { status: 'none' };

/** Ids of the actions still open or in progress, e.g. for a meeting to carry forward. */
export function outstandingActionIds(state: ReferralState): string[] {
  if (state.status === 'none') return [];
  return Object.values(state.record.actions)
    .filter((a) => isOutstanding(a.status))
    .map((a) => a.actionId);
}
