import type { RiskBand } from '../risk-matrix';
import type { Sealed } from '../sealed';
import type { AgendaItem, CancellationReason, DiscussionDecision, LateAdditionReason, RescheduleReason } from './codes';

export const meetingStream = (meetingId: string) => `lag-meeting-${meetingId}`;

// ---- events (stored contracts) ----

export type MeetingEvent =
  | {
      type: 'MeetingScheduled';
      data: {
        meetingId: string;
        partnershipId: string;
        localityId: string;
        startsAt: string;
        /** 0 for an urgent meeting, whose cut-off is the meeting time itself. */
        cutOffDays: number;
        cutOffAt: string;
        /** Set when a very-high-risk case called the meeting. */
        urgent: { referralId: string; reason: Sealed } | null;
        scheduledByUserId: string;
        scheduledAt: string;
      };
    }
  | {
      /** The meeting moves to another day or time before it starts; its cut-off moves with it. */
      type: 'MeetingRescheduled';
      data: {
        meetingId: string;
        partnershipId: string;
        previousStartsAt: string;
        startsAt: string;
        cutOffAt: string;
        reason: RescheduleReason;
        rescheduledByUserId: string;
        rescheduledAt: string;
      };
    }
  | {
      type: 'CaseAddedToAgenda';
      data: {
        meetingId: string;
        partnershipId: string;
        referralId: string;
        item: AgendaItem;
        band: RiskBand;
        /** Added after the cut-off by the chair, and why; absent when added in time. */
        lateAddition?: { reason: LateAdditionReason };
        /** True when this is the case that called the urgent meeting. */
        calledMeeting?: boolean;
        addedByUserId: string;
        addedAt: string;
      };
    }
  | {
      type: 'MeetingAttendanceRecorded';
      data: { meetingId: string; partnershipId: string; agencyId: string; userId: string | null; recordedAt: string };
    }
  | {
      type: 'MeetingApologiesRecorded';
      data: { meetingId: string; partnershipId: string; agencyId: string; userId: string | null; recordedAt: string };
    }
  | {
      type: 'MeetingConfidentialityConfirmed';
      data: { meetingId: string; partnershipId: string; chairUserId: string; confirmedAt: string };
    }
  | {
      type: 'CaseDiscussed';
      data: {
        meetingId: string;
        partnershipId: string;
        referralId: string;
        notes: Sealed;
        decisions: DiscussionDecision[];
        /**
         * Agencies present that no sharing agreement covered for this case, and the chair's decision:
         * excluded from this item (they did not hear it), or shared with on the basis given.
         */
        notCovered?:
          | { agencyIds: string[]; decision: 'excluded' }
          | { agencyIds: string[]; decision: 'shared'; justification: Sealed };
        recordedByUserId: string;
        recordedAt: string;
      };
    }
  | {
      type: 'ActionsCarriedForward';
      data: {
        meetingId: string;
        partnershipId: string;
        referralId: string;
        actionIds: string[];
        recordedByUserId: string;
        recordedAt: string;
      };
    }
  | {
      type: 'MeetingClosed';
      data: {
        meetingId: string;
        partnershipId: string;
        /** Agenda cases with nothing recorded: the next meeting should pick them up. */
        notDiscussedReferralIds: string[];
        closedByUserId: string;
        closedAt: string;
      };
    }
  | {
      /**
       * The chair issues the minutes of a closed meeting (decision 0028): to each agency present and
       * the chair's own, each receiving the part of every case it may read (and heard). The cases'
       * status and next review are as at issue: the minutes say what the meeting left.
       */
      type: 'MeetingMinutesIssued';
      data: {
        meetingId: string;
        partnershipId: string;
        recipients: Array<{ agencyId: string; referralIds: string[] }>;
        cases: Array<{ referralId: string; status: string; nextReviewDate: string | null }>;
        issuedByUserId: string;
        issuedAt: string;
      };
    }
  | {
      type: 'MeetingCancelled';
      data: {
        meetingId: string;
        partnershipId: string;
        reason: CancellationReason;
        cancelledByUserId: string;
        cancelledAt: string;
      };
    };
