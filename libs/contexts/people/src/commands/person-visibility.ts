import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { DomainError } from '@hubline/errors';
import { loadState, type EventStore } from '@hubline/event-store';
import { PersonKeyMissingError } from '@hubline/privacy';
import {
  activePerson,
  evolve,
  initialState,
  knownPerson,
  PersonForgottenError,
  personStream,
  type PersonEvent,
  type PersonState,
} from '../domain/person';

export class PersonNotVisibleError extends DomainError {
  readonly code = 'PERSON.NOT_VISIBLE';
  readonly kind = 'forbidden';
  constructor() {
    super('Your agency may not see this person, so it may not change their record.');
  }
}

/** Changing a record means seeing it: only an agency the policy lets see the person may change it. */
export async function assertVisible(policy: PersonalDataPolicy, actor: Actor, personId: string): Promise<void> {
  const access = (await policy.assess(actor, [personId])).get(personId);
  if (!access?.visible) throw new PersonNotVisibleError();
}

/**
 * The prelude of every change a caller makes to a person's record, in the order that reveals
 * least: the person exists in the caller's partnership, the caller's agency may see them, and the
 * record is still active.
 */
export async function loadChangeablePerson(
  store: EventStore,
  policy: PersonalDataPolicy,
  actor: Actor,
  personId: string,
): Promise<void> {
  const { state } = await loadState<PersonState, PersonEvent>(store, personStream(personId), { initialState, evolve });
  knownPerson(state, actor.partnershipId);
  await assertVisible(policy, actor, personId);
  activePerson(state, actor.partnershipId);
}

/** Seals with the person's key; a key destroyed after the state was read means they are being forgotten. */
export async function sealForPerson<T>(seal: () => Promise<T>): Promise<T> {
  try {
    return await seal();
  } catch (error) {
    if (error instanceof PersonKeyMissingError) throw new PersonForgottenError();
    throw error;
  }
}
