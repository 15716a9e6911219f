import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt } from 'class-validator';
import { ALL_ROLES, CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { ChangeExpiryWindow } from '../commands/change-settings/change-settings.handler';
import { EnforcementStreams } from '../commands/enforcement-streams';
import { EXPIRY_WINDOW_BOUNDS } from '../domain';
import { EnforcementSettingsResponse } from './enforcement.responses';

export class ExpiryWindowRequest {
  @ApiProperty({
    minimum: EXPIRY_WINDOW_BOUNDS.min,
    maximum: EXPIRY_WINDOW_BOUNDS.max,
    description: 'Days before its end an order counts as expiring.',
  })
  @IsInt()
  days!: number;
}

@ApiTags('enforcement')
@Controller('enforcement/settings')
export class EnforcementSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: EnforcementStreams,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "Your partnership's enforcement settings: the expiry warning window. Roles: any." })
  @ApiOkResponse({ type: EnforcementSettingsResponse })
  @SendsETag()
  async get(@CurrentActor() actor: Actor): Promise<EnforcementSettingsResponse> {
    const { state, version } = await this.streams.settings(actor.partnershipId);
    return { expiryWindowDays: state.expiryWindowDays, version: version < 0 ? null : version };
  }

  @Put('expiry-window')
  @Roles('partnership_admin')
  @ApiOperation({
    summary: `Set how many days before its end an order counts as expiring (${EXPIRY_WINDOW_BOUNDS.min} to ${EXPIRY_WINDOW_BOUNDS.max}). Roles: partnership_admin.`,
  })
  @SendsETag()
  @ApiOkResponse({ type: EnforcementSettingsResponse })
  @ApiBadRequestResponse({ description: 'ENFORCEMENT_SETTINGS.OUT_OF_BOUNDS.' })
  @ApiPreconditionFailedResponse({ description: 'The settings changed since the If-Match version.' })
  async expiryWindow(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ExpiryWindowRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<EnforcementSettingsResponse> {
    const { version } = await this.commands.execute(new ChangeExpiryWindow(actor, body.days, meta, expected));
    const { state } = await this.streams.settings(actor.partnershipId);
    return { expiryWindowDays: state.expiryWindowDays, version: version < 0 ? null : version };
  }
}
