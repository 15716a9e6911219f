import { agreeAction, updateActionStatus, type AgreeAction, type UpdateActionStatus } from './action-plan';
import {
  accept,
  decline,
  openForDecision,
  type AcceptReferral,
  type DeclineReferral,
  type OpenForDecision,
} from './chair-decision';
import { closeReferral, reopenReferral, type CloseReferral, type ReopenReferral } from './close-and-reopen';
import { existing } from './errors';
import type { ReferralEvent } from './events';
import { reassessRisk, type ReassessRisk } from './reassess-risk';
import { refer, type ReferCommand } from './refer';
import { recordReview, type RecordReview } from './review';
import type { ReferralState } from './state';

/**
 * What can be asked of a referral. `now` is the current instant; `today` the current calendar day
 * as the partnership sees it. Both come from the caller's clock, so that decisions are repeatable.
 */
export type ReferralCommand =
  | ReferCommand
  | OpenForDecision
  | AcceptReferral
  | DeclineReferral
  | ReassessRisk
  | AgreeAction
  | UpdateActionStatus
  | RecordReview
  | CloseReferral
  | ReopenReferral;

/**
 * Decides a command against the referral's state: returns the events to append (none when the
 * command changes nothing) or throws a LagError. Each command's rules live in its own file; events
 * that change who is involved, or whether the case is open, are followed by CaseInvolvementChanged.
 */
export function decide(command: ReferralCommand, state: ReferralState): ReferralEvent[] {
  if (command.type === 'Refer') return refer(command, state);
  const current = existing(state, command.partnershipId);
  switch (command.type) {
    case 'OpenForDecision':
      return openForDecision(command, current);
    case 'AcceptReferral':
      return accept(command, current);
    case 'DeclineReferral':
      return decline(command, current);
    case 'ReassessRisk':
      return reassessRisk(command, current);
    case 'AgreeAction':
      return agreeAction(command, current);
    case 'UpdateActionStatus':
      return updateActionStatus(command, current);
    case 'RecordReview':
      return recordReview(command, current);
    case 'CloseReferral':
      return closeReferral(command, current);
    case 'ReopenReferral':
      return reopenReferral(command, current);
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
