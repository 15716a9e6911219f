import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { londonDay } from '@hubline/calendar';
import { ReadYourWrites } from '@hubline/projections';
import {
  LagError,
  victimHasOpenCase,
  type ClosureOutcome,
  type ClosureReason,
  type DeclineReason,
  type ReferralCommand,
  type ReferralState,
  type ReviewCadence,
  type RiskAnswers,
  type RiskBand,
  type RiskMatrix,
} from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagReadModel } from '../../queries/lag-read-model';
import { actingAs } from '../lag-actor';
import { LagStreams, type Expected, type Sealer } from '../lag-streams';

/** A decision on an existing referral, as the HTTP edge maps it (free text still in clear). */
export type ReferralDecision =
  | { type: 'accept' }
  | { type: 'decline'; reason: DeclineReason; note: string | null }
  | { type: 'reassess'; riskAnswers: RiskAnswers; professionalJudgement: { band: RiskBand; reason: string } | null }
  | { type: 'review'; meetingId: string | null }
  | {
      type: 'close';
      outcomes: ClosureOutcome[];
      reason: ClosureReason;
      outcomeNarrative: string;
      cancelOutstandingActions: boolean;
    }
  | { type: 'reopen'; reason: string };

export interface ReferralDecisionResult {
  referralId: string;
  version: number;
  status: Exclude<ReferralState['status'], 'none'>;
  band: RiskBand;
  nextReviewDate: string | null;
}

export class DecideOnReferral extends Command<ReferralDecisionResult> {
  constructor(
    readonly actor: Actor,
    readonly referralId: string,
    readonly decision: ReferralDecision,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * The chair's decisions on a case (accept, decline, review, close, reopen) and reassessment,
 * which practitioners of an involved agency may also make: the referral decider judges who may,
 * on the state it decides on. Uses the partnership's current matrix and review cadence, and seals
 * free text with the first victim's key.
 */
@CommandHandler(DecideOnReferral)
export class DecideOnReferralHandler implements ICommandHandler<DecideOnReferral, ReferralDecisionResult> {
  constructor(
    private readonly streams: LagStreams,
    private readonly readModel: LagReadModel,
    private readonly clock: LagClock,
    private readonly fresh: ReadYourWrites,
  ) {}

  async execute({
    actor,
    referralId,
    decision,
    metadata,
    expectedVersion,
  }: DecideOnReferral): Promise<ReferralDecisionResult> {
    const { riskMatrix: matrix, reviewCadence: cadence } = await this.readModel.currentSettings(actor.partnershipId);
    const decide = () =>
      this.streams.onReferral(
        actor.partnershipId,
        referralId,
        async (_, seal) => [await this.command(actor, decision, { matrix, cadence, seal })],
        metadata,
        expectedVersion,
      );
    const outcome =
      decision.type === 'accept' || decision.type === 'reopen'
        ? await this.opening(actor, referralId, metadata, decide)
        : await decide();
    const after = outcome.state;
    if (after.status === 'none') throw new Error('referral vanished');
    if ((decision.type === 'close' || decision.type === 'decline') && outcome.events.length > 0)
      await this.streams.releaseVictims(
        actor.partnershipId,
        referralId,
        after.record.victimIds,
        this.clock.now(),
        metadata,
      );
    return {
      referralId,
      version: outcome.version,
      status: after.status,
      band: after.record.risk.band,
      nextReviewDate: after.status === 'accepted' ? after.nextReviewDate : null,
    };
  }

  /**
   * Accepting or reopening opens a case: one open case per victim (decision 0029). A victim with
   * another open case refuses it (LAG.VICTIM_HAS_OPEN_CASE naming it); otherwise each victim is
   * reserved for this case first, so two attempts at once cannot both open one, and released
   * again should the case then not open.
   */
  private async opening<T>(
    actor: Actor,
    referralId: string,
    metadata: EventMetadata,
    decide: () => Promise<T>,
  ): Promise<T> {
    const { state } = await this.streams.referral(actor.partnershipId, referralId);
    const victimIds = state.record.victimIds;
    // Cases opened before reservations existed hold no reservation: the read model still knows them.
    // It trails the log, so each case it names is confirmed open by its own stream: a case closed a
    // moment ago (its closing already answered) is not held against the victim.
    for (const other of await this.readModel.openCasesOf(actor.partnershipId, victimIds, referralId))
      if (await this.streams.isOpen(other)) throw victimHasOpenCase(other);
    const now = this.clock.now();
    const reserved = await this.streams.reserveVictims(actor.partnershipId, referralId, victimIds, now, metadata);
    try {
      return await decide();
    } catch (error) {
      await this.streams.releaseVictims(actor.partnershipId, referralId, reserved, now, metadata);
      throw error;
    }
  }

  private async command(
    actor: Actor,
    decision: ReferralDecision,
    { matrix, cadence, seal }: { matrix: RiskMatrix; cadence: ReviewCadence; seal: Sealer },
  ): Promise<ReferralCommand> {
    const base = { partnershipId: actor.partnershipId, now: this.clock.now() };
    const today = this.clock.today();
    switch (decision.type) {
      case 'accept':
        return {
          ...base,
          type: 'AcceptReferral',
          chairUserId: actor.userId,
          chairAgencyId: actor.agencyId,
          cadence,
          today,
        };
      case 'decline':
        return {
          ...base,
          type: 'DeclineReferral',
          chairUserId: actor.userId,
          reason: decision.reason,
          note: decision.note === null ? null : await seal(decision.note),
        };
      case 'reassess': {
        const j = decision.professionalJudgement;
        return {
          ...base,
          type: 'ReassessRisk',
          matrix,
          answers: decision.riskAnswers,
          judgement: j ? { band: j.band, reason: await seal(j.reason) } : null,
          actor: actingAs(actor),
          cadence,
        };
      }
      case 'review': {
        let meetingDay: string | null = null;
        if (decision.meetingId) {
          const meetingId = decision.meetingId;
          const meeting = await this.fresh.check(async () => {
            const found = await this.readModel.meeting(actor.partnershipId, meetingId);
            if (!found) throw new LagError('MEETING.NOT_FOUND', 'No such meeting in your partnership.');
            return found;
          });
          meetingDay = londonDay(meeting.startsAt);
        }
        return {
          ...base,
          type: 'RecordReview',
          meetingId: decision.meetingId,
          meetingDay,
          reviewedByUserId: actor.userId,
          cadence,
          today,
        };
      }
      case 'close':
        return {
          ...base,
          type: 'CloseReferral',
          outcomes: decision.outcomes,
          outcomeNarrative: await seal(decision.outcomeNarrative),
          reason: decision.reason,
          cancelOutstandingActions: decision.cancelOutstandingActions,
          closedByUserId: actor.userId,
        };
      case 'reopen':
        return {
          ...base,
          type: 'ReopenReferral',
          reason: await seal(decision.reason),
          reopenedByUserId: actor.userId,
          cadence,
          today,
        };
      default: {
        const unexpected: never = decision;
        return unexpected;
      }
    }
  }
}
