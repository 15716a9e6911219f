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
import { IsBoolean, IsNumber } from 'class-validator';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { ChangeDuplicateSettings } from '../commands/change-duplicate-settings/change-duplicate-settings.handler';
import { NAME_SIMILARITY_BOUNDS } from '../domain/duplicate-settings';
import { PersonSearch } from '../search/person-search';

export class DuplicateSettingsRequest {
  @ApiProperty({
    minimum: NAME_SIMILARITY_BOUNDS.min,
    maximum: NAME_SIMILARITY_BOUNDS.max,
    description: 'How alike two names must be (0 to 1, in hundredths) to count as name_similar. Default 0.88.',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  nameSimilarity!: number;

  @ApiProperty({ description: 'Whether candidates of low confidence (a similar name alone) are listed. Default true.' })
  @IsBoolean()
  showLowConfidence!: boolean;
}

export class DuplicateSettingsResponse {
  @ApiProperty() nameSimilarity!: number;
  @ApiProperty() showLowConfidence!: boolean;
  @ApiProperty({
    nullable: true,
    description: 'Version of the settings (also the ETag); null while the defaults are in force.',
  })
  version!: number | null;
}

@ApiTags('people')
@Controller('people/settings')
export class PeopleSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly search: PersonSearch,
  ) {}

  @Get('duplicate-check')
  @Roles('partnership_admin', 'auditor')
  @ApiOperation({
    summary: "Your partnership's duplicate check settings (decision 0025). Roles: partnership_admin, auditor.",
  })
  @ApiOkResponse({ type: DuplicateSettingsResponse })
  @SendsETag()
  get(@CurrentActor() actor: Actor): Promise<DuplicateSettingsResponse> {
    return this.view(actor.partnershipId);
  }

  @Put('duplicate-check')
  @Roles('partnership_admin')
  @ApiOperation({
    summary: `Set the name similarity threshold (${NAME_SIMILARITY_BOUNDS.min} to ${NAME_SIMILARITY_BOUNDS.max}) and whether low-confidence candidates are listed. Roles: partnership_admin.`,
    description: 'A similar name with the same date of birth, and any stronger evidence, is always listed.',
  })
  @SendsETag()
  @ApiOkResponse({ type: DuplicateSettingsResponse })
  @ApiBadRequestResponse({ description: 'PEOPLE_SETTINGS.OUT_OF_BOUNDS.' })
  @ApiPreconditionFailedResponse({ description: 'The settings changed since the If-Match version.' })
  async change(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: DuplicateSettingsRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<DuplicateSettingsResponse> {
    await this.commands.execute(
      new ChangeDuplicateSettings(
        actor,
        { nameSimilarity: body.nameSimilarity, showLowConfidence: body.showLowConfidence },
        meta,
        expected,
      ),
    );
    return this.view(actor.partnershipId);
  }

  private async view(partnershipId: string): Promise<DuplicateSettingsResponse> {
    const { nameSimilarity, showLowConfidence, version } = await this.search.duplicateSettings(partnershipId);
    return { nameSimilarity, showLowConfidence, version: version < 0 ? null : version };
  }
}
