import { instantDaysBefore, instantMs, isIsoInstant, normaliseInstant } from './calendar';
import { LagError, requireKnown, type LagErrorCode } from './errors';
import type { ReferralState } from './referral';
import type { RiskBand } from './risk-matrix';
import type { Sealed } from './sealed';

/**
 * A Locality Action Group meeting: scheduled for one locality, an agenda of new and reviewed
 * cases, attendance and apologies, the chair's confidentiality statement, what was discussed and
 * decided per case, the actions carried forward, then closed (or cancelled before it starts).
 *
 *   none ─ScheduleMeeting→ scheduled ─ConfirmConfidentiality→ in_session ─CloseMeeting→ closed
 *                                    └CancelMeeting→ cancelled
 *
 * Nothing about a case may be recorded until the chair has read the confidentiality statement,
 * which is what moves the meeting into session. The actions themselves live on the referral:
 * a meeting that agrees or reviews an action also sends AgreeAction / RecordReview with its id.
 */
export const meetingStream = (meetingId: string) => `lag-meeting-${meetingId}`;

/** Referrals close this many days before a meeting unless the partnership sets another number. */
export const DEFAULT_REFERRAL_CUT_OFF_DAYS = 10;

export const AGENDA_ITEMS = ['new', 'review'] as const;
export type AgendaItem = (typeof AGENDA_ITEMS)[number];

export const DISCUSSION_DECISIONS = [
  'information_shared',
  'actions_agreed',
  'actions_reviewed',
  'risk_to_be_reassessed',
  'continue_review',
  'refer_to_another_process',
  'case_to_close',
  'tell_victim_about_case_review',
] as const;
export type DiscussionDecision = (typeof DISCUSSION_DECISIONS)[number];

export const CANCELLATION_REASONS = ['not_quorate', 'chair_unavailable', 'no_cases', 'rescheduled', 'other'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

// ---- events (stored contracts) ----

export type MeetingEvent =
  | {
      type: 'MeetingScheduled';
      data: {
        meetingId: string;
        partnershipId: string;
        localityId: string;
        startsAt: string;
        /** 0 for an urgent meeting, whose cut-off is the meeting time itself. */
        cutOffDays: number;
        cutOffAt: string;
        /** Set when a very-high-risk case called the meeting. */
        urgent: { referralId: string; reason: Sealed } | null;
        scheduledByUserId: string;
        scheduledAt: string;
      };
    }
  | {
      type: 'CaseAddedToAgenda';
      data: { meetingId: string; partnershipId: string; referralId: string; item: AgendaItem; band: RiskBand; addedByUserId: string; addedAt: string };
    }
  | { type: 'MeetingAttendanceRecorded'; data: { meetingId: string; partnershipId: string; agencyId: string; userId: string | null; recordedAt: string } }
  | { type: 'MeetingApologiesRecorded'; data: { meetingId: string; partnershipId: string; agencyId: string; userId: string | null; recordedAt: string } }
  | { type: 'MeetingConfidentialityConfirmed'; data: { meetingId: string; partnershipId: string; chairUserId: string; confirmedAt: string } }
  | {
      type: 'CaseDiscussed';
      data: {
        meetingId: string;
        partnershipId: string;
        referralId: string;
        notes: Sealed;
        decisions: DiscussionDecision[];
        recordedByUserId: string;
        recordedAt: string;
      };
    }
  | {
      type: 'ActionsCarriedForward';
      data: { meetingId: string; partnershipId: string; referralId: string; actionIds: string[]; recordedByUserId: string; recordedAt: string };
    }
  | {
      type: 'MeetingClosed';
      data: {
        meetingId: string;
        partnershipId: string;
        /** Agenda cases with nothing recorded: the next meeting should pick them up. */
        notDiscussedReferralIds: string[];
        closedByUserId: string;
        closedAt: string;
      };
    }
  | { type: 'MeetingCancelled'; data: { meetingId: string; partnershipId: string; reason: CancellationReason; cancelledByUserId: string; cancelledAt: string } };

// ---- state ----

export type Attendance = { agencyId: string; userId: string | null; present: boolean };

export type MeetingRecord = {
  meetingId: string;
  partnershipId: string;
  localityId: string;
  startsAt: string;
  cutOffAt: string;
  urgent: boolean;
  /** By referral id, in the order added. */
  agenda: Record<string, { item: AgendaItem; band: RiskBand }>;
  /** By `agencyId/userId`; the latest record for an attendee wins. */
  attendance: Record<string, Attendance>;
  /** How many discussion records each referral has at this meeting. */
  discussed: Record<string, number>;
  carriedActionIds: Record<string, string[]>;
};

export type MeetingState =
  | { status: 'none' }
  | { status: 'scheduled'; record: MeetingRecord }
  | { status: 'in_session'; record: MeetingRecord; chairUserId: string; confidentialityConfirmedAt: string }
  | { status: 'closed'; record: MeetingRecord; closedAt: string }
  | { status: 'cancelled'; record: MeetingRecord; cancelledAt: string; reason: CancellationReason };

type ExistingMeeting = Exclude<MeetingState, { status: 'none' }>;
type MeetingStatus = ExistingMeeting['status'];

export const initialState: MeetingState = { status: 'none' };

const attendeeKey = (agencyId: string, userId: string | null) => `${agencyId}/${userId ?? ''}`;

export function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  if (event.type === 'MeetingScheduled') {
    const d = event.data;
    return {
      status: 'scheduled',
      record: {
        meetingId: d.meetingId,
        partnershipId: d.partnershipId,
        localityId: d.localityId,
        startsAt: d.startsAt,
        cutOffAt: d.cutOffAt,
        urgent: d.urgent !== null,
        agenda: {},
        attendance: {},
        discussed: {},
        carriedActionIds: {},
      },
    };
  }
  if (state.status === 'none') return state;
  const record = state.record;
  switch (event.type) {
    case 'CaseAddedToAgenda': {
      const { referralId, item, band } = event.data;
      return { ...state, record: { ...record, agenda: { ...record.agenda, [referralId]: { item, band } } } };
    }
    case 'MeetingAttendanceRecorded':
    case 'MeetingApologiesRecorded': {
      const { agencyId, userId } = event.data;
      const present = event.type === 'MeetingAttendanceRecorded';
      return { ...state, record: { ...record, attendance: { ...record.attendance, [attendeeKey(agencyId, userId)]: { agencyId, userId, present } } } };
    }
    case 'MeetingConfidentialityConfirmed':
      return { status: 'in_session', record, chairUserId: event.data.chairUserId, confidentialityConfirmedAt: event.data.confirmedAt };
    case 'CaseDiscussed': {
      const id = event.data.referralId;
      return { ...state, record: { ...record, discussed: { ...record.discussed, [id]: (record.discussed[id] ?? 0) + 1 } } };
    }
    case 'ActionsCarriedForward': {
      const id = event.data.referralId;
      const carried = [...(record.carriedActionIds[id] ?? []), ...event.data.actionIds];
      return { ...state, record: { ...record, carriedActionIds: { ...record.carriedActionIds, [id]: carried } } };
    }
    case 'MeetingClosed':
      return { status: 'closed', record, closedAt: event.data.closedAt };
    case 'MeetingCancelled':
      return { status: 'cancelled', record, cancelledAt: event.data.cancelledAt, reason: event.data.reason };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

// ---- commands ----

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

export type MeetingCommand =
  | {
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
    }
  | { type: 'AddToAgenda'; partnershipId: string; item: AgendaItem; referral: AgendaCandidate; addedByUserId: string; now: string }
  | { type: 'RecordAttendance'; partnershipId: string; agencyId: string; userId?: string | null; now: string }
  | { type: 'RecordApologies'; partnershipId: string; agencyId: string; userId?: string | null; now: string }
  | { type: 'ConfirmConfidentiality'; partnershipId: string; chairUserId: string; now: string }
  | { type: 'RecordCaseDiscussion'; partnershipId: string; referralId: string; notes: Sealed; decisions: DiscussionDecision[]; recordedByUserId: string; now: string }
  | { type: 'CarryForwardActions'; partnershipId: string; referralId: string; actionIds: string[]; recordedByUserId: string; now: string }
  | { type: 'CloseMeeting'; partnershipId: string; closedByUserId: string; now: string }
  | { type: 'CancelMeeting'; partnershipId: string; reason: CancellationReason; cancelledByUserId: string; now: string };

// ---- decisions ----

const STATUS_REFUSALS = {
  'MEETING.CONFIDENTIALITY_NOT_CONFIRMED': 'The chair must confirm the confidentiality statement before any case is discussed.',
  'MEETING.NOT_STARTED': 'This meeting has not started: the confidentiality statement has not been confirmed.',
  'MEETING.ALREADY_STARTED': 'This meeting is in session; close it instead.',
  'MEETING.CLOSED': 'This meeting is closed.',
  'MEETING.CANCELLED': 'This meeting was cancelled.',
} satisfies Partial<Record<LagErrorCode, string>>;
type StatusRefusal = keyof typeof STATUS_REFUSALS;

/** Narrows to the allowed statuses; every other status must name its refusal. */
function inStatus<S extends MeetingStatus>(state: ExistingMeeting, allowed: readonly S[], refusals: Record<Exclude<MeetingStatus, S>, StatusRefusal>): Extract<ExistingMeeting, { status: S }> {
  if ((allowed as readonly MeetingStatus[]).includes(state.status)) return state as Extract<ExistingMeeting, { status: S }>;
  const code = refusals[state.status as Exclude<MeetingStatus, S>];
  throw new LagError(code, STATUS_REFUSALS[code]);
}

const OPEN = { closed: 'MEETING.CLOSED', cancelled: 'MEETING.CANCELLED' } as const;
const IN_SESSION = { scheduled: 'MEETING.CONFIDENTIALITY_NOT_CONFIRMED', ...OPEN } as const;

function existing(state: MeetingState, partnershipId: string): ExistingMeeting {
  if (state.status === 'none' || state.record.partnershipId !== partnershipId) throw new LagError('MEETING.NOT_FOUND', 'No such meeting in your partnership.');
  return state;
}

function onAgenda(record: MeetingRecord, referralId: string): void {
  if (!record.agenda[referralId]) throw new LagError('MEETING.CASE_NOT_ON_AGENDA', 'Only cases on this meeting\'s agenda can be recorded.');
}

/**
 * A new case must have been accepted by the cut-off (for an urgent meeting, the meeting time).
 * A review is due when the case's next review date falls on or before the meeting day (UTC day of
 * the start, which is the local day for meetings held in working hours); a case needing earlier
 * attention is reassessed, which brings its review date forward.
 */
function checkCandidate(record: MeetingRecord, item: AgendaItem, referral: AgendaCandidate): void {
  if (referral.localityId !== record.localityId) throw new LagError('MEETING.WRONG_LOCALITY', 'This referral belongs to another locality\'s LAG.');
  if (referral.status !== 'accepted' || referral.acceptedAt === null) throw new LagError('MEETING.REFERRAL_NOT_ACCEPTED', 'Only open, accepted referrals go on an agenda.');
  switch (item) {
    case 'new':
      if (instantMs(referral.acceptedAt) > instantMs(record.cutOffAt)) {
        throw new LagError('MEETING.CUT_OFF_PASSED', 'This referral was accepted after the cut-off for this meeting; it goes to the next one.', { cutOffAt: record.cutOffAt });
      }
      return;
    case 'review':
      if (referral.nextReviewDate === null || referral.nextReviewDate > record.startsAt.slice(0, 10)) {
        throw new LagError('MEETING.REVIEW_NOT_DUE', 'This case is not due for review by this meeting.', { nextReviewDate: referral.nextReviewDate });
      }
      return;
    default: {
      const unexpected: never = item;
      return unexpected;
    }
  }
}

/** Decides a command against the meeting's state: the events to append (none when nothing changes) or a LagError. */
export function decide(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  if (command.type === 'ScheduleMeeting') {
    if (state.status !== 'none') throw new LagError('MEETING.ALREADY_SCHEDULED', 'This meeting is already scheduled.');
    if (!isIsoInstant(command.startsAt)) throw new LagError('MEETING.INVALID_DATE', 'The start must be a date and time with a time zone.');
    const startsAt = normaliseInstant(command.startsAt);
    if (instantMs(startsAt) <= instantMs(command.now)) throw new LagError('MEETING.IN_THE_PAST', 'A meeting must be scheduled in the future.');
    const urgent = command.urgent ?? null;
    if (urgent) {
      if (urgent.band !== 'very_high') throw new LagError('MEETING.URGENT_NEEDS_VERY_HIGH_RISK', 'Only a very-high-risk case can call an urgent meeting.');
      if (!urgent.reason) throw new LagError('MEETING.URGENT_REASON_REQUIRED', 'An urgent meeting needs a reason.');
    }
    const cutOffDays = urgent ? 0 : (command.cutOffDays ?? DEFAULT_REFERRAL_CUT_OFF_DAYS);
    if (!Number.isInteger(cutOffDays) || cutOffDays < 0) throw new LagError('MEETING.INVALID_CUT_OFF', 'The cut-off must be a whole number of days, 0 or more.');
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
    ];
  }

  const current = existing(state, command.partnershipId);
  const ids = { meetingId: current.record.meetingId, partnershipId: current.record.partnershipId };

  switch (command.type) {
    case 'AddToAgenda': {
      const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
      const item = requireKnown(AGENDA_ITEMS, command.item, 'MEETING.UNKNOWN_CODE', 'agenda item');
      if (open.record.agenda[command.referral.referralId]) return [];
      checkCandidate(open.record, item, command.referral);
      const data = { ...ids, referralId: command.referral.referralId, item, band: command.referral.band, addedByUserId: command.addedByUserId, addedAt: command.now };
      return [{ type: 'CaseAddedToAgenda', data }];
    }

    case 'RecordAttendance':
    case 'RecordApologies': {
      const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
      const userId = command.userId ?? null;
      const present = command.type === 'RecordAttendance';
      if (open.record.attendance[attendeeKey(command.agencyId, userId)]?.present === present) return [];
      const data = { ...ids, agencyId: command.agencyId, userId, recordedAt: command.now };
      return [present ? { type: 'MeetingAttendanceRecorded', data } : { type: 'MeetingApologiesRecorded', data }];
    }

    case 'ConfirmConfidentiality': {
      const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
      if (open.status === 'in_session') return [];
      return [{ type: 'MeetingConfidentialityConfirmed', data: { ...ids, chairUserId: command.chairUserId, confirmedAt: command.now } }];
    }

    case 'RecordCaseDiscussion': {
      const session = inStatus(current, ['in_session'], IN_SESSION);
      onAgenda(session.record, command.referralId);
      if (!command.notes) throw new LagError('MEETING.NOTES_REQUIRED', 'Record what was shared and discussed.');
      const decisions = [...new Set(command.decisions)].map((d) => requireKnown(DISCUSSION_DECISIONS, d, 'MEETING.UNKNOWN_CODE', 'decision'));
      if (decisions.length === 0) throw new LagError('MEETING.DECISION_REQUIRED', 'Record at least one decision for the case.');
      const data = { ...ids, referralId: command.referralId, notes: command.notes, decisions, recordedByUserId: command.recordedByUserId, recordedAt: command.now };
      return [{ type: 'CaseDiscussed', data }];
    }

    case 'CarryForwardActions': {
      const session = inStatus(current, ['in_session'], IN_SESSION);
      onAgenda(session.record, command.referralId);
      if (command.actionIds.length === 0) throw new LagError('MEETING.NO_ACTIONS', 'Name the outstanding actions to carry forward.');
      const already = new Set(session.record.carriedActionIds[command.referralId] ?? []);
      const actionIds = [...new Set(command.actionIds)].filter((id) => !already.has(id));
      if (actionIds.length === 0) return [];
      return [{ type: 'ActionsCarriedForward', data: { ...ids, referralId: command.referralId, actionIds, recordedByUserId: command.recordedByUserId, recordedAt: command.now } }];
    }

    case 'CloseMeeting': {
      const session = inStatus(current, ['in_session'], { scheduled: 'MEETING.NOT_STARTED', ...OPEN });
      const notDiscussedReferralIds = Object.keys(session.record.agenda).filter((id) => !session.record.discussed[id]);
      return [{ type: 'MeetingClosed', data: { ...ids, notDiscussedReferralIds, closedByUserId: command.closedByUserId, closedAt: command.now } }];
    }

    case 'CancelMeeting': {
      inStatus(current, ['scheduled'], { in_session: 'MEETING.ALREADY_STARTED', ...OPEN });
      const reason = requireKnown(CANCELLATION_REASONS, command.reason, 'MEETING.UNKNOWN_CODE', 'cancellation reason');
      return [{ type: 'MeetingCancelled', data: { ...ids, reason, cancelledByUserId: command.cancelledByUserId, cancelledAt: command.now } }];
    }

    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
