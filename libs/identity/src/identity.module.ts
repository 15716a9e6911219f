import { Global, Module } from '@nestjs/common';
import { USER_DIRECTORY } from '@hubline/access';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { ChangeUserHandler } from './commands/user-command.handler';
import { UsersController } from './http/users.controller';
import { UsersProjection } from './projections/users.projection';
import { Users } from './user-directory';

/** The directory the authentication guard asks, for every service (global). */
@Global()
@Module({
  providers: [Users, { provide: USER_DIRECTORY, useExisting: Users }],
  exports: [Users, USER_DIRECTORY],
})
export class UserDirectoryModule {}

/** The user administration API. */
@Module({
  imports: [PartnershipDirectoryModule, UserDirectoryModule],
  controllers: [UsersController],
  providers: [ChangeUserHandler],
})
export class IdentityModule {}

export const IDENTITY_PROJECTIONS = [UsersProjection];
