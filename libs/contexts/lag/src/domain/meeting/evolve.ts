import type { MeetingEvent } from './events';
import { attendeeKey, type MeetingState } from './state';

/** Folds one event into the meeting's state. Events are facts: evolve never refuses one. */
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
        cutOffDays: d.cutOffDays,
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
    case 'MeetingRescheduled':
      return { ...state, record: { ...record, startsAt: event.data.startsAt, cutOffAt: event.data.cutOffAt } };
    case 'CaseAddedToAgenda': {
      const { referralId, item, band } = event.data;
      return { ...state, record: { ...record, agenda: { ...record.agenda, [referralId]: { item, band } } } };
    }
    case 'MeetingAttendanceRecorded':
    case 'MeetingApologiesRecorded': {
      const { agencyId, userId } = event.data;
      const present = event.type === 'MeetingAttendanceRecorded';
      return {
        ...state,
        record: {
          ...record,
          attendance: { ...record.attendance, [attendeeKey(agencyId, userId)]: { agencyId, userId, present } },
        },
      };
    }
    case 'MeetingConfidentialityConfirmed':
      return {
        status: 'in_session',
        record,
        chairUserId: event.data.chairUserId,
        confidentialityConfirmedAt: event.data.confirmedAt,
      };
    case 'CaseDiscussed': {
      const id = event.data.referralId;
      return {
        ...state,
        record: { ...record, discussed: { ...record.discussed, [id]: (record.discussed[id] ?? 0) + 1 } },
      };
    }
    case 'ActionsCarriedForward': {
      const id = event.data.referralId;
      const carried = [...(record.carriedActionIds[id] ?? []), ...event.data.actionIds];
      return { ...state, record: { ...record, carriedActionIds: { ...record.carriedActionIds, [id]: carried } } };
    }
    case 'MeetingClosed':
      return { status: 'closed', record, closedAt: event.data.closedAt };
    case 'MeetingMinutesIssued':
      return state.status === 'closed' ? { ...state, minutesIssuedAt: event.data.issuedAt } : state;
    case 'MeetingCancelled':
      return { status: 'cancelled', record, cancelledAt: event.data.cancelledAt, reason: event.data.reason };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
