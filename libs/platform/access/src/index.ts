import { CreateAccessTables1763870600000 } from './migrations/1763870600000-create-access-tables';
import { RecordConsultedCategories1763873500000 } from './migrations/1763873500000-record-consulted-categories';
import { IndexConsultationsByTime1765301100000 } from './migrations/1765301100000-index-consultations-by-time';

export {
  ROLES,
  ALL_ROLES,
  PLATFORM_ADMIN,
  type Role,
  type PlatformRole,
  type RouteRole,
  type Actor,
  type PlatformActor,
} from './roles';
export {
  Roles,
  Public,
  CurrentActor,
  CurrentPlatformAdmin,
  CommandMetadata,
  ROLES_KEY,
  PUBLIC_KEY,
} from './decorators';
export { NotAuthenticatedError, RoleRequiredError, RouteWithoutRolesError } from './access-errors';
export {
  USER_DIRECTORY,
  type UserDirectory,
  type DirectoryUser,
  type DirectoryPlatformAdmin,
} from './authentication/user-directory';
export { TOKEN_VERIFIER, createTokenVerifier, type TokenVerifier } from './authentication/token-verifier';
export {
  loadOrCreateLocalSigningKey,
  mintLocalToken,
  localSigningKeyFile,
  LOCAL_ALGORITHM,
  type MintOptions,
} from './authentication/local-signing-key';
export {
  PersonalDataPolicy,
  ACCESS_BASIS_PROVIDERS,
  involvedAgenciesColumn,
  type InvolvementRow,
  type AccessBasisProvider,
  type AccessGrant,
  type AccessReason,
  type PersonAccess,
} from './policy/personal-data-policy';
export { DATA_CATEGORIES, sortedCategories, type DataCategory } from './policy/data-categories';
export { PERSON_AGENCIES_EVENTS } from './policy/person-agencies.projection';
export {
  ConsultationLog,
  consultationStream,
  HeldConsultations,
  LOCKED_VIEW,
  LOCKED_SEARCH_RESULT,
  type ConsultedView,
} from './consultation/consultation-log';
export { PURPOSES, PurposeQuery, type Purpose } from './consultation/purpose';
export { AccessModule, ACCESS_PROJECTIONS } from './access.module';

export const ACCESS_MIGRATIONS = [
  CreateAccessTables1763870600000,
  RecordConsultedCategories1763873500000,
  IndexConsultationsByTime1765301100000,
];
