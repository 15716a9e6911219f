import type { DomainEvent } from '@hubline/event-store';
import { agendaCandidateOf, decide, evolve, initialState, type AgendaCandidate, type MeetingCommand, type MeetingEvent, type MeetingState } from '.';
import { decide as decideReferral, evolve as evolveReferral, initialState as noReferral } from '../referral';
import { DEFAULT_REVIEW_CADENCE } from '../review-cadence';
import { DEFAULT_ASB_RISK_MATRIX } from '../risk-matrix';
import type { Sealed } from '../sealed';

// ---- a fixed clock and small builders ----
const now = '2026-11-23T10:00:00.000Z';
const STARTS_AT = '2026-12-10T10:00:00.000Z'; // default cut-off: 2026-11-30T10:00:00.000Z
const sealed = (label: string): Sealed => ({ v: 1, iv: `iv-${label}`, ct: `ct-${label}`, tag: `tag-${label}` });
const code = (c: string) => expect.objectContaining({ code: c });

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
  schedule({ startsAt: '2026-11-25T14:00:00.000Z', urgent: { referralId: 'referral-urgent', band, reason: sealed('threats to kill') } });

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
const addNew = (referral: AgendaCandidate = aCandidate()): MeetingCommand => ({ type: 'AddToAgenda', partnershipId: P, item: 'new', referral, addedByUserId: 'user-chair', now });
const addReview = (referral: AgendaCandidate = aCandidate()): MeetingCommand => ({ type: 'AddToAgenda', partnershipId: P, item: 'review', referral, addedByUserId: 'user-chair', now });
const confirm: MeetingCommand = { type: 'ConfirmConfidentiality', partnershipId: P, chairUserId: 'user-chair', now: STARTS_AT };
const discuss = (referralId = 'referral-1', overrides: Partial<Extract<MeetingCommand, { type: 'RecordCaseDiscussion' }>> = {}): MeetingCommand => ({
  type: 'RecordCaseDiscussion',
  partnershipId: P,
  referralId,
  notes: sealed('notes'),
  decisions: ['information_shared', 'actions_agreed'],
  recordedByUserId: 'user-minutes',
  now: STARTS_AT,
  ...overrides,
});
const carry = (actionIds: string[], referralId = 'referral-1'): MeetingCommand => ({ type: 'CarryForwardActions', partnershipId: P, referralId, actionIds, recordedByUserId: 'user-chair', now: STARTS_AT });
const closeMeeting: MeetingCommand = { type: 'CloseMeeting', partnershipId: P, closedByUserId: 'user-chair', now: STARTS_AT };
const cancel: MeetingCommand = { type: 'CancelMeeting', partnershipId: P, reason: 'not_quorate', cancelledByUserId: 'user-chair', now };
const attend = (agencyId: string, userId: string | null = null): MeetingCommand => ({ type: 'RecordAttendance', partnershipId: P, agencyId, userId, now: STARTS_AT });
const apologies = (agencyId: string, userId: string | null = null): MeetingCommand => ({ type: 'RecordApologies', partnershipId: P, agencyId, userId, now });

function history(...commands: MeetingCommand[]): MeetingEvent[] {
  const events: MeetingEvent[] = [];
  for (const command of commands) events.push(...decide(command, given(...events)));
  return events;
}
const given = (...events: MeetingEvent[]): MeetingState => events.reduce(evolve, initialState);
const when = (state: MeetingState, command: MeetingCommand) => () => decide(command, state);
const aScheduledMeeting = () => given(...history(schedule(), addNew()));
const aMeetingInSession = () => given(...history(schedule(), addNew(), confirm));

describe('LAG meeting', () => {
  describe('scheduling', () => {
    it('schedules a meeting whose referrals close 10 days before by default', () => {
      expect(decide(schedule(), initialState)).toEqual([
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

    it('takes the partnership\'s own cut-off and stores the start in one spelling', () => {
      expect(decide(schedule({ cutOffDays: 7, startsAt: '2026-12-10T10:00:00+00:00' }), initialState)[0]).toMatchObject({
        data: { startsAt: STARTS_AT, cutOffDays: 7, cutOffAt: '2026-12-03T10:00:00.000Z' },
      });
    });

    it('refuses a meeting in the past, a start without a zone, a negative cut-off and a second schedule', () => {
      expect(when(initialState, schedule({ startsAt: '2026-11-23T09:00:00.000Z' }))).toThrow(code('MEETING.IN_THE_PAST'));
      expect(when(initialState, schedule({ startsAt: '2026-12-10T10:00' }))).toThrow(code('MEETING.INVALID_DATE'));
      expect(when(initialState, schedule({ cutOffDays: -1 }))).toThrow(code('MEETING.INVALID_CUT_OFF'));
      expect(when(initialState, schedule({ cutOffDays: 2.5 }))).toThrow(code('MEETING.INVALID_CUT_OFF'));
      expect(when(aScheduledMeeting(), schedule())).toThrow(code('MEETING.ALREADY_SCHEDULED'));
    });

    it('lets a very-high-risk case call an urgent meeting, whose cut-off is the meeting itself', () => {
      expect(decide(urgentSchedule(), initialState)[0]).toMatchObject({
        data: { startsAt: '2026-11-25T14:00:00.000Z', cutOffDays: 0, cutOffAt: '2026-11-25T14:00:00.000Z', urgent: { referralId: 'referral-urgent', reason: sealed('threats to kill') } },
      });
      expect(when(initialState, urgentSchedule('high'))).toThrow(code('MEETING.URGENT_NEEDS_VERY_HIGH_RISK'));
      expect(when(initialState, schedule({ urgent: { referralId: 'r', band: 'very_high', reason: null as never } }))).toThrow(code('MEETING.URGENT_REASON_REQUIRED'));
    });

    it('treats a meeting of another partnership as not found', () => {
      expect(when(aScheduledMeeting(), { ...cancel, partnershipId: 'partnership-2' })).toThrow(code('MEETING.NOT_FOUND'));
      expect(when(initialState, cancel)).toThrow(code('MEETING.NOT_FOUND'));
    });
  });

  describe('the agenda', () => {
    const scheduled = () => given(...history(schedule()));

    it('adds a new referral accepted before the cut-off', () => {
      expect(decide(addNew(), scheduled())).toEqual([
        { type: 'CaseAddedToAgenda', data: { meetingId: M, partnershipId: P, referralId: 'referral-1', item: 'new', band: 'high', addedByUserId: 'user-chair', addedAt: now } },
      ]);
      expect(decide(addNew(aCandidate({ acceptedAt: '2026-11-30T10:00:00.000Z' })), scheduled())).toHaveLength(1);
    });

    it('refuses a new referral accepted after the cut-off', () => {
      expect(when(scheduled(), addNew(aCandidate({ acceptedAt: '2026-11-30T10:00:00.001Z' })))).toThrow(
        expect.objectContaining({ code: 'MEETING.CUT_OFF_PASSED', details: { cutOffAt: '2026-11-30T10:00:00.000Z' } }),
      );
      expect(when(given(...history(schedule({ cutOffDays: 3 }))), addNew(aCandidate({ acceptedAt: '2026-12-06T10:00:00.000Z' })))).not.toThrow();
    });

    it('takes a new referral up to the meeting itself when the meeting is urgent', () => {
      const urgent = given(...history(urgentSchedule()));
      const lateAcceptance = aCandidate({ referralId: 'referral-urgent', band: 'very_high', acceptedAt: '2026-11-24T16:00:00.000Z' });
      expect(decide(addNew(lateAcceptance), urgent)).toHaveLength(1);
      expect(when(urgent, addNew(aCandidate({ acceptedAt: '2026-11-25T14:00:01.000Z' })))).toThrow(code('MEETING.CUT_OFF_PASSED'));
    });

    it('adds a case for review when its review falls due by the meeting day, whatever the cut-off', () => {
      expect(decide(addReview(aCandidate({ nextReviewDate: '2026-12-10', acceptedAt: '2026-12-01T09:00:00.000Z' })), scheduled())[0]).toMatchObject({ data: { item: 'review' } });
      expect(decide(addReview(aCandidate({ nextReviewDate: '2026-11-20' })), scheduled())).toHaveLength(1);
      expect(when(scheduled(), addReview(aCandidate({ nextReviewDate: '2026-12-11' })))).toThrow(code('MEETING.REVIEW_NOT_DUE'));
      expect(when(scheduled(), addReview(aCandidate({ nextReviewDate: null })))).toThrow(code('MEETING.REVIEW_NOT_DUE'));
    });

    it('takes only accepted referrals of the meeting\'s locality', () => {
      expect(when(scheduled(), addNew(aCandidate({ status: 'referred', acceptedAt: null })))).toThrow(code('MEETING.REFERRAL_NOT_ACCEPTED'));
      expect(when(scheduled(), addReview(aCandidate({ status: 'closed' })))).toThrow(code('MEETING.REFERRAL_NOT_ACCEPTED'));
      expect(when(scheduled(), addNew(aCandidate({ localityId: 'locality-tilbury' })))).toThrow(code('MEETING.WRONG_LOCALITY'));
      expect(when(scheduled(), { type: 'AddToAgenda', partnershipId: P, item: 'other' as never, referral: aCandidate(), addedByUserId: 'user-chair', now })).toThrow(code('MEETING.UNKNOWN_CODE'));
    });

    it('lists a case once', () => {
      expect(decide(addNew(), aScheduledMeeting())).toEqual([]);
      expect(decide(addReview(), aScheduledMeeting())).toEqual([]);
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
          risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: Object.fromEntries(DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, q.answers[0].id])) },
          multiAgencyReason: sealed('why'),
          referringAgencyId: 'agency-police',
          referredByUserId: 'user-pc-jones',
          now,
        },
        noReferral,
      );
      const referred = refer.reduce(evolveReferral, noReferral);
      expect(agendaCandidateOf(referred)).toEqual({ referralId: 'referral-1', localityId: GRAYS, status: 'referred', acceptedAt: null, band: 'standard', nextReviewDate: null });
      const accepted = decideReferral(
        { type: 'AcceptReferral', partnershipId: P, chairUserId: 'user-chair', chairAgencyId: 'agency-asb', cadence: DEFAULT_REVIEW_CADENCE, now, today: '2026-11-23' },
        referred,
      ).reduce(evolveReferral, referred);
      const candidate = agendaCandidateOf(accepted)!;
      expect(candidate).toEqual({ referralId: 'referral-1', localityId: GRAYS, status: 'accepted', acceptedAt: now, band: 'standard', nextReviewDate: '2027-01-18' });
      expect(decide(addNew(candidate), given(...history(schedule())))).toHaveLength(1);
      expect(agendaCandidateOf(noReferral)).toBeNull();
    });
  });

  describe('attendance', () => {
    it('records attendance and apologies per agency and person, the latest winning', () => {
      const events = history(schedule(), apologies('agency-fire'), attend('agency-police', 'user-pc-jones'), attend('agency-police', 'user-pc-jones'), attend('agency-fire'));
      expect(events.map((e) => e.type)).toEqual(['MeetingScheduled', 'MeetingApologiesRecorded', 'MeetingAttendanceRecorded', 'MeetingAttendanceRecorded']);
      expect(events[2]).toEqual({ type: 'MeetingAttendanceRecorded', data: { meetingId: M, partnershipId: P, agencyId: 'agency-police', userId: 'user-pc-jones', recordedAt: STARTS_AT } });
      expect(given(...events)).toMatchObject({
        record: {
          attendance: {
            'agency-fire/': { agencyId: 'agency-fire', userId: null, present: true },
            'agency-police/user-pc-jones': { present: true },
          },
        },
      });
      expect(decide(apologies('agency-fire'), given(...history(schedule(), apologies('agency-fire'))))).toEqual([]);
    });
  });

  describe('in session', () => {
    it('records nothing about a case before the chair confirms the confidentiality statement', () => {
      expect(when(aScheduledMeeting(), discuss())).toThrow(code('MEETING.CONFIDENTIALITY_NOT_CONFIRMED'));
      expect(when(aScheduledMeeting(), carry(['action-1']))).toThrow(code('MEETING.CONFIDENTIALITY_NOT_CONFIRMED'));
    });

    it('goes into session when the chair confirms the statement, once', () => {
      expect(decide(confirm, aScheduledMeeting())).toEqual([
        { type: 'MeetingConfidentialityConfirmed', data: { meetingId: M, partnershipId: P, chairUserId: 'user-chair', confirmedAt: STARTS_AT } },
      ]);
      expect(aMeetingInSession()).toMatchObject({ status: 'in_session', chairUserId: 'user-chair' });
      expect(decide(confirm, aMeetingInSession())).toEqual([]);
    });

    it('records what was shared and decided for a case on the agenda', () => {
      expect(decide(discuss(), aMeetingInSession())).toEqual([
        {
          type: 'CaseDiscussed',
          data: { meetingId: M, partnershipId: P, referralId: 'referral-1', notes: sealed('notes'), decisions: ['information_shared', 'actions_agreed'], recordedByUserId: 'user-minutes', recordedAt: STARTS_AT },
        },
      ]);
    });

    it('records discussion only for agenda cases, with notes and known decisions', () => {
      const state = aMeetingInSession();
      expect(when(state, discuss('referral-elsewhere'))).toThrow(code('MEETING.CASE_NOT_ON_AGENDA'));
      expect(when(state, discuss('referral-1', { decisions: [] }))).toThrow(code('MEETING.DECISION_REQUIRED'));
      expect(when(state, discuss('referral-1', { decisions: ['shrug' as never] }))).toThrow(code('MEETING.UNKNOWN_CODE'));
      expect(when(state, discuss('referral-1', { notes: null as never }))).toThrow(code('MEETING.NOTES_REQUIRED'));
    });

    it('records which outstanding actions it carried forward, each once', () => {
      const state = aMeetingInSession();
      expect(decide(carry(['action-1', 'action-2', 'action-1']), state)).toEqual([
        { type: 'ActionsCarriedForward', data: { meetingId: M, partnershipId: P, referralId: 'referral-1', actionIds: ['action-1', 'action-2'], recordedByUserId: 'user-chair', recordedAt: STARTS_AT } },
      ]);
      const carried = given(...history(schedule(), addNew(), confirm, carry(['action-1'])));
      expect(decide(carry(['action-1', 'action-3']), carried)[0]).toMatchObject({ data: { actionIds: ['action-3'] } });
      expect(decide(carry(['action-1']), carried)).toEqual([]);
      expect(when(state, carry([]))).toThrow(code('MEETING.NO_ACTIONS'));
      expect(when(state, carry(['action-1'], 'referral-elsewhere'))).toThrow(code('MEETING.CASE_NOT_ON_AGENDA'));
    });
  });

  describe('closing and cancelling', () => {
    it('closes a meeting in session, naming agenda cases left undiscussed', () => {
      const state = given(...history(schedule(), addNew(), addReview(aCandidate({ referralId: 'referral-2' })), confirm, discuss()));
      expect(decide(closeMeeting, state)).toEqual([
        { type: 'MeetingClosed', data: { meetingId: M, partnershipId: P, notDiscussedReferralIds: ['referral-2'], closedByUserId: 'user-chair', closedAt: STARTS_AT } },
      ]);
      expect(when(aScheduledMeeting(), closeMeeting)).toThrow(code('MEETING.NOT_STARTED'));
    });

    it('changes nothing after closing', () => {
      const closed = given(...history(schedule(), addNew(), confirm, closeMeeting));
      for (const command of [addNew(aCandidate({ referralId: 'referral-2' })), attend('agency-police'), confirm, discuss(), carry(['action-1']), closeMeeting, cancel]) {
        expect(when(closed, command)).toThrow(code('MEETING.CLOSED'));
      }
    });

    it('cancels a meeting before it starts, and then changes nothing', () => {
      expect(decide(cancel, aScheduledMeeting())).toEqual([
        { type: 'MeetingCancelled', data: { meetingId: M, partnershipId: P, reason: 'not_quorate', cancelledByUserId: 'user-chair', cancelledAt: now } },
      ]);
      const cancelled = given(...history(schedule(), cancel));
      for (const command of [addNew(), apologies('agency-police'), confirm, discuss(), closeMeeting, cancel]) {
        expect(when(cancelled, command)).toThrow(code('MEETING.CANCELLED'));
      }
      expect(when(aMeetingInSession(), cancel)).toThrow(code('MEETING.ALREADY_STARTED'));
      expect(when(aScheduledMeeting(), { ...cancel, reason: 'weather' as never })).toThrow(code('MEETING.UNKNOWN_CODE'));
    });
  });

  it('produces events that are JSON-safe stored contracts', () => {
    const events = history(urgentSchedule(), addNew(aCandidate({ acceptedAt: '2026-11-24T10:00:00.000Z' })), attend('agency-police'), confirm, discuss(), carry(['action-1']), closeMeeting);
    const stored: DomainEvent[] = events; // compile-time: every event's data is a JSON object
    expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(events);
  });
});
