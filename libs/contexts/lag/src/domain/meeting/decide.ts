import { addToAgenda, type AddToAgenda } from './agenda';
import { recordAttendance, type RecordApologies, type RecordAttendance } from './attendance';
import { cancelMeeting, closeMeeting, type CancelMeeting, type CloseMeeting } from './close-and-cancel';
import { issueMinutes, type IssueMinutes } from './documents';
import { existing } from './errors';
import type { MeetingEvent } from './events';
import { rescheduleMeeting, scheduleMeeting, type RescheduleMeeting, type ScheduleMeeting } from './schedule';
import {
  carryForwardActions,
  confirmConfidentiality,
  recordCaseDiscussion,
  type CarryForwardActions,
  type ConfirmConfidentiality,
  type RecordCaseDiscussion,
} from './session';
import type { MeetingState } from './state';

/** What can be asked of a meeting; `now` comes from the caller's clock. */
export type MeetingCommand =
  | ScheduleMeeting
  | RescheduleMeeting
  | AddToAgenda
  | RecordAttendance
  | RecordApologies
  | ConfirmConfidentiality
  | RecordCaseDiscussion
  | CarryForwardActions
  | CloseMeeting
  | CancelMeeting
  | IssueMinutes;

/** Decides a command against the meeting's state: the events to append (none when nothing changes) or a LagError. */
export function decide(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  if (command.type === 'ScheduleMeeting') return scheduleMeeting(command, state);
  const current = existing(state, command.partnershipId);
  switch (command.type) {
    case 'RescheduleMeeting':
      return rescheduleMeeting(command, current);
    case 'AddToAgenda':
      return addToAgenda(command, current);
    case 'RecordAttendance':
    case 'RecordApologies':
      return recordAttendance(command, current);
    case 'ConfirmConfidentiality':
      return confirmConfidentiality(command, current);
    case 'RecordCaseDiscussion':
      return recordCaseDiscussion(command, current);
    case 'CarryForwardActions':
      return carryForwardActions(command, current);
    case 'CloseMeeting':
      return closeMeeting(command, current);
    case 'CancelMeeting':
      return cancelMeeting(command, current);
    case 'IssueMinutes':
      return issueMinutes(command, current);
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
