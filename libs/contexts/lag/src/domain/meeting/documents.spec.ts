import { deciderSpec } from '@hubline/testing';
import { decide, evolve, initialState, type MeetingCommand, type MeetingEvent, type MeetingState } from '.';
import {
  evolvePackIssues,
  initialPackIssues,
  issuePack,
  type IssuePack,
  type PackIssueEvent,
  type PackIssues,
} from './documents';

const P = 'partnership-1';
const M = 'meeting-1';
const at = '2026-12-10T16:00:00.000Z';
const meeting = deciderSpec<MeetingCommand, MeetingState, MeetingEvent>({ initialState, evolve, decide });
const packs = deciderSpec<IssuePack, PackIssues, PackIssueEvent>({
  initialState: initialPackIssues,
  evolve: evolvePackIssues,
  decide: issuePack,
});

const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: M,
    partnershipId: P,
    localityId: 'locality-grays',
    startsAt: '2026-12-10T10:00:00.000Z',
    cutOffDays: 10,
    cutOffAt: '2026-11-30T10:00:00.000Z',
    urgent: null,
    scheduledByUserId: 'user-chair',
    scheduledAt: '2026-11-01T10:00:00.000Z',
  },
};
const onAgenda = (referralId: string): MeetingEvent => ({
  type: 'CaseAddedToAgenda',
  data: { meetingId: M, partnershipId: P, referralId, item: 'new', band: 'high', addedByUserId: 'u', addedAt: at },
});
const confirmed: MeetingEvent = {
  type: 'MeetingConfidentialityConfirmed',
  data: { meetingId: M, partnershipId: P, chairUserId: 'user-chair', confirmedAt: at },
};
const closed: MeetingEvent = {
  type: 'MeetingClosed',
  data: { meetingId: M, partnershipId: P, notDiscussedReferralIds: [], closedByUserId: 'user-chair', closedAt: at },
};
const issue = (recipients: Array<{ agencyId: string; referralIds: string[] }>): MeetingCommand => ({
  type: 'IssueMinutes',
  partnershipId: P,
  recipients,
  cases: [
    { referralId: 'r-1', status: 'accepted', nextReviewDate: '2026-12-24' },
    { referralId: 'r-elsewhere', status: 'accepted', nextReviewDate: null },
  ],
  issuedByUserId: 'user-chair',
  now: at,
});

describe('a meeting’s documents', () => {
  describe('issuing the minutes', () => {
    it('records the recipients, each with only agenda cases, and the cases as at issue', () => {
      meeting
        .given(scheduled, onAgenda('r-1'), confirmed, closed)
        .when(
          issue([
            { agencyId: 'police', referralIds: ['r-1', 'r-elsewhere'] },
            { agencyId: 'asb', referralIds: [] },
          ]),
        )
        .then([
          {
            type: 'MeetingMinutesIssued',
            data: {
              meetingId: M,
              partnershipId: P,
              recipients: [
                { agencyId: 'asb', referralIds: [] },
                { agencyId: 'police', referralIds: ['r-1'] },
              ],
              cases: [{ referralId: 'r-1', status: 'accepted', nextReviewDate: '2026-12-24' }],
              issuedByUserId: 'user-chair',
              issuedAt: at,
            },
          },
        ]);
    });

    it('refuses before the meeting is closed, after it was cancelled, and a second time', () => {
      meeting.given(scheduled).when(issue([])).thenThrows('MEETING.NOT_CLOSED');
      meeting.given(scheduled, confirmed).when(issue([])).thenThrows('MEETING.NOT_CLOSED');
      meeting
        .given(scheduled, {
          type: 'MeetingCancelled',
          data: {
            meetingId: M,
            partnershipId: P,
            reason: 'chair_unavailable',
            cancelledByUserId: 'u',
            cancelledAt: at,
          },
        } as MeetingEvent)
        .when(issue([]))
        .thenThrows('MEETING.CANCELLED');
      const issued: MeetingEvent = {
        type: 'MeetingMinutesIssued',
        data: { meetingId: M, partnershipId: P, recipients: [], cases: [], issuedByUserId: 'u', issuedAt: at },
      };
      meeting
        .given(scheduled, confirmed, closed, issued)
        .when(issue([]))
        .thenThrows('MEETING.MINUTES_ALREADY_ISSUED', { issuedAt: at });
    });
  });

  describe('issuing the pack to an agency', () => {
    const to = (agencyId: string, referralIds: string[]): IssuePack => ({
      type: 'IssuePack',
      meetingId: M,
      partnershipId: P,
      agencyId,
      userId: 'user-1',
      referralIds,
      now: at,
    });
    const issued = (agencyId: string, referralIds: string[]): PackIssueEvent => ({
      type: 'MeetingPackIssued',
      data: { meetingId: M, partnershipId: P, agencyId, issuedToUserId: 'user-1', referralIds, issuedAt: at },
    });

    it('records the cases the agency had not been issued, and nothing when there is nothing new', () => {
      packs
        .given()
        .when(to('fire', ['r-2', 'r-1']))
        .then([issued('fire', ['r-1', 'r-2'])]);
      packs
        .given(issued('fire', ['r-1']))
        .when(to('fire', ['r-1', 'r-3']))
        .then([issued('fire', ['r-3'])]);
      packs
        .given(issued('fire', ['r-1']))
        .when(to('fire', ['r-1']))
        .thenNothing();
      packs
        .given(issued('fire', ['r-1']))
        .when(to('police', ['r-1']))
        .then([issued('police', ['r-1'])]);
      packs.given().when(to('fire', [])).thenNothing();
    });
  });
});
