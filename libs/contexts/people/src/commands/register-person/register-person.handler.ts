import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConsultationLog, LOCKED_SEARCH_RESULT, type Actor } from '@hubline/access';
import { DomainError } from '@hubline/errors';
import { newId, EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import { decide, evolve, initialState, personStream, type PersonEvent, type PersonState } from '../../domain/person';
import { normaliseDetails, type PersonalDetails } from '../../domain/personal-details';
import { sealDetails, sealReference } from '../../sealing';
import { REASON_CATEGORY } from '../../search/duplicate-scoring';
import { PersonSearch, type DuplicateCandidate } from '../../search/person-search';

export class PossibleDuplicateError extends DomainError {
  readonly code = 'PERSON.POSSIBLE_DUPLICATE';
  readonly kind = 'conflict';
  constructor(candidates: DuplicateCandidate[]) {
    super(
      'People already registered in your partnership may be this person: each candidate says how likely (confidence) and why (reasons). Check them; if none is, send the request again with confirmNewPerson: true.',
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
    readonly personId: string = newId(),
  ) {
    super();
  }
}

/**
 * Registers a person once per partnership. Unless the caller confirms a new person, it first
 * looks for possible duplicates, scored on name similarity, dates of birth (the same or day and
 * month transposed), postcode and the agency's reference, and listed only as far as the caller may
 * see them (decision 0019); naming them tells the caller that such people exist, so that answer is
 * recorded as a consultation (purpose duplicate_check) and nothing is registered.
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
      const { shown, withheld } = await this.search.possibleDuplicates(actor, details, reference, personId);
      // People matched but not listed are recorded as a search's are, so the auditor sees who looked for whom.
      await this.consultations.record(actor, {
        personIds: withheld,
        view: LOCKED_SEARCH_RESULT,
        purpose: 'duplicate_check',
        correlationId: c.metadata.correlationId,
        categories: new Map(),
      });
      if (shown.length) {
        await this.consultations.record(actor, {
          personIds: shown.map((x) => x.personId),
          view: 'person_duplicate_check',
          purpose: 'duplicate_check',
          correlationId: c.metadata.correlationId,
          // What the reasons tell of each: identity, and their address for a postcode match; nothing of a locked one.
          categories: new Map(
            shown.map((x) => [
              x.personId,
              x.locked ? [] : [...new Set(x.reasons.map((r) => REASON_CATEGORY[r]))].sort(),
            ]),
          ),
        });
        throw new PossibleDuplicateError(shown);
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
