import { Global, Module } from '@nestjs/common';
import { USER_DIRECTORY } from '@hubline/access';
import { PartnershipsModule } from '@hubline/partnerships';
import { ChangeUserHandler } from './commands/user-command.handler';
import { UsersController } from './http/users.controller';
import { UsersProjection } from './projections/users.projection';
import { Users } from './user-directory';

/** Users of partner agencies; provides (globally) the directory the authentication guard asks. */
@Global()
@Module({
  imports: [PartnershipsModule],
  controllers: [UsersController],
  providers: [ChangeUserHandler, Users, { provide: USER_DIRECTORY, useExisting: Users }],
  exports: [Users, USER_DIRECTORY],
})
export class IdentityModule {}

export const IDENTITY_PROJECTIONS = [UsersProjection];
