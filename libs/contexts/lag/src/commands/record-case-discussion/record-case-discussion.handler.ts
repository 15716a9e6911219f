import { londonDay } from '@hubline/calendar';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { decideInTurn, type EventMetadata } from '@hubline/event-store';
import {
  decideMeeting,
  decideReferral,
  evolveMeeting,
  evolveReferral,
  LagError,
  outstandingActionIds,
  type MeetingState,
  type Sealed,
  type DiscussionDecision,
  type MeetingCommand,
  type NotCoveredDecision,
  type ReferralCommand,
} from '../../domain';
import { PartnershipDirectory } from '@hubline/partnerships';
import { SharingRecords } from '@hubline/sharing';
import { LagClock } from '../../lag-clock';
import { LagReadModel } from '../../queries/lag-read-model';
import { ActionPlans, type ActionInput } from '../action-plan/action-plan.handler';
import { LagStreams, type ExistingReferral, type Expected } from '../lag-streams';

export interface CaseDiscussionInput {
  notes: string;
  decisions: DiscussionDecision[];
  actions: ActionInput[];
  recordReview: boolean;
  carryForwardActionIds: string[];
  /** For agencies present that no sharing agreement covers: exclude them from the item, or share, with a justification. */
  notCoveredAgencies?: NotCoveredDecision | null;
  sharingJustification?: string | null;
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
    private readonly sharing: SharingRecords,
    private readonly partnerships: PartnershipDirectory,
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
    const meeting = await this.streams.meeting(meetingId);

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
    decideInTurn(decideMeeting, evolveMeeting, meetingCommands)(meeting.state);
    // Only a discussion the meeting can record is checked for sharing no agreement covers.
    const notCovered = await this.notCovered(actor, meeting.state, referral.state, input, now, seal);
    meetingCommands[0] = { ...meetingCommands[0], notCovered } as MeetingCommand;

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
    decideInTurn(decideReferral, evolveReferral, referralCommands)(referral.state);

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

  /**
   * The agencies present (other than the referring agency) that no sharing agreement covers for
   * this case now, judged as the case-sharing record will judge the discussion. Any, and the chair
   * has not decided: refused, naming them, so the chair decides before anything is heard.
   */
  private async notCovered(
    actor: Actor,
    meeting: MeetingState,
    referral: ExistingReferral,
    input: CaseDiscussionInput,
    now: string,
    seal: (text: string) => Promise<Sealed>,
  ): Promise<Extract<MeetingCommand, { type: 'RecordCaseDiscussion' }>['notCovered']> {
    if (meeting.status === 'none') return null;
    const r = referral.record;
    const present = [
      ...new Set(
        Object.values(meeting.record.attendance)
          .filter((a) => a.present)
          .map((a) => a.agencyId),
      ),
    ].filter((id) => id !== r.referringAgencyId);
    const gaps = await this.sharing.caseSharingNotCovered(actor.partnershipId, {
      caseType: 'lag_referral',
      caseId: r.referralId,
      fromAgencyId: r.referringAgencyId,
      recipientAgencyIds: present,
      contents: {
        category: r.category,
        perpetratorCount: r.perpetratorIds.length,
        vulnerabilities: r.vulnerabilities,
        protectedCharacteristics: r.protectedCharacteristics,
      },
      at: now,
    });
    if (gaps.length === 0) return null;
    const agencyIds = gaps.map((g) => g.agencyId);
    switch (input.notCoveredAgencies) {
      case 'exclude':
        return { agencyIds, decision: 'excluded' };
      case 'share':
        if (!input.sharingJustification)
          throw new LagError(
            'MEETING.JUSTIFICATION_REQUIRED',
            'Sharing with agencies no agreement covers needs the basis for it (sharingJustification).',
          );
        return { agencyIds, decision: 'shared', justification: await seal(input.sharingJustification) };
      default: {
        const names = new Map(
          (await this.partnerships.agencyNames(actor.partnershipId, agencyIds)).map((a) => [a.agencyId, a.name]),
        );
        throw new LagError(
          'MEETING.SHARING_NOT_COVERED',
          `No information-sharing agreement covers sharing this case with ${agencyIds.map((id) => names.get(id) ?? id).join(', ')}. Exclude them from this item (notCoveredAgencies=exclude), or share on a stated basis (notCoveredAgencies=share with sharingJustification).`,
          {
            agencies: gaps.map((g) => ({
              agencyId: g.agencyId,
              name: names.get(g.agencyId) ?? null,
              notCoveredBecause: g.notCoveredBecause,
            })),
          },
        );
      }
    }
  }
}
