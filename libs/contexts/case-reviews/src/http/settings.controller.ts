import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ALL_ROLES, CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { ChangeCaseReviewSettings } from '../commands/change-settings/change-settings.handler';
import { CaseReviewsReadModel } from '../queries/case-reviews-read-model';
import { ADMIN, rolesText } from './case-review-roles';
import { ReportingYearRequest, ThresholdRulesRequest, TimescalesRequest } from './case-reviews.requests';
import { CaseReviewSettingsResponse, CaseReviewSettingsChangedResponse } from './case-reviews.responses';

@ApiTags('case-reviews')
@Controller('case-reviews/settings')
export class CaseReviewSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: CaseReviewsReadModel,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: "The partnership's case review procedure: threshold rules, timescales, reporting year. Roles: any.",
  })
  @ApiOkResponse({ type: CaseReviewSettingsResponse })
  @SendsETag()
  async get(@CurrentActor() actor: Actor) {
    const { settings, version } = await this.readModel.settings(actor.partnershipId);
    return { ...settings, version };
  }

  @Put('threshold-rules')
  @Roles(...ADMIN)
  @ApiOperation({
    summary: `Change the threshold rules: a new version, recorded with every later decision. ${rolesText(ADMIN)}`,
    description:
      'The number of qualifying complaints may be lowered, never raised above 3 (ASB, Crime and Policing Act 2014 s.104). Local variations: one hate incident, the community threshold, senior-manager discretion.',
  })
  @ApiOkResponse({ type: CaseReviewSettingsChangedResponse })
  @ApiBadRequestResponse({ description: 'CASE_REVIEW.INVALID_THRESHOLD_RULES, or an invalid field.' })
  @ApiUnprocessableEntityResponse({ description: 'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT: more than 3.' })
  @ApiPreconditionFailedResponse({ description: 'The settings changed since the If-Match version.' })
  @SendsETag()
  thresholdRules(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ThresholdRulesRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    const rules = {
      qualifyingComplaints: body.qualifyingComplaints,
      windowMonths: body.windowMonths,
      oneHateIncidentMeets: body.oneHateIncidentMeets,
      community: { ...body.community },
      discretionAllowed: body.discretionAllowed,
    };
    return this.commands.execute(
      new ChangeCaseReviewSettings(actor, { type: 'ChangeThresholdRules', rules }, meta, expected),
    );
  }

  @Put('timescales')
  @Roles(...ADMIN)
  @ApiOperation({ summary: `Change the timescales (working days): a new version. ${rolesText(ADMIN)}` })
  @ApiOkResponse({ type: CaseReviewSettingsChangedResponse })
  @ApiBadRequestResponse({ description: 'CASE_REVIEW.INVALID_TIMESCALES: a value outside its allowed range.' })
  @SendsETag()
  timescales(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: TimescalesRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(
      new ChangeCaseReviewSettings(actor, { type: 'ChangeTimescales', timescales: { ...body } }, meta, expected),
    );
  }

  @Put('reporting-year')
  @Roles(...ADMIN)
  @ApiOperation({
    summary: `Change the month the reporting year (for the published figures) starts. ${rolesText(ADMIN)}`,
  })
  @ApiOkResponse({ type: CaseReviewSettingsChangedResponse })
  @SendsETag()
  reportingYear(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ReportingYearRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(
      new ChangeCaseReviewSettings(actor, { type: 'ChangeReportingYear', startMonth: body.startMonth }, meta, expected),
    );
  }
}
