import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  decide,
  evolve,
  initialState,
  partnershipStream,
  type PartnershipCommand,
  type PartnershipEvent,
  type PartnershipState,
} from '../domain/partnership';

export interface PartnershipCommandResult {
  version: number;
}

/** Any change to a partnership's reference data; all of them go through the one decider. */
export class ChangePartnership extends Command<PartnershipCommandResult> {
  constructor(
    readonly partnershipId: string,
    readonly command: PartnershipCommand,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: number | 'stream_exists',
  ) {
    super();
  }
}

@CommandHandler(ChangePartnership)
export class ChangePartnershipHandler implements ICommandHandler<ChangePartnership, PartnershipCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ChangePartnership): Promise<PartnershipCommandResult> {
    const outcome = await handleCommand<PartnershipState, PartnershipEvent>(
      this.store,
      partnershipStream(c.partnershipId),
      { initialState, evolve },
      (state) => decide(c.command, state),
      { metadata: c.metadata, expectedVersion: c.expectedVersion },
    );
    return { version: outcome.version };
  }
}
