import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ALL_ROLES, CommandMetadata, CurrentActor, ROLES, Roles, type Actor, type Role } from '@hubline/access';
import { DomainError, NotFoundError } from '@hubline/errors';
import { newId, type EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { PartnershipDirectory } from '@hubline/partnerships';
import { ReadYourWrites } from '@hubline/projections';
import { ChangeUser } from '../commands/user-command.handler';
import { Users, type UserView } from '../user-directory';

export class RegisterUserRequest {
  @ApiProperty({
    description: "The subject (`sub`) the identity provider puts in this person's tokens.",
    example: 'jane.okafor@essex.police.uk',
  })
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\s\u0000-\u001f]+$/, { message: 'subject must not contain spaces or control characters' })
  subject!: string;

  @ApiProperty({ example: 'PC Jane Okafor' })
  @IsString()
  @Length(2, 120)
  @Matches(/^[^\u0000-\u001f<>]+$/, { message: 'displayName contains characters that are not allowed' })
  displayName!: string;

  @ApiProperty({ format: 'uuid', description: 'The agency this user acts for.' }) @IsUUID() agencyId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class ChangeRolesRequest {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class DeactivateRequest {
  @ApiProperty({
    example: 'Left the agency',
    description: 'Why the account is deactivated (no personal data about others).',
  })
  @IsString()
  @Length(3, 300)
  reason!: string;
}

class UserResponse {
  @ApiProperty() userId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
}

class UserRecordResponse extends UserResponse {
  @ApiProperty({ description: 'The version of the user record (also the ETag), to send back as If-Match.' })
  version!: number;
}

class ChangedResponse {
  @ApiProperty() userId!: string;
  @ApiProperty() version!: number;
}

class UnknownAgencyError extends DomainError {
  readonly code = 'USER.UNKNOWN_AGENCY';
  readonly kind = 'unprocessable';
}

const toResponse = (u: UserView): UserRecordResponse => ({
  userId: u.userId,
  subject: u.subject,
  displayName: u.displayName,
  agencyId: u.agencyId,
  roles: u.roles,
  active: u.active,
  version: u.version,
});

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: Users,
    private readonly partnerships: PartnershipDirectory,
    private readonly fresh: ReadYourWrites,
  ) {}

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Who you are: your user record, agency and roles. Roles: any.' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: Actor): UserResponse {
    return {
      userId: actor.userId,
      subject: actor.subject,
      displayName: actor.displayName,
      agencyId: actor.agencyId,
      roles: actor.roles,
      active: true,
    };
  }

  @Get()
  @Roles('partnership_admin')
  @ApiOperation({ summary: 'The users of your partnership. Roles: partnership_admin.' })
  @ApiOkResponse({ type: UserRecordResponse, isArray: true })
  async list(@CurrentActor() actor: Actor): Promise<UserRecordResponse[]> {
    return (await this.users.list(actor.partnershipId)).map(toResponse);
  }

  @Get(':userId')
  @Roles('partnership_admin')
  @SendsETag()
  @ApiOperation({ summary: 'One user of your partnership. Roles: partnership_admin.' })
  @ApiOkResponse({ type: UserRecordResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param('userId', new ParseUUIDPipe({ version: '4' })) userId: string,
  ): Promise<UserRecordResponse> {
    const user = await this.users.get(actor.partnershipId, userId);
    if (!user) throw new NotFoundError('USER.NOT_FOUND', 'No such user in your partnership.');
    return toResponse(user);
  }

  @Post()
  @Roles('partnership_admin')
  @SendsETag()
  @ApiOperation({ summary: 'Register a user of a partner agency. Roles: partnership_admin.' })
  @ApiCreatedResponse({ type: ChangedResponse })
  @ApiConflictResponse({ description: 'The subject is already registered.' })
  @ApiUnprocessableEntityResponse({ description: 'The agency is not an active agency of your partnership.' })
  async register(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: RegisterUserRequest,
  ): Promise<ChangedResponse> {
    await this.fresh.check(async () => {
      const agency = await this.partnerships.agency(actor.partnershipId, body.agencyId);
      if (!agency || !agency.active)
        throw new UnknownAgencyError('That agency is not an active agency of your partnership.');
    });
    const userId = newId();
    const { version } = await this.commands.execute(
      new ChangeUser(
        userId,
        {
          type: 'RegisterUser',
          userId,
          partnershipId: actor.partnershipId,
          subject: body.subject,
          displayName: body.displayName,
          agencyId: body.agencyId,
          roles: body.roles,
          now: new Date().toISOString(),
        },
        meta,
      ),
    );
    return { userId, version };
  }

  @Put(':userId/roles')
  @Roles('partnership_admin')
  @SendsETag()
  @ApiOperation({ summary: "Replace a user's roles. Roles: partnership_admin." })
  @ApiOkResponse({ type: ChangedResponse })
  async changeRoles(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('userId', new ParseUUIDPipe({ version: '4' })) userId: string,
    @Body() body: ChangeRolesRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<ChangedResponse> {
    return this.change(
      userId,
      { type: 'ChangeRoles', partnershipId: actor.partnershipId, roles: body.roles },
      meta,
      expected,
    );
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  @Roles('partnership_admin')
  @SendsETag()
  @ApiOperation({ summary: 'Deactivate a user: their tokens stop working at once. Roles: partnership_admin.' })
  @ApiOkResponse({ type: ChangedResponse })
  async deactivate(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('userId', new ParseUUIDPipe({ version: '4' })) userId: string,
    @Body() body: DeactivateRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<ChangedResponse> {
    return this.change(
      userId,
      {
        type: 'DeactivateUser',
        partnershipId: actor.partnershipId,
        actorUserId: actor.userId,
        reason: body.reason,
        now: new Date().toISOString(),
      },
      meta,
      expected,
    );
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  @Roles('partnership_admin')
  @SendsETag()
  @ApiOperation({ summary: 'Reactivate a user. Roles: partnership_admin.' })
  @ApiOkResponse({ type: ChangedResponse })
  async reactivate(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('userId', new ParseUUIDPipe({ version: '4' })) userId: string,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<ChangedResponse> {
    return this.change(
      userId,
      { type: 'ReactivateUser', partnershipId: actor.partnershipId, now: new Date().toISOString() },
      meta,
      expected,
    );
  }

  private async change(
    userId: string,
    command: ChangeUser['command'],
    meta: EventMetadata,
    expected: ExpectedRevision,
  ): Promise<ChangedResponse> {
    const { version } = await this.commands.execute(
      new ChangeUser(userId, command, meta, expected === 'stream_exists' ? undefined : expected),
    );
    return { userId, version };
  }
}
