import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CommandMetadata, PLATFORM_ADMIN, Roles } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { PartnershipDirectory, type PartnershipSummary } from '@hubline/partnerships';
import { OnboardPartnership } from '../commands/onboard-partnership/onboard-partnership.handler';
import { OnboardPartnershipRequest } from '../commands/onboard-partnership/onboard-partnership.request';

class PartnershipSummaryResponse {
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() area!: string;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
}

class OnboardedResponse {
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', description: 'The first agency.' }) agencyId!: string;
  @ApiProperty({ format: 'uuid', description: 'The first partnership administrator.' }) adminUserId!: string;
  @ApiProperty() adminSubject!: string;
}

/**
 * What a platform administrator may do: create partnerships with their first administrator, and
 * list partnerships. Nothing here reads inside a partnership.
 */
@ApiTags('platform')
@Controller('platform')
export class PlatformController {
  constructor(
    private readonly commands: CommandBus,
    private readonly partnerships: PartnershipDirectory,
  ) {}

  @Get('partnerships')
  @Roles(PLATFORM_ADMIN)
  @ApiOperation({
    summary: 'The partnerships of this deployment: id, name, area, when registered. Roles: platform_admin.',
  })
  @ApiOkResponse({ type: PartnershipSummaryResponse, isArray: true })
  list(): Promise<PartnershipSummary[]> {
    return this.partnerships.list();
  }

  @Post('partnerships')
  @Roles(PLATFORM_ADMIN)
  @ApiOperation({
    summary:
      'Create a partnership with its first agency and its first partnership administrator, who then registers the other agencies and users. Roles: platform_admin.',
  })
  @ApiCreatedResponse({ type: OnboardedResponse })
  @ApiBadRequestResponse({ description: 'The request is malformed.' })
  @ApiConflictResponse({
    description:
      'A partnership of that name exists (`PARTNERSHIP.NAME_TAKEN`), or the subject is a registered user (`USER.SUBJECT_TAKEN`).',
  })
  create(@CommandMetadata() meta: EventMetadata, @Body() body: OnboardPartnershipRequest): Promise<OnboardedResponse> {
    return this.commands.execute(
      new OnboardPartnership(
        {
          name: body.name,
          area: body.area,
          agencyName: body.agencyName,
          agencyKind: body.agencyKind,
          adminSubject: body.adminSubject,
          adminDisplayName: body.adminDisplayName,
          now: new Date().toISOString(),
        },
        meta,
      ),
    );
  }
}
