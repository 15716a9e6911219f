import { CreatePeopleTables1763870900000 } from './migrations/1763870900000-create-people-tables';

export { PeopleModule, PeopleDirectoryModule, PEOPLE_PROJECTIONS } from './people.module';
export {
  PeopleDirectory,
  PERSON_ROWS,
  isProfile,
  type PersonView,
  type PersonSummary,
  type LockedPerson,
  type ErasedPerson,
  type MergedPerson,
  type PersonProfile,
  type PersonProfileView,
  type PersonStatus,
} from './people-directory';
export { RegisterPerson, PossibleDuplicateError } from './commands/register-person/register-person.handler';
export { ChangePersonDetails } from './commands/change-details/change-details.handler';
export { AddAgencyReference } from './commands/add-agency-reference/add-agency-reference.handler';
export { MergePeople } from './commands/merge-people/merge-people.handler';
export { ForgetPerson, type ForgetPersonResult } from './commands/forget-person/forget-person.handler';
export { personStream, PERSON_EVENT_TYPES, type PersonEvent, type SealedJson } from './domain/person';
export {
  PROTECTED_CHARACTERISTICS,
  CONTACT_METHODS,
  type PersonalDetails,
  type ProtectedCharacteristic,
  type ContactMethod,
} from './domain/personal-details';
export { LEGAL_GROUNDS, LEGAL_GROUND_CODES, type LegalGround } from './domain/legal-grounds';

export const PEOPLE_MIGRATIONS = [CreatePeopleTables1763870900000];
export { PeopleSubjectAccess, type PersonRecordForSubjectAccess } from './subject-access/people-subject-access';
