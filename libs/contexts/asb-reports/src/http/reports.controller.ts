import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { CommandMetadata, CurrentActor, PURPOSES, Roles, type Actor, type Purpose } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { LinkAsbReport, UnlinkAsbReport } from '../commands/incident-link/incident-link.handler';
import { LinkToIncidentRequest, UnlinkFromIncidentRequest } from '../commands/incident-link/incident-link.requests';
import { RecordAsbReport, type RecordAsbReportResult } from '../commands/record-report/record-report.handler';
import { RecordAsbReportRequest } from '../commands/record-report/record-report.request';
import { WithdrawAsbReport } from '../commands/withdraw-report/withdraw-report.handler';
import { WithdrawReportRequest } from '../commands/withdraw-report/withdraw-report.request';
import type { Reporter } from '../domain';
import {
  ReportViews,
  type LockedReportView,
  type PersonReport,
  type ReportSummary,
  type ReportView,
} from '../queries/report-views';
import { READERS, RECORDERS, rolesText } from './asb-roles';
import {
  LockedReportResponse,
  PersonReportResponse,
  ReportChangedResponse,
  ReportRecordedResponse,
  ReportResponse,
  ReportSummaryResponse,
  ReportWithdrawnResponse,
} from './asb.responses';

const reportId = () => new ParseUUIDPipe({ version: '4' });

export class ReportsOfPersonQuery {
  @ApiProperty({
    format: 'uuid',
    description: 'A registered person: reports naming them as victim, reporter or alleged perpetrator.',
  })
  @IsUUID('all')
  personId!: string;
  @ApiProperty({
    enum: PURPOSES,
    description: 'Why you are reading this personal data. Recorded in the consultation log.',
  })
  @IsIn(PURPOSES, { message: `purpose is required: one of ${PURPOSES.join(', ')}` })
  purpose!: Purpose;
}

export class ReportQuery {
  @ApiProperty({
    enum: PURPOSES,
    description: 'Why you are reading this personal data. Recorded in the consultation log.',
  })
  @IsIn(PURPOSES, { message: `purpose is required: one of ${PURPOSES.join(', ')}` })
  purpose!: Purpose;
}

@ApiTags('asb')
@ApiExtraModels(ReportResponse, LockedReportResponse)
@Controller('asb/reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: ReportViews,
  ) {}

  @Post()
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `Record a report of ASB or a hate incident your agency received. ${rolesText(RECORDERS)}`,
    description:
      'Who reported (a registered person, or a business or community group by name) and who the behaviour was against, your reference, when it happened and was reported, the category (hate with its protected characteristics), the ward, the alleged perpetrators and what happened (sealed with the victim’s key). Link it on record to another report of the same incident with sameIncidentAsReportId. A victim’s second distinct incident within six months puts a Case Review explanation on the work list of the agency that received it.',
  })
  @ApiCreatedResponse({ type: ReportRecordedResponse })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' })
  @ApiNotFoundResponse({ description: 'The report named as the same incident is not in your partnership.' })
  @ApiUnprocessableEntityResponse({
    description:
      'Unknown ward or person; a report before the behaviour or in the future; a hate report without characteristics (or another with them); the victim also alleged.',
  })
  @SendsETag()
  record(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: RecordAsbReportRequest,
  ): Promise<RecordAsbReportResult> {
    const reporter: Reporter =
      body.reporter.kind === 'person'
        ? { kind: 'person', personId: body.reporter.personId! }
        : { kind: body.reporter.kind, name: body.reporter.name! };
    return this.commands.execute(
      new RecordAsbReport(
        actor,
        {
          agencyReference: body.agencyReference,
          reporter,
          ...(body.victimPersonId !== undefined ? { victimPersonId: body.victimPersonId } : {}),
          behaviourOn: body.behaviourOn,
          behaviourTo: body.behaviourTo ?? null,
          reportedOn: body.reportedOn,
          category: body.category,
          protectedCharacteristics: body.protectedCharacteristics ?? [],
          ward: body.ward,
          alleged: body.alleged,
          narrative: body.narrative,
          sameIncidentAsReportId: body.sameIncidentAsReportId ?? null,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: `The reports naming a person, with how each names them. ${rolesText(READERS)}`,
    description:
      'Codes and days only. All of them when your agency may see the person (the personal-data policy); otherwise only those your agency received. Recorded in the consultation log with your purpose.',
  })
  @ApiOkResponse({ type: PersonReportResponse, isArray: true })
  @ApiUnprocessableEntityResponse({ description: 'The person is not registered in your partnership.' })
  list(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: ReportsOfPersonQuery,
  ): Promise<PersonReport[]> {
    return this.views.reportsOf(actor, q.personId, q.purpose, meta.correlationId);
  }

  @Get(':reportId')
  @Roles(...READERS)
  @ApiOperation({
    summary: `A report: its people, narrative and history. ${rolesText(READERS)}`,
    description:
      'In full to the agency that received it; to another agency, what the personal-data policy lets it read of the victim (else the reporter), recorded in the consultation log with your purpose; otherwise the locked view: codes and days only.',
  })
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(ReportResponse) }, { $ref: getSchemaPath(LockedReportResponse) }] },
  })
  @ApiNotFoundResponse({ description: 'No such report in your partnership.' })
  @SendsETag()
  get(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reportId', reportId()) id: string,
    @Query() q: ReportQuery,
  ): Promise<ReportView | LockedReportView> {
    return this.views.report(actor, id, q.purpose, meta.correlationId);
  }

  @Get(':reportId/same-incident-suggestions')
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `Reports of other agencies that may tell of the same incident. ${rolesText(RECORDERS)}`,
    description:
      'The same victim, the same ward and behaviour within three days either side, not withdrawn and not already this incident. Codes and days only; linking stays your decision (POST …/incident-link). For the agency that received the report.',
  })
  @ApiOkResponse({ type: ReportSummaryResponse, isArray: true })
  @ApiNotFoundResponse({ description: 'No such report in your partnership.' })
  @ApiForbiddenResponse({ description: 'The report was received by another agency.' })
  suggestions(@CurrentActor() actor: Actor, @Param('reportId', reportId()) id: string): Promise<ReportSummary[]> {
    return this.views.suggestions(actor, id);
  }

  @Post(':reportId/incident-link')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `Link your agency's report to the incident of another report: it then counts once. ${rolesText(RECORDERS)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: ReportChangedResponse })
  @ApiNotFoundResponse({ description: 'Either report is not in your partnership.' })
  @ApiForbiddenResponse({ description: 'The report was received by another agency.' })
  @ApiConflictResponse({
    description: 'Already the same incident; withdrawn; or other reports are linked to this one.',
  })
  @ApiUnprocessableEntityResponse({ description: 'Linked to itself, or to a withdrawn report.' })
  @ApiPreconditionFailedResponse({ description: 'The report changed since the If-Match version.' })
  link(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reportId', reportId()) id: string,
    @Body() body: LinkToIncidentRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(new LinkAsbReport(actor, id, body.sameIncidentAsReportId, meta, expected));
  }

  @Post(':reportId/incident-unlink')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `Undo a wrong link, with the reason: the report is its own incident again. ${rolesText(RECORDERS)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: ReportChangedResponse })
  @ApiNotFoundResponse({ description: 'No such report in your partnership.' })
  @ApiForbiddenResponse({ description: 'The report was received by another agency.' })
  @ApiConflictResponse({ description: 'Not linked, or withdrawn.' })
  @ApiPreconditionFailedResponse({ description: 'The report changed since the If-Match version.' })
  unlink(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reportId', reportId()) id: string,
    @Body() body: UnlinkFromIncidentRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(new UnlinkAsbReport(actor, id, body.reason, meta, expected));
  }

  @Post(':reportId/withdraw')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({
    summary: `Withdraw your agency's report recorded in error, with the reason: it stays on record, and no longer counts. ${rolesText(RECORDERS)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: ReportWithdrawnResponse })
  @ApiNotFoundResponse({ description: 'No such report in your partnership.' })
  @ApiForbiddenResponse({ description: 'The report was received by another agency.' })
  @ApiConflictResponse({ description: 'Already withdrawn.' })
  @ApiPreconditionFailedResponse({ description: 'The report changed since the If-Match version.' })
  withdraw(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reportId', reportId()) id: string,
    @Body() body: WithdrawReportRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(new WithdrawAsbReport(actor, id, body.reason, meta, expected));
  }
}
