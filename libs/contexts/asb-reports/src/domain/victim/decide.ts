import type { ExplanationEvent } from './events';
import {
  considerExplanationDuty,
  reviewExplanationDuties,
  type ConsiderExplanationDuty,
  type ReviewExplanationDuties,
} from './explanation-duty';
import { explainCaseReview, type ExplainCaseReview } from './explain';
import type { VictimState } from './state';

export type VictimCommand = ConsiderExplanationDuty | ReviewExplanationDuties | ExplainCaseReview;

export function decideVictim(command: VictimCommand, state: VictimState): ExplanationEvent[] {
  switch (command.type) {
    case 'ConsiderExplanationDuty':
      return considerExplanationDuty(command, state);
    case 'ReviewExplanationDuties':
      return reviewExplanationDuties(command, state);
    case 'ExplainCaseReview':
      return explainCaseReview(command, state);
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
