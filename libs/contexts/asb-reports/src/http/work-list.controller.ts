import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CommandMetadata, CurrentActor, PURPOSES, Roles, type Actor, type Purpose } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, IsOptionalButNotNull, SendsETag, type ExpectedRevision } from '@hubline/http';
import { ExplainCaseReview } from '../commands/explain-case-review/explain-case-review.handler';
import { ExplainCaseReviewRequest } from '../commands/explain-case-review/explain-case-review.request';
import { ReportViews, type WorkListItem } from '../queries/report-views';
import { RECORDERS, rolesText } from './asb-roles';
import { ExplainedResponse, WorkListItemResponse } from './asb.responses';

export class WorkListQuery {
  @ApiProperty({
    enum: PURPOSES,
    description: 'Why you are reading this personal data. Recorded in the consultation log.',
  })
  @IsIn(PURPOSES, { message: `purpose is required: one of ${PURPOSES.join(', ')}` })
  purpose!: Purpose;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Also list the explanations already given, or withdrawn as no longer due (default false).',
  })
  @IsOptionalButNotNull()
  @IsIn(['true', 'false'])
  includeExplained?: 'true' | 'false';
}

@ApiTags('asb')
@Controller('asb')
export class WorkListController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: ReportViews,
  ) {}

  @Get('work-list')
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `The ASB Case Review explanations your agency owes: victims whose second distinct incident in six months it received. ${rolesText(RECORDERS)}`,
    description:
      'Oldest first, until an officer records that the Case Review was explained (POST /asb/explanations/{dutyId}). The victim is shown as the people directory shows them to you, recorded in the consultation log with your purpose.',
  })
  @ApiOkResponse({ type: WorkListItemResponse, isArray: true })
  workList(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: WorkListQuery,
  ): Promise<WorkListItem[]> {
    return this.views.workList(actor, q.includeExplained === 'true', q.purpose, meta.correlationId);
  }

  @Post('explanations/:dutyId')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `Record that the ASB Case Review was explained to the victim: how and when. ${rolesText(RECORDERS)}`,
    description: 'If-Match: the version the work list gave for the explanation.',
  })
  @SendsETag()
  @ApiOkResponse({ type: ExplainedResponse })
  @ApiNotFoundResponse({ description: 'No such explanation due in your partnership.' })
  @ApiForbiddenResponse({ description: 'Another agency owes this explanation.' })
  @ApiConflictResponse({ description: 'Already explained.' })
  @ApiUnprocessableEntityResponse({ description: 'Dated in the future, or before the report that made it due.' })
  @ApiPreconditionFailedResponse({ description: "The victim's explanations changed since the If-Match version." })
  explain(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('dutyId', new ParseUUIDPipe({ version: '4' })) dutyId: string,
    @Body() body: ExplainCaseReviewRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(
      new ExplainCaseReview(actor, dutyId, { how: body.how, explainedOn: body.explainedOn }, meta, expected),
    );
  }
}
