import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import type { LagSettingsCommand, ReviewCadence, RiskMatrix } from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagStreams, type Expected } from '../lag-streams';

export type SettingsChange =
  { type: 'risk_matrix'; matrix: RiskMatrix } | { type: 'review_cadence'; cadence: ReviewCadence };

export class ChangeLagSettings extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly change: SettingsChange,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/** A partnership administrator replaces the risk matrix or the review cadence of their partnership. */
@CommandHandler(ChangeLagSettings)
export class ChangeLagSettingsHandler implements ICommandHandler<ChangeLagSettings, { version: number }> {
  constructor(
    private readonly streams: LagStreams,
    private readonly clock: LagClock,
  ) {}

  async execute({ actor, change, metadata, expectedVersion }: ChangeLagSettings): Promise<{ version: number }> {
    const base = { partnershipId: actor.partnershipId, now: this.clock.now() };
    const command: LagSettingsCommand =
      change.type === 'risk_matrix'
        ? { ...base, type: 'AdoptRiskMatrix', matrix: change.matrix, adoptedByUserId: actor.userId }
        : { ...base, type: 'ChangeReviewCadence', cadence: change.cadence, changedByUserId: actor.userId };
    const { version } = await this.streams.decideSettings(actor.partnershipId, command, metadata, expectedVersion);
    return { version };
  }
}
