import { CreateUsers1763870800000 } from './migrations/1763870800000-create-users';

export { IdentityModule, UserDirectoryModule, IDENTITY_PROJECTIONS } from './identity.module';
export { Users, type UserView } from './user-directory';
export { ChangeUser } from './commands/user-command.handler';
export { userStream, subjectStream, type UserEvent } from './domain/user';

export const IDENTITY_MIGRATIONS = [CreateUsers1763870800000];
