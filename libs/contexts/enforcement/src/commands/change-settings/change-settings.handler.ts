import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { EnforcementClock } from '../../enforcement-clock';
import { EnforcementStreams, type Expected } from '../enforcement-streams';

export class ChangeExpiryWindow extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly days: number,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/** A partnership administrator sets how many days before its end an order counts as expiring. */
@CommandHandler(ChangeExpiryWindow)
export class ChangeExpiryWindowHandler implements ICommandHandler<ChangeExpiryWindow, { version: number }> {
  constructor(
    private readonly streams: EnforcementStreams,
    private readonly clock: EnforcementClock,
  ) {}

  async execute(c: ChangeExpiryWindow): Promise<{ version: number }> {
    const { version } = await this.streams.decideSettings(
      {
        type: 'ChangeExpiryWindow',
        partnershipId: c.actor.partnershipId,
        days: c.days,
        changedByUserId: c.actor.userId,
        now: this.clock.now(),
      },
      c.metadata,
      c.expectedVersion,
    );
    return { version };
  }
}
