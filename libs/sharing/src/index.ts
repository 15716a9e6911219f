import { CreateSharingTables1763871800000 } from './migrations/1763871800000-create-sharing-tables';
import { RecordCaseSharing1763872100000 } from './migrations/1763872100000-record-case-sharing';

export { SharingModule, SharingBasisModule, SHARING_PROJECTIONS } from './sharing.module';
export { SharingBasisProvider } from './access-basis/sharing-basis.provider';
export { ChangeAgreement } from './commands/agreements/agreement.handler';
export { RecordConsent, WithdrawConsent, type RecordConsentInput } from './commands/consents/consent.handler';
export { RecordDisclosure, type DiscloseInput, type DiscloseResult } from './commands/disclose/disclose.handler';
export { SharingReadModel, recordedBasisOf, disclosureStandingAt, type DisclosureWithEvidence, type AgreementView, type ConsentView, type DisclosureView } from './queries/sharing-read-model';
export {
  agreementStream, consentStream, disclosureStream,
  agreementStandingAt, agreementCoversAt, consentValidAt, consentStandingAt, basisValidAt, basisStandsAt, caseDataCategories, caseSharingBasis,
  DATA_CATEGORIES, SHARING_PURPOSES, LAWFUL_BASES, GATEWAYS, SCHEDULE_1_CONDITIONS, CONSENT_METHODS, RELATIONSHIPS, AUTHORITIES, CASE_TYPES, DISCLOSURE_FLAGS,
  AGREEMENT_EVENT_TYPES, CONSENT_EVENT_TYPES, DISCLOSURE_EVENT_TYPES, REVIEW_WARNING_DAYS, EMERGENCY_ACCESS_HOURS, SHARING_ERRORS,
  type AgreementEvent, type ConsentEvent, type DisclosureEvent, type RecordedBasis, type SharingErrorCode, type DataCategory, type SharingPurpose, type LawfulBasis, type Gateway,
} from './domain';

export const SHARING_MIGRATIONS = [CreateSharingTables1763871800000, RecordCaseSharing1763872100000];
