import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import { decide, evolve, initialState, personStream, type PersonEvent, type PersonState } from '../../domain/person';
import { normaliseDetails, type PersonalDetails } from '../../domain/personal-details';
import { sealDetails } from '../../sealing';
import { loadChangeablePerson, sealForPerson } from '../person-visibility';

export class ChangePersonDetails extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly personId: string,
    readonly details: PersonalDetails,
    readonly metadata: EventMetadata,
    readonly expectedVersion: number | 'stream_exists',
    readonly now: string,
  ) {
    super();
  }
}

/** Replaces a person's details. Checked in the order that reveals least: exists here, visible to the caller, still active. */
@CommandHandler(ChangePersonDetails)
export class ChangePersonDetailsHandler implements ICommandHandler<ChangePersonDetails, { version: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async execute(c: ChangePersonDetails): Promise<{ version: number }> {
    const fold = { initialState, evolve };
    const stream = personStream(c.personId);
    await loadChangeablePerson(this.store, this.policy, c.actor, c.personId);
    const personal = await sealForPerson(() => sealDetails(this.vault, c.personId, normaliseDetails(c.details)));
    const outcome = await handleCommand<PersonState, PersonEvent>(
      this.store,
      stream,
      fold,
      (s) => decide({ type: 'ChangeDetails', partnershipId: c.actor.partnershipId, personal, now: c.now }, s),
      { metadata: c.metadata, expectedVersion: c.expectedVersion },
    );
    return { version: outcome.version };
  }
}
