import { LagError } from '../errors';
import { nextReviewDate, type ReviewCadence } from '../review-cadence';
import { inStatus } from './errors';
import type { ReferralEvent } from './events';
import type { ExistingReferral } from './state';

export type RecordReview = {
  type: 'RecordReview';
  partnershipId: string;
  meetingId?: string | null;
  /** The London day of that meeting: a review at a meeting is recorded on the meeting's day. */
  meetingDay?: string | null;
  reviewedByUserId: string;
  cadence: ReviewCadence;
  now: string;
  today: string;
};

/** A review of an accepted case, at a meeting or between meetings: the next is due by the band's cadence from today. */
export function recordReview(command: RecordReview, current: ExistingReferral): ReferralEvent[] {
  const { record } = inStatus(current, ['accepted'], {
    referred: 'REFERRAL.NOT_ACCEPTED',
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.CLOSED',
  });
  if (command.meetingId && command.meetingDay && command.meetingDay !== command.today)
    throw new LagError(
      'MEETING.NOT_ITS_DAY',
      `That meeting is on ${command.meetingDay}, not today (${command.today}): a review at it is recorded on its day.`,
      { meetingDay: command.meetingDay, today: command.today },
    );
  const band = record.risk.band;
  const data = {
    referralId: record.referralId,
    partnershipId: record.partnershipId,
    meetingId: command.meetingId ?? null,
    band,
    reviewedByUserId: command.reviewedByUserId,
    reviewedAt: command.now,
    reviewedOn: command.today,
    nextReviewDate: nextReviewDate(command.today, band, command.cadence),
  };
  return [{ type: 'ReferralReviewed', data }];
}
