import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ALL_ROLES, CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { ChangeLagSettings, type SettingsChange } from '../commands/change-settings/change-settings.handler';
import { ReviewCadenceRequest, RiskMatrixRequest } from '../commands/change-settings/change-settings.requests';
import { LagReadModel, type SettingsView } from '../queries/lag-read-model';
import { SettingsChangedResponse, SettingsResponse } from './lag.responses';

@ApiTags('lag')
@Controller('lag/settings')
export class SettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: LagReadModel,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "Your partnership's LAG settings: the risk matrix and the review cadence. Roles: any." })
  @ApiOkResponse({ type: SettingsResponse })
  @SendsETag()
  get(@CurrentActor() actor: Actor): Promise<SettingsView> {
    return this.readModel.settings(actor.partnershipId);
  }

  @Put('risk-matrix')
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Adopt a risk matrix for new referrals and reassessments. Roles: partnership_admin.',
    description:
      'Assessments already made keep the matrix id and version they were scored with, so a changed matrix needs a new version (or id).',
  })
  @SendsETag()
  @ApiOkResponse({ type: SettingsChangedResponse })
  @ApiBadRequestResponse({
    description: 'RISK.INVALID_MATRIX: duplicate ids, thresholds that do not rise or cannot be reached...',
  })
  @ApiConflictResponse({
    description: 'RISK.MATRIX_VERSION_USED: that id and version were used for a different matrix.',
  })
  @ApiPreconditionFailedResponse({ description: 'The settings changed since the If-Match version.' })
  riskMatrix(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: RiskMatrixRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    const matrix = {
      id: body.id,
      version: body.version,
      name: body.name,
      thresholds: { medium: body.thresholds.medium, high: body.thresholds.high, veryHigh: body.thresholds.veryHigh },
      questions: body.questions.map((q) => ({
        id: q.id,
        text: q.text,
        answers: q.answers.map((a) => ({ id: a.id, text: a.text, score: a.score })),
      })),
    };
    return this.change(actor, meta, { type: 'risk_matrix', matrix }, expected);
  }

  @Put('review-cadence')
  @Roles('partnership_admin')
  @ApiOperation({
    summary:
      'Set the days between reviews per risk band; applies from the next decision on each case. Roles: partnership_admin.',
  })
  @SendsETag()
  @ApiOkResponse({ type: SettingsChangedResponse })
  @ApiBadRequestResponse({
    description: 'REVIEW.INVALID_CADENCE: a higher band reviewed less often than a lower one...',
  })
  reviewCadence(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ReviewCadenceRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    const cadence = { very_high: body.very_high, high: body.high, medium: body.medium, standard: body.standard };
    return this.change(actor, meta, { type: 'review_cadence', cadence }, expected);
  }

  private async change(
    actor: Actor,
    meta: EventMetadata,
    change: SettingsChange,
    expected: ExpectedRevision,
  ): Promise<SettingsChangedResponse> {
    const { version } = await this.commands.execute(new ChangeLagSettings(actor, change, meta, expected));
    // A change to what is already in force appends nothing; with the defaults, there is no version yet.
    return { version: version < 0 ? null : version };
  }
}
