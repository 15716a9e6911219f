import type { RiskBand } from '../risk-matrix';
import type { AgendaItem, CancellationReason } from './codes';

export type Attendance = { agencyId: string; userId: string | null; present: boolean };

export type MeetingRecord = {
  meetingId: string;
  partnershipId: string;
  localityId: string;
  startsAt: string;
  cutOffAt: string;
  cutOffDays: number;
  urgent: boolean;
  /** By referral id, in the order added. */
  agenda: Record<string, { item: AgendaItem; band: RiskBand }>;
  /** By `agencyId/userId`; the latest record for an attendee wins. */
  attendance: Record<string, Attendance>;
  /** How many discussion records each referral has at this meeting. */
  discussed: Record<string, number>;
  carriedActionIds: Record<string, string[]>;
};

export type MeetingState =
  | { status: 'none' }
  | { status: 'scheduled'; record: MeetingRecord }
  | { status: 'in_session'; record: MeetingRecord; chairUserId: string; confidentialityConfirmedAt: string }
  | { status: 'closed'; record: MeetingRecord; closedAt: string; minutesIssuedAt?: string }
  | { status: 'cancelled'; record: MeetingRecord; cancelledAt: string; reason: CancellationReason };

export type ExistingMeeting = Exclude<MeetingState, { status: 'none' }>;

export const initialState: MeetingState = { status: 'none' };

export const attendeeKey = (agencyId: string, userId: string | null) => `${agencyId}/${userId ?? ''}`;
