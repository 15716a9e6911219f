import { CaseReviewError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import { CONTACT_ROUTES, RECOMMENDATION_STATUSES, isOutstanding, type ContactRoute } from './codes';
import type { CaseReviewEvent } from './events';
import { inStatus, requireText, stepDay, type ReviewActor } from './guards';
import { withInvolvement } from './involvement';
import { currentPanel, type ExistingReview, type Panel } from './state';

export type SchedulePanel = {
  type: 'SchedulePanel';
  partnershipId: string;
  meetingId: string;
  meetingOn: string;
  chairName: string;
  independentChair: boolean;
  agencyIds: string[];
  victimInvited: boolean;
  byUserId: string;
  now: string;
  today: string;
};

export type RecordPanelHeld = {
  type: 'RecordPanelHeld';
  partnershipId: string;
  heldOn: string;
  agenciesAttended: string[];
  victimAttended: boolean;
  impactStatementGiven: boolean;
  byUserId: string;
  now: string;
  today: string;
};

export type RecordFindings = {
  type: 'RecordFindings';
  partnershipId: string;
  findings: Sealed;
  byUserId: string;
  now: string;
};

export type MakeRecommendation = {
  type: 'MakeRecommendation';
  partnershipId: string;
  recommendationId: string;
  owningAgencyId: string;
  text: Sealed;
  dueOn: string;
  byUserId: string;
  now: string;
  today: string;
};

export type ProgressRecommendation = {
  type: 'ProgressRecommendation';
  partnershipId: string;
  recommendationId: string;
  status: string;
  note: Sealed | null;
  actor: ReviewActor;
  on: string;
  now: string;
  today: string;
};

export type ConsultVictim = {
  type: 'ConsultVictim';
  partnershipId: string;
  consultedOn: string;
  route: ContactRoute;
  views: Sealed | null;
  byUserId: string;
  now: string;
  today: string;
};

export type FinaliseActionPlan = {
  type: 'FinaliseActionPlan';
  partnershipId: string;
  finalisedOn: string;
  byUserId: string;
  now: string;
  today: string;
};

const PANEL_PHASE_REFUSALS = {
  received: 'CASE_REVIEW.THRESHOLD_NOT_DECIDED',
  not_met: 'CASE_REVIEW.THRESHOLD_NOT_MET',
  outcome_sent: 'CASE_REVIEW.OUTCOME_ALREADY_SENT',
  closed: 'CASE_REVIEW.CLOSED',
  escalated: 'CASE_REVIEW.ESCALATED',
} as const;

function heldPanel(current: ExistingReview): Panel {
  const panel = currentPanel(current.record);
  if (!panel) throw new CaseReviewError('CASE_REVIEW.PANEL_NOT_SCHEDULED', 'No panel meeting is scheduled yet.');
  if (!panel.held) throw new CaseReviewError('CASE_REVIEW.PANEL_NOT_HELD', 'Record the panel meeting first.');
  return panel;
}

/** Schedules the round's panel meeting once the threshold is met; the victim is invited or not, recorded either way. */
export function schedulePanel(command: SchedulePanel, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['in_review'], PANEL_PHASE_REFUSALS);
  if (currentPanel(record))
    throw new CaseReviewError(
      'CASE_REVIEW.PANEL_ALREADY_SCHEDULED',
      'This round’s panel meeting is already scheduled.',
    );
  const agencyIds = [...new Set(command.agencyIds)];
  if (agencyIds.length === 0) throw new CaseReviewError('CASE_REVIEW.NO_AGENCIES', 'Name the agencies attending.');
  if (!command.chairName.trim()) throw new CaseReviewError('CASE_REVIEW.TEXT_REQUIRED', 'Name the chair.');
  if (command.meetingOn < record.receivedOn)
    throw new CaseReviewError('CASE_REVIEW.DAY_BEFORE_APPLICATION', 'The meeting cannot be before the application.');
  return withInvolvement(current, [
    {
      type: 'CaseReviewPanelScheduled',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        meetingId: command.meetingId,
        round: record.round,
        meetingOn: command.meetingOn,
        chairName: command.chairName.trim(),
        independentChair: command.independentChair,
        agencyIds,
        victimInvited: command.victimInvited,
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ]);
}

/** Records that the panel met: who attended, whether the victim came and gave an impact statement. */
export function recordPanelHeld(command: RecordPanelHeld, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['in_review'], PANEL_PHASE_REFUSALS);
  const panel = currentPanel(record);
  if (!panel) throw new CaseReviewError('CASE_REVIEW.PANEL_NOT_SCHEDULED', 'No panel meeting is scheduled yet.');
  if (panel.held) throw new CaseReviewError('CASE_REVIEW.PANEL_ALREADY_HELD', 'The panel meeting is already recorded.');
  const attended = [...new Set(command.agenciesAttended)];
  if (attended.length === 0) throw new CaseReviewError('CASE_REVIEW.NO_AGENCIES', 'Name the agencies that attended.');
  if (!panel.victimInvited && (command.victimAttended || command.impactStatementGiven))
    throw new CaseReviewError(
      'CASE_REVIEW.UNKNOWN_CODE',
      'The victim was not invited: record the invitation when scheduling.',
    );
  return withInvolvement(current, [
    {
      type: 'CaseReviewPanelHeld',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        meetingId: panel.meetingId,
        heldOn: stepDay(command.heldOn, command.today, record.receivedOn, 'The panel meeting'),
        agenciesAttended: attended,
        victimAttended: command.victimAttended,
        impactStatementGiven: command.impactStatementGiven,
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ]);
}

/** The panel's findings (sealed); recorded again, the later text replaces the earlier in views. */
export function recordFindings(command: RecordFindings, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['in_review'], PANEL_PHASE_REFUSALS);
  const panel = heldPanel(current);
  return [
    {
      type: 'CaseReviewFindingsRecorded',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        meetingId: panel.meetingId,
        findings: requireText(command.findings, 'The findings'),
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ];
}

/** A recommendation of the panel, owned by one agency with a due day; none once the plan is final. */
export function makeRecommendation(command: MakeRecommendation, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['in_review'], PANEL_PHASE_REFUSALS);
  heldPanel(current);
  if (record.planFinalisedOn)
    throw new CaseReviewError(
      'CASE_REVIEW.PLAN_FINALISED',
      'The action plan is final; it takes no new recommendations.',
    );
  if (record.recommendations[command.recommendationId])
    throw new CaseReviewError('CASE_REVIEW.RECOMMENDATION_EXISTS', 'This recommendation is already recorded.');
  if (command.dueOn < command.today)
    throw new CaseReviewError('CASE_REVIEW.DUE_IN_PAST', 'A recommendation cannot be due before today.');
  return withInvolvement(current, [
    {
      type: 'CaseReviewRecommendationMade',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        recommendationId: command.recommendationId,
        round: record.round,
        owningAgencyId: command.owningAgencyId,
        text: requireText(command.text, 'The recommendation'),
        dueOn: command.dueOn,
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ]);
}

/**
 * Progress on a recommendation, by its owning agency (or the coordinator), carried until done or
 * cancelled, whatever the review's status: an action plan outlives the review that agreed it.
 */
export function progressRecommendation(command: ProgressRecommendation, current: ExistingReview): CaseReviewEvent[] {
  const { record } = current;
  const rec = record.recommendations[command.recommendationId];
  if (!rec) throw new CaseReviewError('CASE_REVIEW.RECOMMENDATION_NOT_FOUND', 'No such recommendation on this review.');
  if (!command.actor.coordinator && command.actor.agencyId !== rec.owningAgencyId)
    throw new CaseReviewError(
      'CASE_REVIEW.NOT_OWNING_AGENCY',
      'Only the agency that owns this recommendation, or the coordinator, can update it.',
    );
  if (!isOutstanding(rec.status))
    throw new CaseReviewError(
      'CASE_REVIEW.RECOMMENDATION_FINISHED',
      'This recommendation is already done or cancelled.',
    );
  const to = requireKnown(RECOMMENDATION_STATUSES, command.status, 'recommendation status');
  if (to === 'open')
    throw new CaseReviewError('CASE_REVIEW.UNKNOWN_CODE', 'Progress is in_progress, done or cancelled.');
  if ((to === 'done' || to === 'cancelled') && !command.note)
    throw new CaseReviewError('CASE_REVIEW.TEXT_REQUIRED', 'Say what was done, or why it was cancelled.');
  return [
    {
      type: 'CaseReviewRecommendationProgressed',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        recommendationId: rec.recommendationId,
        from: rec.status,
        to,
        note: command.note,
        byUserId: command.actor.userId,
        byAgencyId: command.actor.agencyId,
        on: stepDay(command.on, command.today, null, 'The update'),
        at: command.now,
      },
    },
  ];
}

/** The victim is consulted on the action plan before it is final (2025 guidance). */
export function consultVictim(command: ConsultVictim, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['in_review'], PANEL_PHASE_REFUSALS);
  heldPanel(current);
  if (record.planFinalisedOn)
    throw new CaseReviewError('CASE_REVIEW.PLAN_FINALISED', 'The action plan is already final.');
  return [
    {
      type: 'CaseReviewVictimConsulted',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        consultedOn: stepDay(command.consultedOn, command.today, record.receivedOn, 'The consultation'),
        route: requireKnown(CONTACT_ROUTES, command.route, 'contact route'),
        views: command.views,
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ];
}

/** Makes the action plan final: refused until the victim has been consulted on it. */
export function finaliseActionPlan(command: FinaliseActionPlan, current: ExistingReview): CaseReviewEvent[] {
  const { record } = inStatus(current, ['in_review'], PANEL_PHASE_REFUSALS);
  heldPanel(current);
  if (record.planFinalisedOn)
    throw new CaseReviewError('CASE_REVIEW.PLAN_FINALISED', 'The action plan is already final.');
  if (!record.consultedOn)
    throw new CaseReviewError(
      'CASE_REVIEW.VICTIM_NOT_CONSULTED',
      'Consult the victim on the action plan before it is final (record the consultation first).',
    );
  const finalisedOn = stepDay(command.finalisedOn, command.today, record.consultedOn, 'The final plan');
  return [
    {
      type: 'CaseReviewActionPlanFinalised',
      data: {
        reviewId: record.reviewId,
        partnershipId: record.partnershipId,
        finalisedOn,
        recommendationIds: Object.values(record.recommendations)
          .filter((r) => r.round === record.round)
          .map((r) => r.recommendationId),
        byUserId: command.byUserId,
        at: command.now,
      },
    },
  ];
}
