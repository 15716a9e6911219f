import { LagError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import { DISCUSSION_DECISIONS, type DiscussionDecision } from './codes';
import { IN_SESSION, inStatus, onAgenda, OPEN, requireMeetingDay } from './errors';
import type { MeetingEvent } from './events';
import type { ExistingMeeting } from './state';

export type ConfirmConfidentiality = {
  type: 'ConfirmConfidentiality';
  partnershipId: string;
  chairUserId: string;
  now: string;
  today: string;
};
export type RecordCaseDiscussion = {
  type: 'RecordCaseDiscussion';
  partnershipId: string;
  referralId: string;
  notes: Sealed;
  decisions: DiscussionDecision[];
  /** As read by the caller: the agencies present no agreement covers, and the chair's decision. */
  notCovered?:
    | { agencyIds: string[]; decision: 'excluded' }
    | { agencyIds: string[]; decision: 'shared'; justification: Sealed }
    | null;
  recordedByUserId: string;
  now: string;
  today: string;
};
export type CarryForwardActions = {
  type: 'CarryForwardActions';
  partnershipId: string;
  referralId: string;
  actionIds: string[];
  recordedByUserId: string;
  now: string;
  today: string;
};

/** The chair reads the confidentiality statement, which puts the meeting in session (once). */
export function confirmConfidentiality(command: ConfirmConfidentiality, current: ExistingMeeting): MeetingEvent[] {
  const open = inStatus(current, ['scheduled', 'in_session'], OPEN);
  if (open.status === 'in_session') return [];
  requireMeetingDay(open.record, command.today);
  return [
    {
      type: 'MeetingConfidentialityConfirmed',
      data: {
        meetingId: open.record.meetingId,
        partnershipId: open.record.partnershipId,
        chairUserId: command.chairUserId,
        confirmedAt: command.now,
      },
    },
  ];
}

/** In session only: what was shared about a case on the agenda, and at least one decision. */
export function recordCaseDiscussion(command: RecordCaseDiscussion, current: ExistingMeeting): MeetingEvent[] {
  const { record } = inStatus(current, ['in_session'], IN_SESSION);
  requireMeetingDay(record, command.today);
  onAgenda(record, command.referralId);
  if (!command.notes) throw new LagError('MEETING.NOTES_REQUIRED', 'Record what was shared and discussed.');
  const decisions = [...new Set(command.decisions)].map((d) =>
    requireKnown(DISCUSSION_DECISIONS, d, 'MEETING.UNKNOWN_CODE', 'decision'),
  );
  if (decisions.length === 0)
    throw new LagError('MEETING.DECISION_REQUIRED', 'Record at least one decision for the case.');
  const data = {
    meetingId: record.meetingId,
    partnershipId: record.partnershipId,
    referralId: command.referralId,
    notes: command.notes,
    decisions,
    ...(command.notCovered?.agencyIds.length ? { notCovered: command.notCovered } : {}),
    recordedByUserId: command.recordedByUserId,
    recordedAt: command.now,
  };
  return [{ type: 'CaseDiscussed', data }];
}

/** In session only: the outstanding actions of an agenda case carried to the next meeting, each once. */
export function carryForwardActions(command: CarryForwardActions, current: ExistingMeeting): MeetingEvent[] {
  const { record } = inStatus(current, ['in_session'], IN_SESSION);
  requireMeetingDay(record, command.today);
  onAgenda(record, command.referralId);
  if (command.actionIds.length === 0)
    throw new LagError('MEETING.NO_ACTIONS', 'Name the outstanding actions to carry forward.');
  const already = new Set(record.carriedActionIds[command.referralId] ?? []);
  const actionIds = [...new Set(command.actionIds)].filter((id) => !already.has(id));
  if (actionIds.length === 0) return [];
  const data = {
    meetingId: record.meetingId,
    partnershipId: record.partnershipId,
    referralId: command.referralId,
    actionIds,
    recordedByUserId: command.recordedByUserId,
    recordedAt: command.now,
  };
  return [{ type: 'ActionsCarriedForward', data }];
}
