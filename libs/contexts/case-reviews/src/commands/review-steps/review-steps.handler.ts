import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId as newRecordId, type EventMetadata } from '@hubline/event-store';
import type { CaseReviewCommand, ContactRoute, ExistingReview } from '../../domain';
import { CaseReviewsClock } from '../../case-reviews-clock';
import { actingAs, CaseReviewReferences } from '../case-review-references';
import { CaseReviewStreams, type Expected, type Sealer } from '../case-review-streams';
import type { ReviewChanged } from '../apply/apply.handler';
import { ReviewDeadlines } from '../../queries/review-deadlines';

/** One step on an existing review, as the HTTP edge (or the demo seed) asks for it. */
export type ReviewStepInput =
  | { type: 'acknowledge'; acknowledgedOn: string; route: ContactRoute }
  | {
      type: 'schedule_panel';
      meetingOn: string;
      chairName: string;
      independentChair: boolean;
      agencyIds: string[];
      victimInvited: boolean;
    }
  | {
      type: 'panel_held';
      heldOn: string;
      agenciesAttended: string[];
      victimAttended: boolean;
      impactStatementGiven: boolean;
    }
  | { type: 'findings'; findings: string }
  | { type: 'recommend'; owningAgencyId: string; text: string; dueOn: string }
  | { type: 'progress_recommendation'; recommendationId: string; status: string; note: string | null; on: string }
  | { type: 'consult_victim'; consultedOn: string; route: ContactRoute; views: string | null }
  | { type: 'finalise_plan'; finalisedOn: string }
  | { type: 'send_outcome'; sentOn: string; route: ContactRoute }
  | { type: 'close'; closedOn: string; reason: string; toldToVictim: string }
  | { type: 'escalate'; requestedOn: string; grounds: string[]; detail: string | null }
  | { type: 'pfcc_decision'; decision: 'upheld' | 'referred_back'; reasons: string; decidedOn: string };

export interface ReviewStepResult extends ReviewChanged {
  /** The id a step created (a meeting, a recommendation, an escalation), if any. */
  createdId?: string;
}

export class TakeReviewStep extends Command<ReviewStepResult> {
  constructor(
    readonly actor: Actor,
    readonly reviewId: string,
    readonly step: ReviewStepInput,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
    readonly newId: string = newRecordId(),
  ) {
    super();
  }
}

/**
 * Every step on a review after the application: checks what the decider cannot see (agencies of
 * the partnership, the policing body), seals free text with the review's key, counts the appeal
 * window from the timescales in force, and lets the decider rule (who may act included).
 */
@CommandHandler(TakeReviewStep)
export class TakeReviewStepHandler implements ICommandHandler<TakeReviewStep, ReviewStepResult> {
  constructor(
    private readonly streams: CaseReviewStreams,
    private readonly references: CaseReviewReferences,
    private readonly deadlines: ReviewDeadlines,
    private readonly clock: CaseReviewsClock,
  ) {}

  async execute(c: TakeReviewStep): Promise<ReviewStepResult> {
    const { actor, step } = c;
    const partnershipId = actor.partnershipId;
    if (step.type === 'schedule_panel') await this.references.activeAgencies(partnershipId, step.agencyIds);
    if (step.type === 'panel_held') await this.references.activeAgencies(partnershipId, step.agenciesAttended);
    if (step.type === 'recommend') await this.references.activeAgencies(partnershipId, [step.owningAgencyId]);
    const pfccAgencyId = step.type === 'escalate' ? await this.references.policingBody(partnershipId) : null;
    const timescales =
      step.type === 'send_outcome' ? (await this.streams.settings(partnershipId)).settings.timescales : null;

    const outcome = await this.streams.onReview(
      partnershipId,
      c.reviewId,
      (review, seal) => this.commandFor(c, review, seal, { pfccAgencyId, timescales }),
      c.metadata,
      c.expectedVersion,
    );
    const created = step.type === 'schedule_panel' || step.type === 'recommend' || step.type === 'escalate';
    return {
      reviewId: c.reviewId,
      version: outcome.version,
      status: outcome.state.status,
      ...(created ? { createdId: c.newId } : {}),
    };
  }

  private async commandFor(
    c: TakeReviewStep,
    review: ExistingReview,
    seal: Sealer,
    facts: {
      pfccAgencyId: string | null;
      timescales: Awaited<ReturnType<CaseReviewStreams['settings']>>['settings']['timescales'] | null;
    },
  ): Promise<CaseReviewCommand> {
    const { actor, step } = c;
    const base = { partnershipId: actor.partnershipId, now: this.clock.now(), today: this.clock.today() };
    const by = actor.userId;
    switch (step.type) {
      case 'acknowledge':
        return {
          type: 'AcknowledgeApplication',
          ...base,
          acknowledgedOn: step.acknowledgedOn,
          route: step.route,
          byUserId: by,
        };
      case 'schedule_panel':
        return {
          type: 'SchedulePanel',
          ...base,
          meetingId: c.newId,
          meetingOn: step.meetingOn,
          chairName: step.chairName,
          independentChair: step.independentChair,
          agencyIds: step.agencyIds,
          victimInvited: step.victimInvited,
          byUserId: by,
        };
      case 'panel_held':
        return {
          type: 'RecordPanelHeld',
          ...base,
          heldOn: step.heldOn,
          agenciesAttended: step.agenciesAttended,
          victimAttended: step.victimAttended,
          impactStatementGiven: step.impactStatementGiven,
          byUserId: by,
        };
      case 'findings':
        return { type: 'RecordFindings', ...base, findings: await seal(step.findings), byUserId: by };
      case 'recommend':
        return {
          type: 'MakeRecommendation',
          ...base,
          recommendationId: c.newId,
          owningAgencyId: step.owningAgencyId,
          text: await seal(step.text),
          dueOn: step.dueOn,
          byUserId: by,
        };
      case 'progress_recommendation':
        return {
          type: 'ProgressRecommendation',
          ...base,
          recommendationId: step.recommendationId,
          status: step.status,
          note: step.note ? await seal(step.note) : null,
          actor: actingAs(actor),
          on: step.on,
        };
      case 'consult_victim':
        return {
          type: 'ConsultVictim',
          ...base,
          consultedOn: step.consultedOn,
          route: step.route,
          views: step.views ? await seal(step.views) : null,
          byUserId: by,
        };
      case 'finalise_plan':
        return { type: 'FinaliseActionPlan', ...base, finalisedOn: step.finalisedOn, byUserId: by };
      case 'send_outcome':
        return {
          type: 'SendOutcome',
          ...base,
          sentOn: step.sentOn,
          route: step.route,
          appealBy: this.deadlines.appealBy(step.sentOn, facts.timescales!),
          byUserId: by,
        };
      case 'close':
        return {
          type: 'CloseReview',
          ...base,
          closedOn: step.closedOn,
          reason: step.reason as never,
          toldToVictim: await seal(step.toldToVictim),
          byUserId: by,
        };
      case 'escalate':
        return {
          type: 'EscalateToPfcc',
          ...base,
          escalationId: c.newId,
          requestedOn: step.requestedOn,
          grounds: step.grounds,
          detail: step.detail ? await seal(step.detail) : null,
          pfccAgencyId: facts.pfccAgencyId!,
          byUserId: by,
        };
      case 'pfcc_decision':
        return {
          type: 'DecidePfccReview',
          ...base,
          decision: step.decision,
          reasons: await seal(step.reasons),
          decidedOn: step.decidedOn,
          actor: actingAs(actor),
        };
      default: {
        const unexpected: never = step;
        return unexpected;
      }
    }
  }
}
