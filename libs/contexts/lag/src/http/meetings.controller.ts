import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn, IsISO8601, IsUUID } from 'class-validator';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision, IsOptionalButNotNull } from '@hubline/http';
import { RecordCaseDiscussion } from '../commands/record-case-discussion/record-case-discussion.handler';
import { RecordCaseDiscussionRequest } from '../commands/record-case-discussion/record-case-discussion.request';
import { RunMeeting, type MeetingStep } from '../commands/run-meeting/run-meeting.handler';
import {
  AddToAgendaRequest,
  CancelMeetingRequest,
  RescheduleMeetingRequest,
  RecordAttendanceRequest,
} from '../commands/run-meeting/run-meeting.requests';
import { ScheduleMeeting } from '../commands/schedule-meeting/schedule-meeting.handler';
import { ScheduleMeetingRequest } from '../commands/schedule-meeting/schedule-meeting.request';
import { LagReadModel, MEETING_STATUSES, type MeetingStatus, type MeetingView } from '../queries/lag-read-model';
import { CHAIR, LAG_WORKERS, rolesText } from './lag-roles';
import { CaseDiscussedResponse, MeetingChangedResponse, MeetingResponse } from './lag.responses';

export class ListMeetingsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID('4') localityId?: string;
  @ApiPropertyOptional({ description: 'Meetings starting at or after this date or time (ISO 8601).' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Meetings starting before this date or time (ISO 8601).' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptionalButNotNull()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}

const meetingId = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('lag')
@Controller('lag/meetings')
export class MeetingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: LagReadModel,
  ) {}

  @Post()
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Schedule a locality's LAG meeting. ${rolesText(CHAIR)}`,
    description:
      'New referrals must be accepted by the cut-off (default 10 days before). An urgent meeting names the very-high-risk referral that called it; its cut-off is the meeting itself.',
  })
  @ApiCreatedResponse({ type: MeetingChangedResponse })
  @ApiUnprocessableEntityResponse({
    description: 'In the past, unknown locality, or an urgent meeting for a case that is not very high risk.',
  })
  @SendsETag()
  schedule(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ScheduleMeetingRequest,
  ): Promise<MeetingChangedResponse> {
    return this.commands.execute(
      new ScheduleMeeting(
        actor,
        {
          localityId: body.localityId,
          startsAt: body.startsAt,
          cutOffDays: body.cutOffDays,
          urgent: body.urgent ? { referralId: body.urgent.referralId, reason: body.urgent.reason } : null,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `Meetings of your partnership with their agendas and attendance (no personal data). ${rolesText(LAG_WORKERS)}`,
  })
  @ApiOkResponse({ type: MeetingResponse, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() q: ListMeetingsQuery): Promise<MeetingView[]> {
    return this.readModel.meetings(actor.partnershipId, {
      localityId: q.localityId,
      from: q.from,
      to: q.to,
      status: q.status,
    });
  }

  @Post(':meetingId/agenda')
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Put a case on the agenda, new or for review. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiCreatedResponse({ type: MeetingChangedResponse })
  @ApiUnprocessableEntityResponse({
    description: 'Another locality, not accepted, accepted after the cut-off, or not due for review.',
  })
  addToAgenda(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Body() body: AddToAgendaRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.run(
      actor,
      meta,
      id,
      { type: 'agenda', referralId: body.referralId, item: body.item, lateReason: body.lateReason ?? null },
      expected,
    );
  }

  @Post(':meetingId/attendance')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Record who attends and who sent apologies, per agency. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: MeetingChangedResponse })
  attendance(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Body() body: RecordAttendanceRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    const entries = body.entries.map((e) => ({
      agencyId: e.agencyId,
      userId: e.userId ?? null,
      present: e.attendance === 'present',
    }));
    return this.run(actor, meta, id, { type: 'attendance', entries }, expected);
  }

  @Post(':meetingId/confidentiality')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Confirm the confidentiality statement was read: the meeting is in session and cases may be discussed. ${rolesText(CHAIR)}`,
    description: "Only on the meeting's day (London); on another day MEETING.NOT_ITS_DAY (409): reschedule it first.",
  })
  @ApiConflictResponse({ description: 'MEETING.NOT_ITS_DAY, or the meeting is closed or cancelled.' })
  @SendsETag()
  @ApiOkResponse({ type: MeetingChangedResponse })
  confidentiality(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.run(actor, meta, id, { type: 'confidentiality' }, expected);
  }

  @Post(':meetingId/cases/:referralId')
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Record a case's discussion; optionally agree its actions, record its review and carry actions forward. ${rolesText(CHAIR)}`,
    description:
      "Refused with MEETING.CONFIDENTIALITY_NOT_CONFIRMED before the confidentiality statement. Everything is checked before anything is recorded; the meeting is recorded first, then the referral's actions and review. If-Match applies to the meeting.",
  })
  @SendsETag()
  @ApiCreatedResponse({ type: CaseDiscussedResponse })
  @ApiConflictResponse({
    description: 'MEETING.CONFIDENTIALITY_NOT_CONFIRMED, MEETING.NOT_ITS_DAY, or the meeting is closed or cancelled.',
  })
  @ApiBadRequestResponse({ description: 'Not valid; nothing was recorded.' })
  @ApiPreconditionFailedResponse({ description: 'The meeting changed since the If-Match version.' })
  discuss(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: RecordCaseDiscussionRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<CaseDiscussedResponse> {
    const input = {
      notes: body.notes,
      decisions: body.decisions,
      actions: (body.actions ?? []).map((a) => ({
        owningAgencyId: a.owningAgencyId,
        assigneeUserId: a.assigneeUserId ?? null,
        kind: a.kind,
        description: a.description,
        dueDate: a.dueDate,
        targetPersonId: a.targetPersonId ?? null,
      })),
      recordReview: body.recordReview === true,
      carryForwardActionIds: body.carryForwardActionIds ?? [],
      notCoveredAgencies: body.notCoveredAgencies ?? null,
      sharingJustification: body.sharingJustification ?? null,
    };
    return this.commands.execute(new RecordCaseDiscussion(actor, id, referralId, input, meta, expected));
  }

  @Post(':meetingId/close')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Close the meeting; cases not discussed are listed in the record. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: MeetingChangedResponse })
  close(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.run(actor, meta, id, { type: 'close' }, expected);
  }

  @Post(':meetingId/reschedule')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Move a meeting that has not started to another day or time (today at the earliest), with a reason; its cut-off moves with it. A meeting runs on its day: to hold it on another day, reschedule it first. ${rolesText(CHAIR)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: MeetingChangedResponse })
  @ApiBadRequestResponse({ description: 'Not valid; nothing was recorded.' })
  @ApiConflictResponse({ description: 'MEETING.ALREADY_STARTED, or the meeting is closed or cancelled.' })
  @ApiUnprocessableEntityResponse({ description: 'MEETING.IN_THE_PAST: before today.' })
  @ApiPreconditionFailedResponse({ description: 'The meeting changed since the If-Match version.' })
  reschedule(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Body() body: RescheduleMeetingRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.run(actor, meta, id, { type: 'reschedule', startsAt: body.startsAt, reason: body.reason }, expected);
  }

  @Post(':meetingId/cancel')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Cancel a meeting that has not started. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: MeetingChangedResponse })
  cancel(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('meetingId', meetingId()) id: string,
    @Body() body: CancelMeetingRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.run(actor, meta, id, { type: 'cancel', reason: body.reason }, expected);
  }

  private run(
    actor: Actor,
    meta: EventMetadata,
    id: string,
    step: MeetingStep,
    expected: ExpectedRevision,
  ): Promise<MeetingChangedResponse> {
    return this.commands.execute(new RunMeeting(actor, id, step, meta, expected));
  }
}
