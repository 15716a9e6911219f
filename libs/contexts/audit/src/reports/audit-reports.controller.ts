import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, Max, Min } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import type { FastifyReply } from 'fastify';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { AuditReports, type AgencySharing, type ExceptionsReport, type PersonTrail } from './audit-reports.service';
import { toCsv, type CsvColumn } from './csv';
import { agencySharingCsv, exceptionsCsv, trailCsv } from './report-csv';

export class ReportQuery {
  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Before this time, ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptionalButNotNull()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ExceptionsQuery extends ReportQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100000,
    description:
      'Flag a user who viewed more distinct people than this in one day (default: HUBLINE_AUDIT_DAILY_VIEW_THRESHOLD).',
  })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  threshold?: number;
}

const JUSTIFICATIONS =
  'Gateway and vital-interests disclosures show their written justification for the auditor to judge; showing them is recorded first as a consultation of the people they are about (view `disclosure_justification`, purpose `audit`).';

const PERIOD =
  'Optionally within `from` (inclusive) and `to` (exclusive). `format=csv` returns the same lines as a CSV attachment.';

/** The auditor's reports: ids, codes, instants and agency and user names; never a person's personal data. */
@ApiTags('audit')
@Controller('audit')
export class AuditReportsController {
  constructor(
    private readonly reports: AuditReports,
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
  ) {}

  @Get('people/:personId/trail')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "A person's audit trail: every disclosure about them, with its basis judged at the moment of disclosure and now, and every consultation of their data, in time order. Roles: auditor.",
    description: `${PERIOD} ${JUSTIFICATIONS}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The trail (JSON), or CSV.' })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  async trail(
    @CurrentActor() actor: Actor,
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Query() q: ReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CommandMetadata() meta: EventMetadata,
  ): Promise<PersonTrail | string> {
    const trail = await this.reports.personTrail(actor, personId, q, meta.correlationId);
    return q.format === 'csv' ? csv(reply, `audit-trail-${personId}.csv`, trailCsv(trail)) : trail;
  }

  @Get('agencies/:agencyId/sharing')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Everything an agency disclosed and received, with the bases, judged then and now. Roles: auditor.',
    description: PERIOD,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The report (JSON), or CSV.' })
  @ApiNotFoundResponse({ description: 'No such agency in your partnership.' })
  async agencySharing(
    @CurrentActor() actor: Actor,
    @Param('agencyId', new ParseUUIDPipe()) agencyId: string,
    @Query() q: ReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgencySharing | string> {
    const report = await this.reports.agencySharing(actor.partnershipId, agencyId, q);
    return q.format === 'csv' ? csv(reply, `agency-sharing-${agencyId}.csv`, agencySharingCsv(report)) : report;
  }

  @Get('exceptions')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Exceptions: emergency disclosures, sharing inside cases that no agreement covered, consultations by an agency not involved with the person, and users who viewed unusually many people in a day. Roles: auditor.',
    description:
      `${PERIOD} ${JUSTIFICATIONS} Involvement is judged from the agencies' links to the person as they stand now (registration, own reference, open case): ` +
      'a link made after the consultation hides it, and a case closed since is shown as `closed_case`. Disclosures to the agency whose basis stood at that moment are listed beside it.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The report (JSON), or CSV.' })
  async exceptions(
    @CurrentActor() actor: Actor,
    @Query() q: ExceptionsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CommandMetadata() meta: EventMetadata,
  ): Promise<ExceptionsReport | string> {
    const report = await this.reports.exceptions(
      actor,
      q,
      q.threshold ?? this.config.audit.dailyViewThreshold,
      meta.correlationId,
    );
    return q.format === 'csv' ? csv(reply, 'audit-exceptions.csv', exceptionsCsv(report)) : report;
  }
}

function csv<T>(reply: FastifyReply, filename: string, table: { columns: Array<CsvColumn<T>>; rows: T[] }): string {
  void reply.header('content-type', 'text/csv; charset=utf-8');
  void reply.header('content-disposition', `attachment; filename="${filename}"`);
  return toCsv(table.columns, table.rows);
}
