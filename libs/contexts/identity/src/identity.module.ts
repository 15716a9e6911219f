import { Global, Module } from '@nestjs/common';
import { USER_DIRECTORY } from '@hubline/access';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { OnboardPartnershipHandler } from './commands/onboard-partnership/onboard-partnership.handler';
import { ChangePlatformAdminHandler } from './commands/platform-admin/platform-admin.handler';
import { ChangeUserHandler } from './commands/user-command.handler';
import { PlatformController } from './http/platform.controller';
import { UsersController } from './http/users.controller';
import { PlatformAdminsProjection } from './projections/platform-admins.projection';
import { UsersProjection } from './projections/users.projection';
import { Users } from './user-directory';

/** The directory the authentication guard asks, for every service (global). */
@Global()
@Module({
  providers: [Users, { provide: USER_DIRECTORY, useExisting: Users }],
  exports: [Users, USER_DIRECTORY],
})
export class UserDirectoryModule {}

/**
 * The user administration API, and the platform administrators' (onboarding partnerships).
 * Onboarding sends ChangePartnership, so a service with this module serves PartnershipsModule too.
 */
@Module({
  imports: [PartnershipDirectoryModule, UserDirectoryModule],
  controllers: [UsersController, PlatformController],
  providers: [ChangeUserHandler, ChangePlatformAdminHandler, OnboardPartnershipHandler],
})
export class IdentityModule {}

export const IDENTITY_PROJECTIONS = [UsersProjection, PlatformAdminsProjection];
