import { isIsoDate } from '@hubline/calendar';
import { LagError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import { ACTION_KINDS, ACTION_STATUSES, isOutstanding, type ActionKind, type ActionStatus } from './codes';
import { requireActionOwner, requireInvolved, requireOwnAgencyForNewAction, type LagActor } from './authorisation';
import { inStatus, requireText } from './errors';
import type { ReferralEvent } from './events';
import { withInvolvement } from './involvement';
import type { ExistingReferral } from './state';

export type AgreeAction = {
  type: 'AgreeAction';
  partnershipId: string;
  actionId: string;
  owningAgencyId: string;
  assigneeUserId?: string | null;
  kind: ActionKind;
  description: Sealed;
  dueDate: string;
  meetingId?: string | null;
  targetPersonId?: string | null;
  /** The chair, at a meeting or between meetings; or a practitioner of an involved agency, for their own agency. */
  actor: LagActor;
  now: string;
  today: string;
};

export type UpdateActionStatus = {
  type: 'UpdateActionStatus';
  partnershipId: string;
  actionId: string;
  status: ActionStatus;
  outcome?: Sealed | null;
  actor: LagActor;
  now: string;
};

/**
 * An action on an accepted case: owned by an agency (which becomes involved in the case), due
 * today or later, and about a victim or known perpetrator of this case if about anyone. Only the
 * chair or an agency already involved may agree one, and a practitioner only for their own agency.
 */
export function agreeAction(command: AgreeAction, current: ExistingReferral): ReferralEvent[] {
  requireInvolved(command.actor, current);
  requireOwnAgencyForNewAction(command.actor, command.owningAgencyId);
  const { record } = inStatus(current, ['accepted'], {
    referred: 'REFERRAL.NOT_ACCEPTED',
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.CLOSED',
  });
  if (record.actions[command.actionId])
    throw new LagError('REFERRAL.ACTION_ALREADY_EXISTS', 'An action with this id already exists.');
  const kind = requireKnown(ACTION_KINDS, command.kind, 'REFERRAL.UNKNOWN_CODE', 'action kind');
  if (!isIsoDate(command.dueDate))
    throw new LagError('REFERRAL.INVALID_DATE', 'The due date must be a calendar date (YYYY-MM-DD).');
  if (command.dueDate < command.today)
    throw new LagError('REFERRAL.ACTION_DUE_DATE_IN_PAST', 'An action cannot be due before today.');
  const targetPersonId = command.targetPersonId ?? null;
  if (targetPersonId !== null && ![...record.victimIds, ...record.perpetratorIds].includes(targetPersonId)) {
    throw new LagError(
      'REFERRAL.ACTION_TARGET_NOT_IN_CASE',
      'An action can only be about a victim or known perpetrator of this case.',
    );
  }
  const data = {
    referralId: record.referralId,
    partnershipId: record.partnershipId,
    actionId: command.actionId,
    owningAgencyId: command.owningAgencyId,
    assigneeUserId: command.assigneeUserId ?? null,
    kind,
    description: requireText(command.description, 'A description of the action'),
    dueDate: command.dueDate,
    meetingId: command.meetingId ?? null,
    targetPersonId,
    agreedByUserId: command.actor.userId,
    agreedAt: command.now,
  };
  return withInvolvement(current, [{ type: 'ActionAgreed', data }]);
}

/**
 * An outstanding action moves on, reported by the agency that owns it or the chair; completed and
 * cancelled are final, and completion needs its outcome.
 */
export function updateActionStatus(command: UpdateActionStatus, current: ExistingReferral): ReferralEvent[] {
  const owned = current.record.actions[command.actionId];
  if (owned) requireActionOwner(command.actor, owned.owningAgencyId);
  const { record } = inStatus(current, ['accepted'], {
    referred: 'REFERRAL.NOT_ACCEPTED',
    declined: 'REFERRAL.DECLINED',
    closed: 'REFERRAL.CLOSED',
  });
  const action = record.actions[command.actionId];
  if (!action) throw new LagError('REFERRAL.ACTION_NOT_FOUND', 'No such action on this referral.');
  if (!isOutstanding(action.status))
    throw new LagError('REFERRAL.ACTION_FINISHED', `This action is ${action.status}; it cannot change any more.`);
  const to = requireKnown(ACTION_STATUSES, command.status, 'REFERRAL.UNKNOWN_CODE', 'action status');
  if (to === action.status) return [];
  if (to === 'completed' && !command.outcome)
    throw new LagError('REFERRAL.ACTION_OUTCOME_REQUIRED', 'Completing an action needs its outcome.');
  const data = {
    referralId: record.referralId,
    partnershipId: record.partnershipId,
    actionId: action.actionId,
    from: action.status,
    to,
    outcome: command.outcome ?? null,
    changedByUserId: command.actor.userId,
    changedAt: command.now,
  };
  return [{ type: 'ActionStatusChanged', data }];
}
