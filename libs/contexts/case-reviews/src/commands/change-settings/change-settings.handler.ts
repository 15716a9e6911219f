import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import type { CaseReviewSettingsCommand } from '../../domain';
import { CaseReviewsClock } from '../../case-reviews-clock';
import { CaseReviewStreams, type Expected } from '../case-review-streams';

type Change = DistributiveOmit<CaseReviewSettingsCommand, 'partnershipId' | 'byUserId' | 'now'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The partnership admin changes the case review procedure: each change a new version. */
export class ChangeCaseReviewSettings extends Command<{ version: number | null }> {
  constructor(
    readonly actor: Actor,
    readonly change: Change,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

@CommandHandler(ChangeCaseReviewSettings)
export class ChangeCaseReviewSettingsHandler implements ICommandHandler<
  ChangeCaseReviewSettings,
  { version: number | null }
> {
  constructor(
    private readonly streams: CaseReviewStreams,
    private readonly clock: CaseReviewsClock,
  ) {}

  async execute(c: ChangeCaseReviewSettings): Promise<{ version: number | null }> {
    const outcome = await this.streams.decideSettings(
      c.actor.partnershipId,
      {
        ...c.change,
        partnershipId: c.actor.partnershipId,
        byUserId: c.actor.userId,
        now: this.clock.now(),
      } as CaseReviewSettingsCommand,
      c.metadata,
      c.expectedVersion,
    );
    return { version: outcome.version < 0 ? null : outcome.version };
  }
}
