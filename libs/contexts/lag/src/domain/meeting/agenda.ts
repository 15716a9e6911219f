import { instantMs } from '@hubline/calendar';
import { LagError, requireKnown } from '../errors';
import type { ReferralState } from '../referral';
import type { RiskBand } from '../risk-matrix';
import { AGENDA_ITEMS, type AgendaItem } from './codes';
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
  addedByUserId: string;
  now: string;
};

/** Lists an accepted case of the meeting's locality, new or for review, once; not after the meeting is over. */
export function addToAgenda(command: AddToAgenda, current: ExistingMeeting): MeetingEvent[] {
  const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
  const item = requireKnown(AGENDA_ITEMS, command.item, 'MEETING.UNKNOWN_CODE', 'agenda item');
  if (open.record.agenda[command.referral.referralId]) return [];
  checkCandidate(open.record, item, command.referral);
  const data = {
    meetingId: open.record.meetingId,
    partnershipId: open.record.partnershipId,
    referralId: command.referral.referralId,
    item,
    band: command.referral.band,
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
function checkCandidate(record: MeetingRecord, item: AgendaItem, referral: AgendaCandidate): void {
  if (referral.localityId !== record.localityId)
    throw new LagError('MEETING.WRONG_LOCALITY', "This referral belongs to another locality's LAG.");
  if (referral.status !== 'accepted' || referral.acceptedAt === null)
    throw new LagError('MEETING.REFERRAL_NOT_ACCEPTED', 'Only open, accepted referrals go on an agenda.');
  switch (item) {
    case 'new':
      if (instantMs(referral.acceptedAt) > instantMs(record.cutOffAt)) {
        throw new LagError(
          'MEETING.CUT_OFF_PASSED',
          'This referral was accepted after the cut-off for this meeting; it goes to the next one.',
          { cutOffAt: record.cutOffAt },
        );
      }
      return;
    case 'review':
      if (referral.nextReviewDate === null || referral.nextReviewDate > record.startsAt.slice(0, 10)) {
        throw new LagError('MEETING.REVIEW_NOT_DUE', 'This case is not due for review by this meeting.', {
          nextReviewDate: referral.nextReviewDate,
        });
      }
      return;
    default: {
      const unexpected: never = item;
      return unexpected;
    }
  }
}
