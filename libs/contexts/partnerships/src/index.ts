import { CreatePartnershipTables1763870700000 } from './migrations/1763870700000-create-partnership-tables';

export { PartnershipsModule, PartnershipDirectoryModule, PARTNERSHIPS_PROJECTIONS } from './partnerships.module';
export {
  PartnershipDirectory,
  type AgencyView,
  type LocalityView,
  type PartnershipView,
  type PartnershipSummary,
} from './partnership-directory';
export { ChangePartnership, type PartnershipCommandResult } from './commands/partnership-command.handler';
export { AGENCY_KINDS, partnershipStream, type AgencyKind, type PartnershipEvent } from './domain/partnership';

export const PARTNERSHIPS_MIGRATIONS = [CreatePartnershipTables1763870700000];
