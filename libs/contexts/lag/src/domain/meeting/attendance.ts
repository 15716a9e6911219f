import { inStatus, OPEN } from './errors';
import type { MeetingEvent } from './events';
import { attendeeKey, type ExistingMeeting } from './state';

export type RecordAttendance = {
  type: 'RecordAttendance';
  partnershipId: string;
  agencyId: string;
  userId?: string | null;
  now: string;
};
export type RecordApologies = {
  type: 'RecordApologies';
  partnershipId: string;
  agencyId: string;
  userId?: string | null;
  now: string;
};

/** Who attended and who sent apologies, per agency and person; the latest record for an attendee wins. */
export function recordAttendance(
  command: RecordAttendance | RecordApologies,
  current: ExistingMeeting,
): MeetingEvent[] {
  const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
  const userId = command.userId ?? null;
  const present = command.type === 'RecordAttendance';
  if (open.record.attendance[attendeeKey(command.agencyId, userId)]?.present === present) return [];
  const data = {
    meetingId: open.record.meetingId,
    partnershipId: open.record.partnershipId,
    agencyId: command.agencyId,
    userId,
    recordedAt: command.now,
  };
  return [present ? { type: 'MeetingAttendanceRecorded', data } : { type: 'MeetingApologiesRecorded', data }];
}
