import { instantMs } from '@hubline/calendar';
import { LagError, requireKnown } from '../errors';
import type { ReferralState } from '../referral';
import type { RiskBand } from '../risk-matrix';
import {
  AGENDA_ITEMS,
  LATE_ADDITION_BANDS,
  LATE_ADDITION_REASONS,
  type AgendaItem,
  type LateAdditionReason,
} from './codes';
import { inStatus, OPEN } from './errors';
import type { MeetingEvent } from './events';
import type { ExistingMeeting, MeetingRecord } from './state';

/**
 * What the meeting needs to know about a referral to put it on the agenda, read by the caller
 * from the referral (see `agendaCandidateOf`) or its projection.
 */
export type AgendaCandidate = {
  referralId: string;
  localityId: string;
  status: 'referred' | 'accepted' | 'declined' | 'closed';
  acceptedAt: string | null;
  band: RiskBand;
  nextReviewDate: string | null;
};

export function agendaCandidateOf(referral: ReferralState): AgendaCandidate | null {
  if (referral.status === 'none') return null;
  const r = referral.record;
  return {
    referralId: r.referralId,
    localityId: r.localityId,
    status: referral.status,
    acceptedAt: r.acceptance?.acceptedAt ?? null,
    band: r.risk.band,
    nextReviewDate: referral.status === 'accepted' ? referral.nextReviewDate : null,
  };
}

export type AddToAgenda = {
  type: 'AddToAgenda';
  partnershipId: string;
  item: AgendaItem;
  referral: AgendaCandidate;
  /** The chair adds a high-risk case after the cut-off, with a reason. */
  lateReason?: LateAdditionReason | null;
  addedByUserId: string;
  now: string;
};

/** Lists an accepted case of the meeting's locality, new or for review, once; not after the meeting is over. */
export function addToAgenda(command: AddToAgenda, current: ExistingMeeting): MeetingEvent[] {
  const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
  const item = requireKnown(AGENDA_ITEMS, command.item, 'MEETING.UNKNOWN_CODE', 'agenda item');
  if (open.record.agenda[command.referral.referralId]) return [];
  const late = checkCandidate(open.record, item, command.referral, command.lateReason ?? null);
  const data = {
    meetingId: open.record.meetingId,
    partnershipId: open.record.partnershipId,
    referralId: command.referral.referralId,
    item,
    band: command.referral.band,
    ...(late ? { lateAddition: { reason: late } } : {}),
    addedByUserId: command.addedByUserId,
    addedAt: command.now,
  };
  return [{ type: 'CaseAddedToAgenda', data }];
}

/**
 * A new case must have been accepted by the cut-off (for an urgent meeting, the meeting time).
 * A review is due when the case's next review date falls on or before the meeting day (UTC day of
 * the start, which is the local day for meetings held in working hours); a case needing earlier
 * attention is reassessed, which brings its review date forward.
 */
function checkCandidate(
  record: MeetingRecord,
  item: AgendaItem,
  referral: AgendaCandidate,
  lateReason: LateAdditionReason | null,
): LateAdditionReason | null {
  if (referral.localityId !== record.localityId)
    throw new LagError('MEETING.WRONG_LOCALITY', "This referral belongs to another locality's LAG.");
  if (referral.status !== 'accepted' || referral.acceptedAt === null)
    throw new LagError('MEETING.REFERRAL_NOT_ACCEPTED', 'Only open, accepted referrals go on an agenda.');
  switch (item) {
    case 'new':
      if (instantMs(referral.acceptedAt) > instantMs(record.cutOffAt)) {
        if (!lateReason)
          throw new LagError(
            'MEETING.CUT_OFF_PASSED',
            'This referral was accepted after the cut-off for this meeting; it goes to the next one, unless the chair adds a high-risk case late with a reason (lateReason).',
            { cutOffAt: record.cutOffAt },
          );
        const reason = requireKnown(LATE_ADDITION_REASONS, lateReason, 'MEETING.UNKNOWN_CODE', 'late addition reason');
        if (!(LATE_ADDITION_BANDS as readonly string[]).includes(referral.band))
          throw new LagError(
            'MEETING.LATE_ADDITION_NOT_HIGH_RISK',
            'Only a high or very-high-risk case can be added after the cut-off; this one goes to the next meeting.',
            { cutOffAt: record.cutOffAt, band: referral.band },
          );
        return reason;
      }
      return null;
    case 'review':
      if (referral.nextReviewDate === null || referral.nextReviewDate > record.startsAt.slice(0, 10)) {
        throw new LagError('MEETING.REVIEW_NOT_DUE', 'This case is not due for review by this meeting.', {
          nextReviewDate: referral.nextReviewDate,
        });
      }
      return null;
    default: {
      const unexpected: never = item;
      return unexpected;
    }
  }
}
