import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { DomainError } from '@hubline/errors';

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
