import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import { ReadYourWrites } from '@hubline/projections';
import { LagError, type RiskBand, type Sealed } from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagReadModel } from '../../queries/lag-read-model';
import { LagReferences } from '../lag-references';
import { LagStreams } from '../lag-streams';

export interface ScheduleMeetingInput {
  localityId: string;
  startsAt: string;
  cutOffDays: number | undefined;
  urgent: { referralId: string; reason: string } | null;
}

export class ScheduleMeeting extends Command<{ meetingId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly input: ScheduleMeetingInput,
    readonly metadata: EventMetadata,
    readonly meetingId: string = newId(),
  ) {
    super();
  }
}

/**
 * Schedules a locality's LAG meeting. An urgent one names its very-high-risk case: the case's
 * band comes from the referrals read model, and the reason is sealed with its first victim's key.
 */
@CommandHandler(ScheduleMeeting)
export class ScheduleMeetingHandler implements ICommandHandler<
  ScheduleMeeting,
  { meetingId: string; version: number }
> {
  constructor(
    private readonly streams: LagStreams,
    private readonly references: LagReferences,
    private readonly readModel: LagReadModel,
    private readonly clock: LagClock,
    private readonly fresh: ReadYourWrites,
  ) {}

  async execute({
    actor,
    input,
    metadata,
    meetingId,
  }: ScheduleMeeting): Promise<{ meetingId: string; version: number }> {
    await this.references.locality(actor.partnershipId, input.localityId);
    let urgent: { referralId: string; band: RiskBand; reason: Sealed } | null = null;
    if (input.urgent) {
      const referralId = input.urgent.referralId;
      // The read model trails the log: every refusal on what it says (a case reopened a moment ago
      // still shown closed) is made again once it has caught up.
      const referral = await this.fresh.check(async () => {
        const found = await this.readModel.referral(actor.partnershipId, referralId, this.clock.today());
        if (!found) throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
        if (found.localityId !== input.localityId)
          throw new LagError('MEETING.WRONG_LOCALITY', "This referral belongs to another locality's LAG.");
        if (found.status === 'declined')
          throw new LagError('REFERRAL.DECLINED', 'This referral was declined; a new concern needs a new referral.');
        if (found.status === 'closed')
          throw new LagError('REFERRAL.CLOSED', 'This referral is closed; reopen it first.');
        return found;
      });
      urgent = {
        referralId: referral.referralId,
        band: referral.band,
        reason: await this.streams.sealerFor(referral.victimIds[0])(input.urgent.reason),
      };
    }
    const { version } = await this.streams.decideMeeting(
      meetingId,
      [
        {
          type: 'ScheduleMeeting',
          meetingId,
          partnershipId: actor.partnershipId,
          localityId: input.localityId,
          startsAt: input.startsAt,
          cutOffDays: input.cutOffDays,
          urgent,
          scheduledByUserId: actor.userId,
          now: this.clock.now(),
        },
      ],
      metadata,
    );
    return { meetingId, version };
  }
}
