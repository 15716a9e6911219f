import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  agreementStream,
  decideAgreement,
  evolveAgreement,
  initialAgreementState,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
} from '../../domain';
import { SharingReferences } from '../sharing-references';

/** Agreeing, reviewing or terminating an Information Sharing Agreement of the actor's partnership. */
export class ChangeAgreement extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly command: AgreementCommand,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: number | 'stream_exists',
  ) {
    super();
  }
}

@CommandHandler(ChangeAgreement)
export class ChangeAgreementHandler implements ICommandHandler<ChangeAgreement, { version: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly references: SharingReferences,
  ) {}

  async execute(c: ChangeAgreement): Promise<{ version: number }> {
    if (c.command.type === 'Agree') await this.references.activeAgencies(c.actor.partnershipId, c.command.parties);
    const outcome = await handleCommand<AgreementState, AgreementEvent>(
      this.store,
      agreementStream(c.agreementId),
      { initialState: initialAgreementState, evolve: evolveAgreement },
      (state) => decideAgreement(c.command, state),
      { metadata: c.metadata, expectedVersion: c.expectedVersion },
    );
    return { version: outcome.version };
  }
}
