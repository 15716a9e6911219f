import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Equals, IsIn, IsString, Length, Matches } from 'class-validator';
import { ALL_ROLES, CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import { DomainError, NotFoundError } from '@hubline/errors';
import { newId, type EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision, IsOptionalButNotNull } from '@hubline/http';
import { ChangePartnership } from '../commands/partnership-command.handler';
import { AGENCY_KINDS, CASE_REVIEW_ROLES, type AgencyKind, type CaseReviewRole } from '../domain/partnership';
import { PartnershipDirectory, type PartnershipView } from '../partnership-directory';

const NAME = /^[^\u0000-\u001f<>]+$/;

export class AddAgencyRequest {
  @ApiProperty({ example: 'Essex Police', maxLength: 120 })
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: 'name contains characters that are not allowed' })
  name!: string;
  @ApiProperty({ enum: AGENCY_KINDS }) @IsIn(AGENCY_KINDS) kind!: AgencyKind;
}

export class ChangeAgencyRequest {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptionalButNotNull()
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: 'name contains characters that are not allowed' })
  name?: string;
  @ApiPropertyOptional({
    description: 'Set to false to deactivate the agency (its users keep their history).',
    enum: [false],
  })
  @IsOptionalButNotNull()
  @Equals(false)
  active?: false;
}

export class CaseReviewRoleRequest {
  @ApiProperty({
    enum: CASE_REVIEW_ROLES,
    description:
      'relevant_body: the council or the police (their default); co_opted: a social landlord the partnership co-opted; icb: a health agency that is the Integrated Care Board; none.',
  })
  @IsIn(CASE_REVIEW_ROLES)
  caseReviewRole!: CaseReviewRole;
}

export class NameRequest {
  @ApiProperty({ example: 'Grays', maxLength: 120 })
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: 'name contains characters that are not allowed' })
  name!: string;
}

/** A change request that names nothing to change. */
export class NothingToChangeError extends DomainError {
  readonly code = 'PARTNERSHIP.NOTHING_TO_CHANGE';
  readonly kind = 'invalid';
}

class CreatedResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Version of the partnership record after the change (also the ETag).' }) version!: number;
}

class WardResponse {
  @ApiProperty() wardId!: string;
  @ApiProperty() name!: string;
}
class LocalityResponse {
  @ApiProperty() localityId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [WardResponse] }) wards!: WardResponse[];
}
class AgencyResponse {
  @ApiProperty() agencyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: AGENCY_KINDS }) kind!: AgencyKind;
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: CASE_REVIEW_ROLES, description: 'Its part in ASB Case Reviews.' })
  caseReviewRole!: CaseReviewRole;
}
class PartnershipResponse {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() area!: string;
  @ApiProperty({ description: 'Version of the partnership record (also the ETag), to send back as If-Match.' })
  version!: number;
  @ApiProperty({ type: [AgencyResponse] }) agencies!: AgencyResponse[];
  @ApiProperty({ type: [LocalityResponse] }) localities!: LocalityResponse[];
}

@ApiTags('partnership')
@Controller('partnership')
@SendsETag()
export class PartnershipController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: PartnershipDirectory,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Your partnership: its agencies, localities and wards. Roles: any.' })
  @ApiOkResponse({ description: 'The partnership, with an ETag of its version.', type: PartnershipResponse })
  async get(@CurrentActor() actor: Actor): Promise<PartnershipView> {
    const view = await this.directory.partnership(actor.partnershipId);
    if (!view) throw new NotFoundError('PARTNERSHIP.NOT_FOUND', 'Your partnership is not set up yet.');
    return view;
  }

  @Post('agencies')
  @Roles('partnership_admin')
  @ApiOperation({ summary: 'Add a partner agency. Roles: partnership_admin.' })
  @ApiCreatedResponse({ type: CreatedResponse })
  @ApiConflictResponse({ description: 'An agency of that name exists.' })
  @ApiPreconditionFailedResponse({ description: 'The partnership changed since the If-Match version.' })
  async addAgency(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: AddAgencyRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<CreatedResponse> {
    const id = newId();
    return this.change(
      actor,
      meta,
      { type: 'AddAgency', agencyId: id, name: body.name, kind: body.kind, now: new Date().toISOString() },
      expected,
      id,
    );
  }

  @Patch('agencies/:agencyId')
  @Roles('partnership_admin')
  @ApiOperation({ summary: 'Rename or deactivate an agency. Roles: partnership_admin.' })
  @ApiOkResponse({ type: CreatedResponse })
  @ApiBadRequestResponse({ description: 'Nothing to change (PARTNERSHIP.NOTHING_TO_CHANGE), or a field is not valid.' })
  @ApiNotFoundResponse({ description: 'No such agency in your partnership (PARTNERSHIP.AGENCY_NOT_FOUND).' })
  async changeAgency(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('agencyId', new ParseUUIDPipe({ version: '4' })) agencyId: string,
    @Body() body: ChangeAgencyRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<CreatedResponse> {
    // Every change goes through the command, which refuses an agency that does not exist (404);
    // a request with nothing in it used to answer 200 with no version at all.
    if (body.name === undefined && body.active === undefined)
      throw new NothingToChangeError('Send a new name, active: false, or both.');
    const renamed =
      body.name === undefined
        ? undefined
        : await this.change(actor, meta, { type: 'RenameAgency', agencyId, name: body.name }, expected, agencyId);
    if (body.active !== false) return renamed!;
    return this.change(
      actor,
      meta,
      { type: 'DeactivateAgency', agencyId, now: new Date().toISOString() },
      renamed ? undefined : expected,
      agencyId,
    );
  }

  @Put('agencies/:agencyId/case-review-role')
  @Roles('partnership_admin')
  @ApiOperation({
    summary: "Set an agency's part in ASB Case Reviews. Roles: partnership_admin.",
    description:
      'Relevant bodies receive every case review application and its information requests (ASB, Crime and Policing Act 2014 s.104 and Sch 4 para 7). Police and council agencies are relevant bodies by default; a health agency may be the ICB; a housing provider may be co-opted.',
  })
  @ApiOkResponse({ type: CreatedResponse })
  @ApiNotFoundResponse({ description: 'No such agency in your partnership (PARTNERSHIP.AGENCY_NOT_FOUND).' })
  @ApiUnprocessableEntityResponse({
    description: 'PARTNERSHIP.CASE_REVIEW_ROLE_NOT_FOR_KIND: the role does not fit the agency kind.',
  })
  @ApiPreconditionFailedResponse({ description: 'The partnership changed since the If-Match version.' })
  setCaseReviewRole(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('agencyId', new ParseUUIDPipe({ version: '4' })) agencyId: string,
    @Body() body: CaseReviewRoleRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<CreatedResponse> {
    return this.change(
      actor,
      meta,
      { type: 'SetAgencyCaseReviewRole', agencyId, caseReviewRole: body.caseReviewRole, now: new Date().toISOString() },
      expected,
      agencyId,
    );
  }

  @Post('localities')
  @Roles('partnership_admin')
  @ApiOperation({ summary: 'Add a locality (the area a Locality Action Group covers). Roles: partnership_admin.' })
  @ApiCreatedResponse({ type: CreatedResponse })
  async addLocality(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: NameRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<CreatedResponse> {
    const id = newId();
    return this.change(actor, meta, { type: 'AddLocality', localityId: id, name: body.name }, expected, id);
  }

  @Post('localities/:localityId/wards')
  @Roles('partnership_admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a ward to a locality. Roles: partnership_admin.' })
  @ApiCreatedResponse({ type: CreatedResponse })
  async addWard(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('localityId', new ParseUUIDPipe({ version: '4' })) localityId: string,
    @Body() body: NameRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<CreatedResponse> {
    const id = newId();
    return this.change(actor, meta, { type: 'AddWard', wardId: id, localityId, name: body.name }, expected, id);
  }

  private async change(
    actor: Actor,
    meta: EventMetadata,
    command: ChangePartnership['command'],
    expected: ExpectedRevision,
    id: string,
  ): Promise<CreatedResponse> {
    const { version } = await this.commands.execute(
      new ChangePartnership(actor.partnershipId, command, meta, expected ?? 'stream_exists'),
    );
    return { id, version };
  }
}
