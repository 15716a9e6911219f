import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { LagClock } from '../../lag-clock';
import { MeetingDocuments } from '../../queries/meeting-documents';
import { LagStreams, type Expected } from '../lag-streams';

export interface MinutesIssuedResult {
  meetingId: string;
  version: number;
  issuedAt: string;
  recipients: Array<{ agencyId: string; referralIds: string[] }>;
}

export class IssueMinutes extends Command<MinutesIssuedResult> {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * The chair issues the minutes of a closed meeting, once (decision 0028). Who receives which case
 * parts is worked out just before deciding (the agencies present and the chair's, each the cases
 * it may read and heard) and is the event's own record; the sharing context records a disclosure
 * of each case part to the agencies that received it.
 */
@CommandHandler(IssueMinutes)
export class IssueMinutesHandler implements ICommandHandler<IssueMinutes, MinutesIssuedResult> {
  constructor(
    private readonly streams: LagStreams,
    private readonly documents: MeetingDocuments,
    private readonly clock: LagClock,
  ) {}

  async execute({ actor, meetingId, metadata, expectedVersion }: IssueMinutes): Promise<MinutesIssuedResult> {
    const { recipients, cases } = await this.documents.minutesRecipients(actor, meetingId);
    const outcome = await this.streams.decideMeeting(
      meetingId,
      [
        {
          type: 'IssueMinutes',
          partnershipId: actor.partnershipId,
          recipients,
          cases,
          issuedByUserId: actor.userId,
          now: this.clock.now(),
        },
      ],
      metadata,
      expectedVersion,
    );
    const issued = outcome.events.find((e) => e.type === 'MeetingMinutesIssued');
    if (!issued || issued.type !== 'MeetingMinutesIssued') throw new Error('minutes not issued');
    return { meetingId, version: outcome.version, issuedAt: issued.data.issuedAt, recipients: issued.data.recipients };
  }
}
