import { CreatePartnershipTables1763870700000 } from './migrations/1763870700000-create-partnership-tables';
import { AgencyCaseReviewRole1765200100000 } from './migrations/1765200100000-agency-case-review-role';

export { PartnershipsModule, PartnershipDirectoryModule, PARTNERSHIPS_PROJECTIONS } from './partnerships.module';
export {
  PartnershipDirectory,
  type PartnershipNames,
  type AgencyView,
  type LocalityView,
  type PartnershipView,
  type PartnershipSummary,
} from './partnership-directory';
export { ChangePartnership, type PartnershipCommandResult } from './commands/partnership-command.handler';
export {
  AGENCY_KINDS,
  CASE_REVIEW_ROLES,
  partnershipStream,
  type AgencyKind,
  type CaseReviewRole,
  type PartnershipEvent,
} from './domain/partnership';

export const PARTNERSHIPS_MIGRATIONS = [CreatePartnershipTables1763870700000, AgencyCaseReviewRole1765200100000];
