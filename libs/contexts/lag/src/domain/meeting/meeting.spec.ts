import type { DomainEvent } from '@hubline/event-store';
import { deciderSpec } from '@hubline/testing';
import { agendaCandidateOf, decide, evolve, initialState, type AgendaCandidate, type MeetingCommand } from '.';
import { decide as decideReferral, evolve as evolveReferral, initialState as noReferral } from '../referral';
import { DEFAULT_REVIEW_CADENCE } from '../review-cadence';
import { DEFAULT_ASB_RISK_MATRIX } from '../risk-matrix';
import type { Sealed } from '../sealed';

// ---- a fixed clock and small builders ----
const now = '2026-11-23T10:00:00.000Z';
const STARTS_AT = '2026-12-10T10:00:00.000Z'; // default cut-off: 2026-11-30T10:00:00.000Z
const sealed = (label: string): Sealed => ({ v: 1, iv: `iv-${label}`, ct: `ct-${label}`, tag: `tag-${label}` });

const P = 'partnership-1';
const M = 'meeting-1';
const GRAYS = 'locality-grays';

const schedule = (overrides: Partial<Extract<MeetingCommand, { type: 'ScheduleMeeting' }>> = {}): MeetingCommand => ({
  type: 'ScheduleMeeting',
  meetingId: M,
  partnershipId: P,
  localityId: GRAYS,
  startsAt: STARTS_AT,
  scheduledByUserId: 'user-chair',
  now,
  ...overrides,
});
const urgentSchedule = (band: 'high' | 'very_high' = 'very_high') =>
  schedule({
    startsAt: '2026-11-25T14:00:00.000Z',
    urgent: { referralId: 'referral-urgent', band, reason: sealed('threats to kill') },
  });

/** Referral facts as the caller reads them: by default an accepted, high-risk Grays case. */
const aCandidate = (overrides: Partial<AgendaCandidate> = {}): AgendaCandidate => ({
  referralId: 'referral-1',
  localityId: GRAYS,
  status: 'accepted',
  acceptedAt: '2026-11-20T09:00:00.000Z',
  band: 'high',
  nextReviewDate: '2026-12-04',
  ...overrides,
});
const addNew = (referral: AgendaCandidate = aCandidate()): MeetingCommand => ({
  type: 'AddToAgenda',
  partnershipId: P,
  item: 'new',
  referral,
  addedByUserId: 'user-chair',
  now,
});
const addReview = (referral: AgendaCandidate = aCandidate()): MeetingCommand => ({
  type: 'AddToAgenda',
  partnershipId: P,
  item: 'review',
  referral,
  addedByUserId: 'user-chair',
  now,
});
const confirm: MeetingCommand = {
  type: 'ConfirmConfidentiality',
  partnershipId: P,
  chairUserId: 'user-chair',
  now: STARTS_AT,
  today: STARTS_AT.slice(0, 10),
};
const discuss = (
  referralId = 'referral-1',
  overrides: Partial<Extract<MeetingCommand, { type: 'RecordCaseDiscussion' }>> = {},
): MeetingCommand => ({
  type: 'RecordCaseDiscussion',
  partnershipId: P,
  referralId,
  notes: sealed('notes'),
  decisions: ['information_shared', 'actions_agreed'],
  recordedByUserId: 'user-minutes',
  now: STARTS_AT,
  today: STARTS_AT.slice(0, 10),
  ...overrides,
});
const carry = (actionIds: string[], referralId = 'referral-1'): MeetingCommand => ({
  type: 'CarryForwardActions',
  partnershipId: P,
  referralId,
  actionIds,
  recordedByUserId: 'user-chair',
  now: STARTS_AT,
  today: STARTS_AT.slice(0, 10),
});
const closeMeeting: MeetingCommand = {
  type: 'CloseMeeting',
  partnershipId: P,
  closedByUserId: 'user-chair',
  now: STARTS_AT,
};
const reschedule = (startsAt: string, today = now.slice(0, 10)): MeetingCommand => ({
  type: 'RescheduleMeeting',
  partnershipId: P,
  startsAt,
  reason: 'chair_unavailable',
  rescheduledByUserId: 'user-chair',
  now,
  today,
});
const cancel: MeetingCommand = {
  type: 'CancelMeeting',
  partnershipId: P,
  reason: 'not_quorate',
  cancelledByUserId: 'user-chair',
  now,
};
const attend = (agencyId: string, userId: string | null = null): MeetingCommand => ({
  type: 'RecordAttendance',
  partnershipId: P,
  agencyId,
  userId,
  now: STARTS_AT,
});
const apologies = (agencyId: string, userId: string | null = null): MeetingCommand => ({
  type: 'RecordApologies',
  partnershipId: P,
  agencyId,
  userId,
  now,
});

const meeting = deciderSpec({ decide, evolve, initialState });
const { history, state: given } = meeting;
const aScheduledMeeting = () => history(schedule(), addNew());
const aMeetingInSession = () => history(schedule(), addNew(), confirm);

describe('LAG meeting', () => {
  describe('scheduling', () => {
    it('schedules a meeting whose referrals close 10 days before by default', () => {
      meeting
        .given()
        .when(schedule())
        .then([
          {
            type: 'MeetingScheduled',
            data: {
              meetingId: M,
              partnershipId: P,
              localityId: GRAYS,
              startsAt: STARTS_AT,
              cutOffDays: 10,
              cutOffAt: '2026-11-30T10:00:00.000Z',
              urgent: null,
              scheduledByUserId: 'user-chair',
              scheduledAt: now,
            },
          },
        ]);
    });

    it("takes the partnership's own cut-off and stores the start in one spelling", () => {
      meeting
        .given()
        .when(schedule({ cutOffDays: 7, startsAt: '2026-12-10T10:00:00+00:00' }))
        .then((events) =>
          expect(events[0]).toMatchObject({
            data: { startsAt: STARTS_AT, cutOffDays: 7, cutOffAt: '2026-12-03T10:00:00.000Z' },
          }),
        );
    });

    it('refuses a meeting in the past, a start without a zone, a negative cut-off and a second schedule', () => {
      meeting
        .given()
        .when(schedule({ startsAt: '2026-11-23T09:00:00.000Z' }))
        .thenThrows('MEETING.IN_THE_PAST');
      meeting
        .given()
        .when(schedule({ startsAt: '2026-12-10T10:00' }))
        .thenThrows('MEETING.INVALID_DATE');
      meeting
        .given()
        .when(schedule({ cutOffDays: -1 }))
        .thenThrows('MEETING.INVALID_CUT_OFF');
      meeting
        .given()
        .when(schedule({ cutOffDays: 2.5 }))
        .thenThrows('MEETING.INVALID_CUT_OFF');
      meeting
        .given(...aScheduledMeeting())
        .when(schedule())
        .thenThrows('MEETING.ALREADY_SCHEDULED');
    });

    it('lets a very-high-risk case call an urgent meeting, whose cut-off is the meeting itself', () => {
      meeting
        .given()
        .when(urgentSchedule())
        .then((events) =>
          expect(events[0]).toMatchObject({
            data: {
              startsAt: '2026-11-25T14:00:00.000Z',
              cutOffDays: 0,
              cutOffAt: '2026-11-25T14:00:00.000Z',
              urgent: { referralId: 'referral-urgent', reason: sealed('threats to kill') },
            },
          }),
        );
      meeting.given().when(urgentSchedule('high')).thenThrows('MEETING.URGENT_NEEDS_VERY_HIGH_RISK');
      meeting
        .given()
        .when(schedule({ urgent: { referralId: 'r', band: 'very_high', reason: null as never } }))
        .thenThrows('MEETING.URGENT_REASON_REQUIRED');
    });

    it('treats a meeting of another partnership as not found', () => {
      meeting
        .given(...aScheduledMeeting())
        .when({ ...cancel, partnershipId: 'partnership-2' })
        .thenThrows('MEETING.NOT_FOUND');
      meeting.given().when(cancel).thenThrows('MEETING.NOT_FOUND');
    });
  });

  describe('the agenda', () => {
    const scheduled = () => history(schedule());

    it('adds a new referral accepted before the cut-off', () => {
      meeting
        .given(...scheduled())
        .when(addNew())
        .then([
          {
            type: 'CaseAddedToAgenda',
            data: {
              meetingId: M,
              partnershipId: P,
              referralId: 'referral-1',
              item: 'new',
              band: 'high',
              addedByUserId: 'user-chair',
              addedAt: now,
            },
          },
        ]);
      meeting
        .given(...scheduled())
        .when(addNew(aCandidate({ acceptedAt: '2026-11-30T10:00:00.000Z' })))
        .then((events) => expect(events).toHaveLength(1));
    });

    it('refuses a new referral accepted after the cut-off', () => {
      meeting
        .given(...scheduled())
        .when(addNew(aCandidate({ acceptedAt: '2026-11-30T10:00:00.001Z' })))
        .thenThrows('MEETING.CUT_OFF_PASSED', { cutOffAt: '2026-11-30T10:00:00.000Z' });
      meeting
        .given(...history(schedule({ cutOffDays: 3 })))
        .when(addNew(aCandidate({ acceptedAt: '2026-12-06T10:00:00.000Z' })))
        .then((events) => expect(events).toHaveLength(1));
    });

    it('takes a new referral up to the meeting itself when the meeting is urgent', () => {
      const urgent = history(urgentSchedule());
      const lateAcceptance = aCandidate({
        referralId: 'referral-2',
        band: 'very_high',
        acceptedAt: '2026-11-24T16:00:00.000Z',
      });
      meeting
        .given(...urgent)
        .when(addNew(lateAcceptance))
        .then((events) => expect(events).toHaveLength(1));
      meeting
        .given(...urgent)
        .when(addNew(aCandidate({ acceptedAt: '2026-11-25T14:00:01.000Z' })))
        .thenThrows('MEETING.CUT_OFF_PASSED');
    });

    it('puts the very-high-risk case that called an urgent meeting on its agenda', () => {
      meeting
        .given()
        .when(urgentSchedule())
        .then((events) =>
          expect(events[1]).toEqual({
            type: 'CaseAddedToAgenda',
            data: {
              meetingId: M,
              partnershipId: P,
              referralId: 'referral-urgent',
              item: 'new',
              band: 'very_high',
              calledMeeting: true,
              addedByUserId: 'user-chair',
              addedAt: now,
            },
          }),
        );
    });

    it('lets the chair add a high-risk case after the cut-off with a reason, recorded; not a medium one', () => {
      const late = aCandidate({ acceptedAt: '2026-12-01T09:00:00.000Z' });
      meeting
        .given(...scheduled())
        .when({ ...addNew(late), lateReason: 'risk_escalated' } as MeetingCommand)
        .then((events) => expect(events[0]).toMatchObject({ data: { lateAddition: { reason: 'risk_escalated' } } }));
      meeting
        .given(...scheduled())
        .when({ ...addNew({ ...late, band: 'medium' }), lateReason: 'risk_escalated' } as MeetingCommand)
        .thenThrows('MEETING.LATE_ADDITION_NOT_HIGH_RISK');
      meeting
        .given(...scheduled())
        .when(addNew(late))
        .thenThrows('MEETING.CUT_OFF_PASSED');
    });

    it('adds a case for review when its review falls due by the meeting day, whatever the cut-off', () => {
      meeting
        .given(...scheduled())
        .when(addReview(aCandidate({ nextReviewDate: '2026-12-10', acceptedAt: '2026-12-01T09:00:00.000Z' })))
        .then((events) => expect(events[0]).toMatchObject({ data: { item: 'review' } }));
      meeting
        .given(...scheduled())
        .when(addReview(aCandidate({ nextReviewDate: '2026-11-20' })))
        .then((events) => expect(events).toHaveLength(1));
      meeting
        .given(...scheduled())
        .when(addReview(aCandidate({ nextReviewDate: '2026-12-11' })))
        .thenThrows('MEETING.REVIEW_NOT_DUE');
      meeting
        .given(...scheduled())
        .when(addReview(aCandidate({ nextReviewDate: null })))
        .thenThrows('MEETING.REVIEW_NOT_DUE');
    });

    it("takes only accepted referrals of the meeting's locality", () => {
      meeting
        .given(...scheduled())
        .when(addNew(aCandidate({ status: 'referred', acceptedAt: null })))
        .thenThrows('MEETING.REFERRAL_NOT_ACCEPTED');
      meeting
        .given(...scheduled())
        .when(addReview(aCandidate({ status: 'closed' })))
        .thenThrows('MEETING.REFERRAL_NOT_ACCEPTED');
      meeting
        .given(...scheduled())
        .when(addNew(aCandidate({ localityId: 'locality-tilbury' })))
        .thenThrows('MEETING.WRONG_LOCALITY');
      meeting
        .given(...scheduled())
        .when({
          type: 'AddToAgenda',
          partnershipId: P,
          item: 'other' as never,
          referral: aCandidate(),
          addedByUserId: 'user-chair',
          now,
        })
        .thenThrows('MEETING.UNKNOWN_CODE');
    });

    it('lists a case once', () => {
      meeting
        .given(...aScheduledMeeting())
        .when(addNew())
        .thenNothing();
      meeting
        .given(...aScheduledMeeting())
        .when(addReview())
        .thenNothing();
    });

    it('reads the facts it needs from a referral', () => {
      const refer = decideReferral(
        {
          type: 'Refer',
          referralId: 'referral-1',
          partnershipId: P,
          localityId: GRAYS,
          category: 'asb',
          victims: [{ personId: 'person-victim-1', previousReferralAt: null }],
          perpetratorIds: [],
          incidentSummary: sealed('summary'),
          vulnerabilities: [],
          risk: {
            matrix: DEFAULT_ASB_RISK_MATRIX,
            answers: Object.fromEntries(DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, q.answers[0].id])),
          },
          multiAgencyReason: sealed('why'),
          referringAgencyId: 'agency-police',
          referredByUserId: 'user-pc-jones',
          now,
        },
        noReferral,
      );
      const referred = refer.reduce(evolveReferral, noReferral);
      expect(agendaCandidateOf(referred)).toEqual({
        referralId: 'referral-1',
        localityId: GRAYS,
        status: 'referred',
        acceptedAt: null,
        band: 'standard',
        nextReviewDate: null,
      });
      const accepted = decideReferral(
        {
          type: 'AcceptReferral',
          partnershipId: P,
          chairUserId: 'user-chair',
          chairAgencyId: 'agency-asb',
          cadence: DEFAULT_REVIEW_CADENCE,
          now,
          today: '2026-11-23',
        },
        referred,
      ).reduce(evolveReferral, referred);
      const candidate = agendaCandidateOf(accepted)!;
      expect(candidate).toEqual({
        referralId: 'referral-1',
        localityId: GRAYS,
        status: 'accepted',
        acceptedAt: now,
        band: 'standard',
        nextReviewDate: '2027-01-18',
      });
      meeting
        .given(...history(schedule()))
        .when(addNew(candidate))
        .then((events) => expect(events).toHaveLength(1));
      expect(agendaCandidateOf(noReferral)).toBeNull();
    });
  });

  describe('attendance', () => {
    it('records attendance and apologies per agency and person, the latest winning', () => {
      const events = history(
        schedule(),
        apologies('agency-fire'),
        attend('agency-police', 'user-pc-jones'),
        attend('agency-police', 'user-pc-jones'),
        attend('agency-fire'),
      );
      expect(events.map((e) => e.type)).toEqual([
        'MeetingScheduled',
        'MeetingApologiesRecorded',
        'MeetingAttendanceRecorded',
        'MeetingAttendanceRecorded',
      ]);
      expect(events[2]).toEqual({
        type: 'MeetingAttendanceRecorded',
        data: {
          meetingId: M,
          partnershipId: P,
          agencyId: 'agency-police',
          userId: 'user-pc-jones',
          recordedAt: STARTS_AT,
        },
      });
      expect(given(...events)).toMatchObject({
        record: {
          attendance: {
            'agency-fire/': { agencyId: 'agency-fire', userId: null, present: true },
            'agency-police/user-pc-jones': { present: true },
          },
        },
      });
      meeting
        .given(...history(schedule(), apologies('agency-fire')))
        .when(apologies('agency-fire'))
        .thenNothing();
    });
  });

  describe('in session', () => {
    it('records nothing about a case before the chair confirms the confidentiality statement', () => {
      meeting
        .given(...aScheduledMeeting())
        .when(discuss())
        .thenThrows('MEETING.CONFIDENTIALITY_NOT_CONFIRMED');
      meeting
        .given(...aScheduledMeeting())
        .when(carry(['action-1']))
        .thenThrows('MEETING.CONFIDENTIALITY_NOT_CONFIRMED');
    });

    it('goes into session when the chair confirms the statement, once', () => {
      meeting
        .given(...aScheduledMeeting())
        .when(confirm)
        .then([
          {
            type: 'MeetingConfidentialityConfirmed',
            data: { meetingId: M, partnershipId: P, chairUserId: 'user-chair', confirmedAt: STARTS_AT },
          },
        ]);
      expect(given(...aMeetingInSession())).toMatchObject({ status: 'in_session', chairUserId: 'user-chair' });
      meeting
        .given(...aMeetingInSession())
        .when(confirm)
        .thenNothing();
    });

    it('records what was shared and decided for a case on the agenda', () => {
      meeting
        .given(...aMeetingInSession())
        .when(discuss())
        .then([
          {
            type: 'CaseDiscussed',
            data: {
              meetingId: M,
              partnershipId: P,
              referralId: 'referral-1',
              notes: sealed('notes'),
              decisions: ['information_shared', 'actions_agreed'],
              recordedByUserId: 'user-minutes',
              recordedAt: STARTS_AT,
            },
          },
        ]);
    });

    it('records discussion only for agenda cases, with notes and known decisions', () => {
      const stream = aMeetingInSession();
      meeting
        .given(...stream)
        .when(discuss('referral-elsewhere'))
        .thenThrows('MEETING.CASE_NOT_ON_AGENDA');
      meeting
        .given(...stream)
        .when(discuss('referral-1', { decisions: [] }))
        .thenThrows('MEETING.DECISION_REQUIRED');
      meeting
        .given(...stream)
        .when(discuss('referral-1', { decisions: ['shrug' as never] }))
        .thenThrows('MEETING.UNKNOWN_CODE');
      meeting
        .given(...stream)
        .when(discuss('referral-1', { notes: null as never }))
        .thenThrows('MEETING.NOTES_REQUIRED');
    });

    it('records which outstanding actions it carried forward, each once', () => {
      const stream = aMeetingInSession();
      meeting
        .given(...stream)
        .when(carry(['action-1', 'action-2', 'action-1']))
        .then([
          {
            type: 'ActionsCarriedForward',
            data: {
              meetingId: M,
              partnershipId: P,
              referralId: 'referral-1',
              actionIds: ['action-1', 'action-2'],
              recordedByUserId: 'user-chair',
              recordedAt: STARTS_AT,
            },
          },
        ]);
      const carried = history(schedule(), addNew(), confirm, carry(['action-1']));
      meeting
        .given(...carried)
        .when(carry(['action-1', 'action-3']))
        .then((events) => expect(events[0]).toMatchObject({ data: { actionIds: ['action-3'] } }));
      meeting
        .given(...carried)
        .when(carry(['action-1']))
        .thenNothing();
      meeting
        .given(...stream)
        .when(carry([]))
        .thenThrows('MEETING.NO_ACTIONS');
      meeting
        .given(...stream)
        .when(carry(['action-1'], 'referral-elsewhere'))
        .thenThrows('MEETING.CASE_NOT_ON_AGENDA');
    });
  });

  describe('closing and cancelling', () => {
    it('closes a meeting in session, naming agenda cases left undiscussed', () => {
      const stream = history(
        schedule(),
        addNew(),
        addReview(aCandidate({ referralId: 'referral-2' })),
        confirm,
        discuss(),
      );
      meeting
        .given(...stream)
        .when(closeMeeting)
        .then([
          {
            type: 'MeetingClosed',
            data: {
              meetingId: M,
              partnershipId: P,
              notDiscussedReferralIds: ['referral-2'],
              closedByUserId: 'user-chair',
              closedAt: STARTS_AT,
            },
          },
        ]);
      meeting
        .given(...aScheduledMeeting())
        .when(closeMeeting)
        .thenThrows('MEETING.NOT_STARTED');
    });

    it('changes nothing after closing', () => {
      const closed = history(schedule(), addNew(), confirm, closeMeeting);
      for (const command of [
        addNew(aCandidate({ referralId: 'referral-2' })),
        attend('agency-police'),
        confirm,
        discuss(),
        carry(['action-1']),
        closeMeeting,
        cancel,
      ]) {
        meeting
          .given(...closed)
          .when(command)
          .thenThrows('MEETING.CLOSED');
      }
    });

    it('cancels a meeting before it starts, and then changes nothing', () => {
      meeting
        .given(...aScheduledMeeting())
        .when(cancel)
        .then([
          {
            type: 'MeetingCancelled',
            data: {
              meetingId: M,
              partnershipId: P,
              reason: 'not_quorate',
              cancelledByUserId: 'user-chair',
              cancelledAt: now,
            },
          },
        ]);
      const cancelled = history(schedule(), cancel);
      for (const command of [addNew(), apologies('agency-police'), confirm, discuss(), closeMeeting, cancel]) {
        meeting
          .given(...cancelled)
          .when(command)
          .thenThrows('MEETING.CANCELLED');
      }
      meeting
        .given(...aMeetingInSession())
        .when(cancel)
        .thenThrows('MEETING.ALREADY_STARTED');
      meeting
        .given(...aScheduledMeeting())
        .when({ ...cancel, reason: 'weather' as never })
        .thenThrows('MEETING.UNKNOWN_CODE');
    });
  });

  it('produces events that are JSON-safe stored contracts', () => {
    const events = history(
      schedule(),
      reschedule('2026-12-11T10:00:00.000Z'),
      reschedule(STARTS_AT),
      addNew(),
      attend('agency-police'),
      confirm,
      discuss(),
      carry(['action-1']),
      closeMeeting,
    );
    const stored: DomainEvent[] = events; // compile-time: every event's data is a JSON object
    expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(events);
  });

  describe('on its day', () => {
    it('refuses the confidentiality statement on another day, naming the meeting day', () => {
      meeting
        .given(...history(schedule(), addNew()))
        .when({ ...confirm, now, today: now.slice(0, 10) } as MeetingCommand)
        .thenThrows('MEETING.NOT_ITS_DAY');
    });

    it('refuses a discussion recorded on another day, even in session', () => {
      meeting
        .given(...history(schedule(), addNew(), confirm))
        .when(discuss('referral-1', { today: '2026-12-11' }))
        .thenThrows('MEETING.NOT_ITS_DAY');
    });

    it('reschedules a meeting that has not started, with a reason, moving its cut-off with it', () => {
      meeting
        .given(...history(schedule()))
        .when(reschedule('2026-11-23T15:00:00.000Z'))
        .then([
          {
            type: 'MeetingRescheduled',
            data: {
              meetingId: M,
              partnershipId: P,
              previousStartsAt: STARTS_AT,
              startsAt: '2026-11-23T15:00:00.000Z',
              cutOffAt: '2026-11-13T15:00:00.000Z',
              reason: 'chair_unavailable',
              rescheduledByUserId: 'user-chair',
              rescheduledAt: now,
            },
          },
        ]);
    });

    it('refuses to reschedule to a past day, or a meeting in session', () => {
      meeting
        .given(...history(schedule()))
        .when(reschedule('2026-11-22T15:00:00.000Z'))
        .thenThrows('MEETING.IN_THE_PAST');
      meeting
        .given(...history(schedule(), confirm))
        .when(reschedule('2026-12-12T10:00:00.000Z'))
        .thenThrows('MEETING.ALREADY_STARTED');
    });
  });
});
