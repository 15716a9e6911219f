import { acknowledge, apply, type AcknowledgeApplication, type ApplyForReview } from './apply';
import { decidePfccReview, escalate, type DecidePfccReview, type EscalateToPfcc } from './escalation';
import type { CaseReviewEvent } from './events';
import { existing } from './guards';
import {
  answerInformationRequest,
  requestInformation,
  type AnswerInformationRequest,
  type RequestInformation,
} from './information';
import { closeReview, sendOutcome, type CloseReview, type SendOutcome } from './outcome';
import {
  consultVictim,
  finaliseActionPlan,
  makeRecommendation,
  progressRecommendation,
  recordFindings,
  recordPanelHeld,
  schedulePanel,
  type ConsultVictim,
  type FinaliseActionPlan,
  type MakeRecommendation,
  type ProgressRecommendation,
  type RecordFindings,
  type RecordPanelHeld,
  type SchedulePanel,
} from './panel';
import type { CaseReviewState } from './state';
import { decideThreshold, type DecideThreshold } from './threshold-decision';

/** What can be asked of a case review. `now` and `today` come from the caller's clock. */
export type CaseReviewCommand =
  | ApplyForReview
  | AcknowledgeApplication
  | RequestInformation
  | AnswerInformationRequest
  | DecideThreshold
  | SchedulePanel
  | RecordPanelHeld
  | RecordFindings
  | MakeRecommendation
  | ProgressRecommendation
  | ConsultVictim
  | FinaliseActionPlan
  | SendOutcome
  | CloseReview
  | EscalateToPfcc
  | DecidePfccReview;

/** Decides a command on the review's state: the events to append, or a CaseReviewError. */
export function decide(command: CaseReviewCommand, state: CaseReviewState): CaseReviewEvent[] {
  if (command.type === 'ApplyForReview') return apply(command, state);
  const current = existing(state, command.partnershipId);
  switch (command.type) {
    case 'AcknowledgeApplication':
      return acknowledge(command, current);
    case 'RequestInformation':
      return requestInformation(command, current);
    case 'AnswerInformationRequest':
      return answerInformationRequest(command, current);
    case 'DecideThreshold':
      return decideThreshold(command, current);
    case 'SchedulePanel':
      return schedulePanel(command, current);
    case 'RecordPanelHeld':
      return recordPanelHeld(command, current);
    case 'RecordFindings':
      return recordFindings(command, current);
    case 'MakeRecommendation':
      return makeRecommendation(command, current);
    case 'ProgressRecommendation':
      return progressRecommendation(command, current);
    case 'ConsultVictim':
      return consultVictim(command, current);
    case 'FinaliseActionPlan':
      return finaliseActionPlan(command, current);
    case 'SendOutcome':
      return sendOutcome(command, current);
    case 'CloseReview':
      return closeReview(command, current);
    case 'EscalateToPfcc':
      return escalate(command, current);
    case 'DecidePfccReview':
      return decidePfccReview(command, current);
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
