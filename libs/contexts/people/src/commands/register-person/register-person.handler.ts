import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { ConsultationLog, type Actor } from '@hubline/access';
import { DomainError } from '@hubline/errors';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import { decide, evolve, initialState, personStream, type PersonEvent, type PersonState } from '../../domain/person';
import { normaliseDetails, type PersonalDetails } from '../../domain/personal-details';
import { sealDetails, sealReference } from '../../sealing';
import { PersonSearch, type DuplicateCandidate } from '../../search/person-search';

export class PossibleDuplicateError extends DomainError {
  readonly code = 'PERSON.POSSIBLE_DUPLICATE';
  readonly kind = 'conflict';
  constructor(candidates: DuplicateCandidate[]) {
    super(
      'People already registered in your partnership may be this person. Check them; if none is, send the request again with confirmNewPerson: true.',
      { candidates },
    );
  }
}

export class RegisterPerson extends Command<{ personId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly details: PersonalDetails,
    readonly options: { agencyReference?: string; confirmNewPerson?: boolean },
    readonly metadata: EventMetadata,
    readonly now: string,
    readonly personId: string = randomUUID(),
  ) {
    super();
  }
}

/**
 * Registers a person once per partnership. Unless the caller confirms a new person, it first
 * looks for possible duplicates; naming them tells the caller that such people exist, so that
 * answer is recorded as a consultation (purpose duplicate_check) and nothing is registered.
 * The person's data key is created before the first event that needs it.
 */
@CommandHandler(RegisterPerson)
export class RegisterPersonHandler implements ICommandHandler<RegisterPerson, { personId: string; version: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly search: PersonSearch,
    private readonly consultations: ConsultationLog,
  ) {}

  async execute(c: RegisterPerson): Promise<{ personId: string; version: number }> {
    const { actor, personId } = c;
    const details = normaliseDetails(c.details);
    const reference = c.options.agencyReference?.trim() || undefined;
    if (!c.options.confirmNewPerson) {
      const candidates = await this.search.possibleDuplicates(actor.partnershipId, actor.agencyId, details, reference);
      if (candidates.length) {
        await this.consultations.record(actor, {
          personIds: candidates.map((x) => x.personId),
          view: 'person_duplicate_check',
          purpose: 'duplicate_check',
          correlationId: c.metadata.correlationId,
        });
        throw new PossibleDuplicateError(candidates);
      }
    }
    await this.vault.createKey(personId, actor.partnershipId);
    const personal = await sealDetails(this.vault, personId, details);
    const agencyReference = reference ? await sealReference(this.vault, personId, reference) : undefined;
    const outcome = await handleCommand<PersonState, PersonEvent>(
      this.store,
      personStream(personId),
      { initialState, evolve },
      (state) =>
        decide(
          {
            type: 'RegisterPerson',
            personId,
            partnershipId: actor.partnershipId,
            agencyId: actor.agencyId,
            personal,
            agencyReference,
            now: c.now,
          },
          state,
        ),
      { metadata: c.metadata },
    );
    return { personId, version: outcome.version };
  }
}
