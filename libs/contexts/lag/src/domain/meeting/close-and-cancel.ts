import { requireKnown } from '../errors';
import { CANCELLATION_REASONS, type CancellationReason } from './codes';
import { inStatus, OPEN } from './errors';
import type { MeetingEvent } from './events';
import type { ExistingMeeting } from './state';

export type CloseMeeting = { type: 'CloseMeeting'; partnershipId: string; closedByUserId: string; now: string };
export type CancelMeeting = {
  type: 'CancelMeeting';
  partnershipId: string;
  reason: CancellationReason;
  cancelledByUserId: string;
  now: string;
};

/** Closes a meeting in session, naming the agenda cases nothing was recorded for: the next meeting picks them up. */
export function closeMeeting(command: CloseMeeting, current: ExistingMeeting): MeetingEvent[] {
  const { record } = inStatus(current, ['in_session'], { scheduled: 'MEETING.NOT_STARTED', ...OPEN });
  const notDiscussedReferralIds = Object.keys(record.agenda).filter((id) => !record.discussed[id]);
  return [
    {
      type: 'MeetingClosed',
      data: {
        meetingId: record.meetingId,
        partnershipId: record.partnershipId,
        notDiscussedReferralIds,
        closedByUserId: command.closedByUserId,
        closedAt: command.now,
      },
    },
  ];
}

/** Cancels a meeting before it starts, with a reason; a meeting in session is closed instead. */
export function cancelMeeting(command: CancelMeeting, current: ExistingMeeting): MeetingEvent[] {
  const { record } = inStatus(current, ['scheduled'], { in_session: 'MEETING.ALREADY_STARTED', ...OPEN });
  const reason = requireKnown(CANCELLATION_REASONS, command.reason, 'MEETING.UNKNOWN_CODE', 'cancellation reason');
  return [
    {
      type: 'MeetingCancelled',
      data: {
        meetingId: record.meetingId,
        partnershipId: record.partnershipId,
        reason,
        cancelledByUserId: command.cancelledByUserId,
        cancelledAt: command.now,
      },
    },
  ];
}
