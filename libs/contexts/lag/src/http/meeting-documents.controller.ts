import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandMetadata, CurrentActor, PurposeQuery, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { IssueMinutes, type MinutesIssuedResult } from '../commands/issue-minutes/issue-minutes.handler';
import { MeetingDocuments, type IssuedMeetingPack, type Minutes } from '../queries/meeting-documents';
import { CHAIR, LAG_WORKERS, rolesText } from './lag-roles';
import { IssuedMeetingPackResponse, MinutesIssuedResponse, MinutesResponse } from './lag.responses';
import { meetingPackPdf, minutesPdf } from './meeting-documents.pdf';

const meetingId = () => new ParseUUIDPipe({ version: '4' });
const wantsPdf = (accept: string | undefined) => /\bapplication\/pdf\b/i.test(accept ?? '');

/** Sends a document as PDF: inline, named by the meeting only (never a person). */
async function sendPdf(reply: FastifyReply, name: string, pdf: Promise<Buffer>): Promise<Buffer> {
  const body = await pdf;
  void reply.header('content-type', 'application/pdf');
  void reply.header('content-disposition', `inline; filename="${name}.pdf"`);
  void reply.header('cache-control', 'no-store');
  return body;
}

/**
 * The meeting's documents (decision 0028): the pack every agency of the meeting prepares with,
 * and the minutes the chair issues once the meeting is closed. Both answer JSON, or PDF with
 * `Accept: application/pdf`.
 */
@ApiTags('lag')
@Controller('lag/meetings')
export class MeetingDocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly documents: MeetingDocuments,
  ) {}

  @Get(':meetingId/pack')
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `The meeting pack for your agency: each agenda case with its band, repeat flag, open and overdue actions, last review, people and incident summary. ${rolesText(LAG_WORKERS)}`,
    description:
      "For a LAG chair, and for practitioners of an agency on the meeting's attendance list (present or apologies) or working a case on its agenda. Each case shows what your agency may read (the locked view otherwise). The pack is recorded in the consultation log with your purpose, and each case shown in full is recorded as disclosed to your agency (once per case). Overdue is as at the meeting day. JSON, or PDF with Accept: application/pdf.",
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ type: IssuedMeetingPackResponse, description: 'The pack (JSON), or the same as a PDF.' })
  @ApiForbiddenResponse({ description: 'MEETING.NOT_A_RECIPIENT: your agency is not of this meeting.' })
  @ApiNotFoundResponse({ description: 'No such meeting in your partnership.' })
  @SendsETag()
  async pack(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Query() q: PurposeQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IssuedMeetingPack | Buffer> {
    const pack = await this.documents.pack(actor, id, q.purpose, meta);
    return wantsPdf(accept) ? sendPdf(reply, `lag-meeting-pack-${id}`, meetingPackPdf(pack)) : pack;
  }

  @Get(':meetingId/minutes')
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `The minutes: attendance and apologies, the confidentiality statement, and per case the discussion, decisions, actions with owners and due dates, and next review. ${rolesText(LAG_WORKERS)}`,
    description:
      "Built from the meeting's events. A LAG chair reads them at any time (a draft until issued), each case's part where their agency may read the case. Once the chair has issued them, each receiving agency's practitioners read their copy: the parts of the cases it received, the others locked. Recorded in the consultation log with your purpose. JSON, or PDF with Accept: application/pdf.",
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ type: MinutesResponse, description: 'The minutes (JSON), or the same as a PDF.' })
  @ApiConflictResponse({ description: 'MEETING.MINUTES_NOT_ISSUED: not issued yet (practitioners).' })
  @ApiForbiddenResponse({ description: 'MEETING.NOT_A_RECIPIENT: the minutes were not issued to your agency.' })
  @ApiNotFoundResponse({ description: 'No such meeting in your partnership.' })
  @SendsETag()
  async minutes(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Query() q: PurposeQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Minutes | Buffer> {
    const minutes = await this.documents.minutes(actor, id, q.purpose, meta);
    return wantsPdf(accept) ? sendPdf(reply, `lag-meeting-minutes-${id}`, minutesPdf(minutes)) : minutes;
  }

  @Post(':meetingId/minutes/issue')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Issue the minutes of a closed meeting, once. ${rolesText(CHAIR)}`,
    description:
      "They go to the agencies present and the chair's own, each with the part of every case it may read and heard (an agency excluded from a case's discussion does not receive its part). Each case part is recorded as a disclosure to the agencies that received it. If-Match applies to the meeting.",
  })
  @ApiOkResponse({ type: MinutesIssuedResponse })
  @ApiConflictResponse({
    description: 'MEETING.NOT_CLOSED, MEETING.MINUTES_ALREADY_ISSUED, or the meeting was cancelled.',
  })
  @ApiNotFoundResponse({ description: 'No such meeting in your partnership.' })
  @ApiPreconditionFailedResponse({ description: 'The meeting changed since the If-Match version.' })
  @SendsETag()
  issue(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<MinutesIssuedResult> {
    return this.commands.execute(new IssueMinutes(actor, id, meta, expected));
  }
}
