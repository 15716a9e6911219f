import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { EVENT_STORE, handleCommand, loadState, type EventMetadata, type EventStore } from '@hubline/event-store';
import { PersonalDataVault, PersonKeyMissingError } from '@hubline/privacy';
import { activePerson, decide, evolve, initialState, knownPerson, PersonForgottenError, personStream, type PersonEvent, type PersonState } from '../../domain/person';
import { normaliseDetails, type PersonalDetails } from '../../domain/personal-details';
import { sealDetails } from '../../sealing';
import { assertVisible } from '../person-visibility';

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
    const { state } = await loadState<PersonState, PersonEvent>(this.store, stream, fold);
    knownPerson(state, c.actor.partnershipId);
    await assertVisible(this.policy, c.actor, c.personId);
    activePerson(state, c.actor.partnershipId);
    let personal;
    try {
      personal = await sealDetails(this.vault, c.personId, normaliseDetails(c.details));
    } catch (error) {
      // The key was destroyed after the state was read: the person is being forgotten.
      if (error instanceof PersonKeyMissingError) throw new PersonForgottenError();
      throw error;
    }
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
