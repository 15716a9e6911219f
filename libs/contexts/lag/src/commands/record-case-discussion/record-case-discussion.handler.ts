import { londonDay } from '@hubline/calendar';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import {
  decideMeeting,
  decideReferral,
  evolveMeeting,
  evolveReferral,
  LagError,
  outstandingActionIds,
  type DiscussionDecision,
  type MeetingCommand,
  type ReferralCommand,
} from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagReadModel } from '../../queries/lag-read-model';
import { ActionPlans, type ActionInput } from '../action-plan/action-plan.handler';
import { inTurn, LagStreams, type Expected } from '../lag-streams';

export interface CaseDiscussionInput {
  notes: string;
  decisions: DiscussionDecision[];
  actions: ActionInput[];
  recordReview: boolean;
  carryForwardActionIds: string[];
}

export interface CaseDiscussionResult {
  meetingId: string;
  referralId: string;
  /** The meeting's version (also the ETag). */
  version: number;
  referralVersion: number;
  actionIds: string[];
  nextReviewDate: string | null;
}

export class RecordCaseDiscussion extends Command<CaseDiscussionResult> {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly referralId: string,
    readonly input: CaseDiscussionInput,
    readonly metadata: EventMetadata,
    /** If-Match applies to the meeting, the resource the route belongs to. */
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * Records what a meeting discussed about a case and, in the same request, the actions it agreed
 * and the review, which belong to the referral. Two aggregates, so two appends: both sets of
 * commands are first decided against the current states (and every outside check made), so that
 * a refusal — such as a discussion before the confidentiality statement — changes nothing. The
 * meeting is appended first (it is the record of what the meeting did), then the referral; only a
 * concurrent change to the referral between the two could leave the second undone, and the
 * response says which versions were written.
 */
@CommandHandler(RecordCaseDiscussion)
export class RecordCaseDiscussionHandler implements ICommandHandler<RecordCaseDiscussion, CaseDiscussionResult> {
  constructor(
    private readonly streams: LagStreams,
    private readonly plans: ActionPlans,
    private readonly readModel: LagReadModel,
    private readonly clock: LagClock,
  ) {}

  async execute({
    actor,
    meetingId,
    referralId,
    input,
    metadata,
    expectedVersion,
  }: RecordCaseDiscussion): Promise<CaseDiscussionResult> {
    const partnershipId = actor.partnershipId;
    const now = this.clock.now();
    const today = this.clock.today();
    const referral = await this.streams.referral(partnershipId, referralId);
    const seal = this.streams.sealerOf(referral.state);

    const meetingCommands: MeetingCommand[] = [
      {
        type: 'RecordCaseDiscussion',
        partnershipId,
        referralId,
        notes: await seal(input.notes),
        decisions: input.decisions,
        recordedByUserId: actor.userId,
        now,
        today,
      },
    ];
    if (input.carryForwardActionIds.length) {
      const outstanding = outstandingActionIds(referral.state);
      const unknown = input.carryForwardActionIds.filter((id) => !outstanding.includes(id));
      if (unknown.length)
        throw new LagError(
          'MEETING.ACTION_NOT_OUTSTANDING',
          'Only outstanding actions of this case can be carried forward.',
          { actionIds: unknown },
        );
      meetingCommands.push({
        type: 'CarryForwardActions',
        partnershipId,
        referralId,
        actionIds: input.carryForwardActionIds,
        recordedByUserId: actor.userId,
        now,
        today,
      });
    }
    const meeting = await this.streams.meeting(meetingId);
    inTurn(decideMeeting, evolveMeeting, meetingCommands)(meeting.state);

    const actionIds = this.plans.newActionIds(input.actions);
    const referralCommands = await this.plans.agreeCommands(actor, input.actions, actionIds, meetingId, seal);
    if (input.recordReview) {
      const { reviewCadence } = await this.readModel.currentSettings(partnershipId);
      referralCommands.push({
        type: 'RecordReview',
        partnershipId,
        meetingId,
        meetingDay: londonDay(meeting.state.status === 'none' ? now : meeting.state.record.startsAt),
        reviewedByUserId: actor.userId,
        cadence: reviewCadence,
        now,
        today,
      } satisfies ReferralCommand);
    }
    inTurn(decideReferral, evolveReferral, referralCommands)(referral.state);

    const meetingOutcome = await this.streams.decideMeeting(meetingId, meetingCommands, metadata, expectedVersion);
    const referralOutcome = referralCommands.length
      ? await this.streams.decideReferral(referralId, referralCommands, metadata)
      : { version: referral.version, state: referral.state };
    const after = referralOutcome.state;
    return {
      meetingId,
      referralId,
      version: meetingOutcome.version,
      referralVersion: referralOutcome.version,
      actionIds,
      nextReviewDate: after.status === 'accepted' ? after.nextReviewDate : null,
    };
  }
}
