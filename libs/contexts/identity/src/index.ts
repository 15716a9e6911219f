import { CreateUsers1763870800000 } from './migrations/1763870800000-create-users';
import { CreatePlatformAdmins1763872300000 } from './migrations/1763872300000-create-platform-admins';

export { IdentityModule, UserDirectoryModule, IDENTITY_PROJECTIONS } from './identity.module';
export { Users, type UserView } from './user-directory';
export { ChangeUser } from './commands/user-command.handler';
export { ChangePlatformAdmin } from './commands/platform-admin/platform-admin.handler';
export { OnboardPartnership, type OnboardingResult } from './commands/onboard-partnership/onboard-partnership.handler';
export { type OnboardingRequest } from './domain/onboarding';
export { userStream, subjectStream, type UserEvent } from './domain/user';
export { platformAdminStream, type PlatformAdminEvent } from './domain/platform-admin';

export const IDENTITY_MIGRATIONS = [CreateUsers1763870800000, CreatePlatformAdmins1763872300000];
