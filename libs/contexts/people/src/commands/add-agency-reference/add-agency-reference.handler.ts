import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import { decide, evolve, initialState, personStream, type PersonEvent, type PersonState } from '../../domain/person';
import { sealReference } from '../../sealing';
import { loadChangeablePerson, sealForPerson } from '../person-visibility';

export class AddAgencyReference extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly personId: string,
    readonly reference: string,
    readonly metadata: EventMetadata,
  ) {
    super();
  }
}

/**
 * Records the caller's agency's own reference for a person. A reference makes the agency one that
 * "recorded" the person, which lets it see their data; so only an agency that may already see the
 * person can add one, or a reference would unlock any locked record.
 */
@CommandHandler(AddAgencyReference)
export class AddAgencyReferenceHandler implements ICommandHandler<AddAgencyReference, { version: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async execute(c: AddAgencyReference): Promise<{ version: number }> {
    const fold = { initialState, evolve };
    const stream = personStream(c.personId);
    await loadChangeablePerson(this.store, this.policy, c.actor, c.personId);
    const reference = await sealForPerson(() => sealReference(this.vault, c.personId, c.reference.trim()));
    const outcome = await handleCommand<PersonState, PersonEvent>(
      this.store,
      stream,
      fold,
      (s) =>
        decide(
          { type: 'AddAgencyReference', partnershipId: c.actor.partnershipId, agencyId: c.actor.agencyId, reference },
          s,
        ),
      { metadata: c.metadata },
    );
    return { version: outcome.version };
  }
}
