import { londonDay } from '@hubline/calendar';
import { LagError } from '../errors';
import { statusGuard } from '../status-refusal';
import type { ExistingMeeting, MeetingRecord, MeetingState } from './state';

/** Why a command is refused in a meeting's current status. */
const STATUS_REFUSALS = {
  'MEETING.CONFIDENTIALITY_NOT_CONFIRMED':
    'The chair must confirm the confidentiality statement before any case is discussed.',
  'MEETING.NOT_STARTED': 'This meeting has not started: the confidentiality statement has not been confirmed.',
  'MEETING.ALREADY_STARTED': 'This meeting is in session; close it instead.',
  'MEETING.CLOSED': 'This meeting is closed.',
  'MEETING.CANCELLED': 'This meeting was cancelled.',
  'MEETING.NOT_CLOSED': 'Minutes are issued once the meeting is closed.',
};

/** Narrows a meeting to the statuses a command allows; every other status names its refusal. */
export const inStatus = statusGuard<ExistingMeeting, keyof typeof STATUS_REFUSALS>(STATUS_REFUSALS);

/** The refusals of a meeting that is over: for commands allowed while scheduled or in session. */
export const OPEN = { closed: 'MEETING.CLOSED', cancelled: 'MEETING.CANCELLED' } as const;
/** The refusals for commands that record a case, allowed only in session. */
export const IN_SESSION = { scheduled: 'MEETING.CONFIDENTIALITY_NOT_CONFIRMED', ...OPEN } as const;

export function existing(state: MeetingState, partnershipId: string): ExistingMeeting {
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new LagError('MEETING.NOT_FOUND', 'No such meeting in your partnership.');
  return state;
}

/** The London calendar day a meeting is held on. */
export const meetingDay = (record: MeetingRecord): string => londonDay(record.startsAt);

/**
 * A meeting runs on its day: its session steps (the confidentiality statement, case discussions,
 * actions carried forward) are refused on any other day. A meeting held on another day is
 * rescheduled first, which records when and why.
 */
export function requireMeetingDay(record: MeetingRecord, today: string): void {
  const day = meetingDay(record);
  if (day !== today)
    throw new LagError(
      'MEETING.NOT_ITS_DAY',
      `This meeting is on ${day}, not today (${today}); reschedule it to hold it today.`,
      { meetingDay: day, today },
    );
}

export function onAgenda(record: MeetingRecord, referralId: string): void {
  if (!record.agenda[referralId])
    throw new LagError('MEETING.CASE_NOT_ON_AGENDA', "Only cases on this meeting's agenda can be recorded.");
}
