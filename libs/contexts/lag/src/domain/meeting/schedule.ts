import { instantDaysBefore, instantMs, isIsoInstant, londonDay, normaliseInstant } from '@hubline/calendar';
import { LagError, requireKnown } from '../errors';
import type { RiskBand } from '../risk-matrix';
import type { Sealed } from '../sealed';
import { DEFAULT_REFERRAL_CUT_OFF_DAYS, RESCHEDULE_REASONS, type RescheduleReason } from './codes';
import { inStatus, OPEN } from './errors';
import type { MeetingEvent } from './events';
import type { ExistingMeeting, MeetingState } from './state';

export type ScheduleMeeting = {
  type: 'ScheduleMeeting';
  meetingId: string;
  partnershipId: string;
  localityId: string;
  startsAt: string;
  /** Days before the meeting that new referrals must have been accepted by; default 10. */
  cutOffDays?: number;
  /** For a very-high-risk case that cannot wait: the case, its current band and why. */
  urgent?: { referralId: string; band: RiskBand; reason: Sealed } | null;
  scheduledByUserId: string;
  now: string;
};

export type RescheduleMeeting = {
  type: 'RescheduleMeeting';
  partnershipId: string;
  startsAt: string;
  reason: RescheduleReason;
  rescheduledByUserId: string;
  now: string;
  today: string;
};

/**
 * Moves a meeting that has not started to another day or time (today at the earliest), with a
 * reason; its cut-off keeps its distance from the meeting. The same time again changes nothing.
 */
export function rescheduleMeeting(command: RescheduleMeeting, current: ExistingMeeting): MeetingEvent[] {
  const { record } = inStatus(current, ['scheduled'], { in_session: 'MEETING.ALREADY_STARTED', ...OPEN });
  if (!isIsoInstant(command.startsAt))
    throw new LagError('MEETING.INVALID_DATE', 'The start must be a date and time with a time zone.');
  const startsAt = normaliseInstant(command.startsAt);
  const reason = requireKnown(RESCHEDULE_REASONS, command.reason, 'MEETING.UNKNOWN_CODE', 'reschedule reason');
  if (londonDay(startsAt) < command.today)
    throw new LagError('MEETING.IN_THE_PAST', 'A meeting can be moved to today at the earliest.');
  if (startsAt === record.startsAt) return [];
  return [
    {
      type: 'MeetingRescheduled',
      data: {
        meetingId: record.meetingId,
        partnershipId: record.partnershipId,
        previousStartsAt: record.startsAt,
        startsAt,
        cutOffAt: instantDaysBefore(startsAt, record.cutOffDays),
        reason,
        rescheduledByUserId: command.rescheduledByUserId,
        rescheduledAt: command.now,
      },
    },
  ];
}

/**
 * A meeting in the future, whose referrals close `cutOffDays` before it. An urgent meeting, called
 * by a very-high-risk case with a reason, has no cut-off: its cut-off is the meeting itself.
 */
export function scheduleMeeting(command: ScheduleMeeting, state: MeetingState): MeetingEvent[] {
  if (state.status !== 'none') throw new LagError('MEETING.ALREADY_SCHEDULED', 'This meeting is already scheduled.');
  if (!isIsoInstant(command.startsAt))
    throw new LagError('MEETING.INVALID_DATE', 'The start must be a date and time with a time zone.');
  const startsAt = normaliseInstant(command.startsAt);
  if (instantMs(startsAt) <= instantMs(command.now))
    throw new LagError('MEETING.IN_THE_PAST', 'A meeting must be scheduled in the future.');
  const urgent = command.urgent ?? null;
  if (urgent) {
    if (urgent.band !== 'very_high')
      throw new LagError(
        'MEETING.URGENT_NEEDS_VERY_HIGH_RISK',
        'Only a very-high-risk case can call an urgent meeting.',
      );
    if (!urgent.reason) throw new LagError('MEETING.URGENT_REASON_REQUIRED', 'An urgent meeting needs a reason.');
  }
  const cutOffDays = urgent ? 0 : (command.cutOffDays ?? DEFAULT_REFERRAL_CUT_OFF_DAYS);
  if (!Number.isInteger(cutOffDays) || cutOffDays < 0)
    throw new LagError('MEETING.INVALID_CUT_OFF', 'The cut-off must be a whole number of days, 0 or more.');
  const agenda: MeetingEvent[] = urgent
    ? [
        {
          type: 'CaseAddedToAgenda',
          data: {
            meetingId: command.meetingId,
            partnershipId: command.partnershipId,
            referralId: urgent.referralId,
            item: 'new',
            band: urgent.band,
            calledMeeting: true,
            addedByUserId: command.scheduledByUserId,
            addedAt: command.now,
          },
        },
      ]
    : [];
  return [
    {
      type: 'MeetingScheduled',
      data: {
        meetingId: command.meetingId,
        partnershipId: command.partnershipId,
        localityId: command.localityId,
        startsAt,
        cutOffDays,
        cutOffAt: instantDaysBefore(startsAt, cutOffDays),
        urgent: urgent ? { referralId: urgent.referralId, reason: urgent.reason } : null,
        scheduledByUserId: command.scheduledByUserId,
        scheduledAt: command.now,
      },
    },
    ...agenda,
  ];
}
