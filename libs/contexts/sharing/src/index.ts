import { CreateSharingTables1763871800000 } from './migrations/1763871800000-create-sharing-tables';
import { RecordCaseSharing1763872100000 } from './migrations/1763872100000-record-case-sharing';
import { CaseSharingReactor1763872200000 } from './migrations/1763872200000-case-sharing-reactor';
import { CaseSharingEventTimes1764950000000 } from './migrations/1764950000000-case-sharing-event-times';
import { StatutoryDutyBasis1765200200000 } from './migrations/1765200200000-statutory-duty-basis';

// The information-sharing context's published surface: its modules, its read facade and the types
// it answers with, its stored events (a contract), the command the demo seed drives, and its
// migrations. Everything else (domain functions, row shapes, tables) is its own.
export {
  SharingModule,
  SharingBasisModule,
  SharingSubjectAccessModule,
  SHARING_PROJECTIONS,
  SHARING_REACTORS,
} from './sharing.module';
export { SharingRecords, type DisclosureRecord, type DisclosureFilter, type Sighting } from './queries/sharing-records';
export { SharingSubjectAccess } from './subject-access/sharing-subject-access';
export { ChangeAgreement } from './commands/agreements/agreement.handler';
export { RecordConsent, type RecordConsentInput } from './commands/consents/consent.handler';
export { SharingClock } from './sharing-clock';
/** The vocabularies an agreement is written in (codes, never free text). */
export { SHARING_PURPOSES, LAWFUL_BASES, ARTICLE_6_BASES, SCHEDULE_1_CONDITIONS } from './domain/codes';
export type {
  RecordedBasis,
  SharingErrorCode,
  SharingPurpose,
  Validity,
  AgreementEvent,
  ConsentEvent,
  DisclosureEvent,
} from './domain';

export const SHARING_MIGRATIONS = [
  CreateSharingTables1763871800000,
  RecordCaseSharing1763872100000,
  CaseSharingReactor1763872200000,
  CaseSharingEventTimes1764950000000,
  StatutoryDutyBasis1765200200000,
];
