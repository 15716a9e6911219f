import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import {
  CommandMetadata,
  CurrentActor,
  PURPOSES,
  PurposeQuery,
  Roles,
  type Actor,
  type Purpose,
} from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, IsCalendarDate, SendsETag, type ExpectedRevision, IsOptionalButNotNull } from '@hubline/http';
import { AgreeAction, UpdateAction } from '../commands/action-plan/action-plan.handler';
import { AgreeActionRequest, UpdateActionRequest } from '../commands/action-plan/action-plan.requests';
import { ReferVictim } from '../commands/refer-victim/refer-victim.handler';
import { ReferVictimRequest } from '../commands/refer-victim/refer-victim.request';
import { DecideOnReferral, type ReferralDecision } from '../commands/referral-decisions/referral-decisions.handler';
import {
  CloseReferralRequest,
  DeclineReferralRequest,
  ReassessRiskRequest,
  RecordReviewRequest,
  ReopenReferralRequest,
} from '../commands/referral-decisions/referral-decisions.requests';
import { LagClock } from '../lag-clock';
import {
  CaseViews,
  type LockedReferralView,
  type ReferralCaseView,
  type ReferralListItem,
} from '../queries/case-views';
import { LagReadModel, REFERRAL_STATUSES, type ReferralStatus, type ReferralSummary } from '../queries/lag-read-model';
import { CHAIR, LAG_WORKERS, rolesText } from './lag-roles';
import {
  ActionAgreedResponse,
  ActionUpdatedResponse,
  LockedReferralResponse,
  ReferralCaseResponse,
  ReferralChangedResponse,
  ReferralListItemResponse,
  ReferredResponse,
} from './lag.responses';

export class ListReferralsQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptionalButNotNull()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID('4') localityId?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: accepted cases whose next review is on or before asOf.',
  })
  @IsOptionalButNotNull()
  @IsIn(['true', 'false'])
  dueForReview?: 'true' | 'false';
  @ApiPropertyOptional({
    format: 'date',
    description: 'The day "due" and "overdue" are judged on (default today); for planning and reports.',
  })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  asOf?: string;
  @ApiPropertyOptional({
    enum: PURPOSES,
    description:
      'Why you are reading the list. Given, each referral names its victims as your agency may see them (the locked view otherwise), recorded in the consultation log; without it, no personal data.',
  })
  @IsOptionalButNotNull()
  @IsIn(PURPOSES)
  purpose?: Purpose;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

const referralId = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('lag')
@ApiExtraModels(ReferralCaseResponse, LockedReferralResponse)
@Controller('lag/referrals')
export class ReferralsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: LagReadModel,
    private readonly views: CaseViews,
    private readonly clock: LagClock,
  ) {}

  @Post()
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `Refer victims of high-harm ASB or hate crime to a locality's LAG. ${rolesText(LAG_WORKERS)}`,
    description:
      "Victims and perpetrators must be registered people (POST /people). The referring agency is yours. The risk answers are scored with the partnership's matrix (GET /lag/settings); professional judgement may raise the band, with a reason (a judgement naming the scored band keeps its reason and changes nothing else). The referral is a repeat when a victim was referred within the last 12 months. Free text is sealed with the first victim's key: forgetting that victim erases every narrative of the case.",
  })
  @ApiCreatedResponse({ type: ReferredResponse })
  @ApiBadRequestResponse({ description: 'The request, or the risk answers, are not valid; nothing was recorded.' })
  @ApiUnprocessableEntityResponse({
    description:
      'Unknown locality, ward or person; a person not active; a hate crime without a characteristic; judgement lowering the band.',
  })
  @SendsETag()
  refer(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ReferVictimRequest,
  ): Promise<ReferredResponse> {
    return this.commands.execute(
      new ReferVictim(
        actor,
        {
          localityId: body.localityId,
          wardId: body.wardId ?? null,
          category: body.category,
          protectedCharacteristics: body.protectedCharacteristics ?? [],
          victimIds: body.victimIds,
          perpetratorIds: body.perpetratorIds,
          incidentSummary: body.incidentSummary,
          vulnerabilities: body.vulnerabilities,
          riskAnswers: body.riskAnswers,
          professionalJudgement: body.professionalJudgement
            ? { band: body.professionalJudgement.band, reason: body.professionalJudgement.reason }
            : null,
          multiAgencyReason: body.multiAgencyReason,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `Referrals of your partnership: codes, bands, repeat, days waiting for a decision and dates; with ?purpose= also the victims' names your agency may see. ${rolesText(LAG_WORKERS)}`,
  })
  @ApiOkResponse({ type: ReferralListItemResponse, isArray: true })
  async list(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: ListReferralsQuery,
  ): Promise<Array<ReferralSummary | ReferralListItem>> {
    const referrals = await this.readModel.listReferrals(actor.partnershipId, {
      status: q.status,
      localityId: q.localityId,
      dueForReview: q.dueForReview === undefined ? undefined : q.dueForReview === 'true',
      asOf: q.asOf ?? this.clock.today(),
      limit: q.limit ?? 200,
    });
    return q.purpose ? this.views.referralList(actor, referrals, q.purpose, meta.correlationId) : referrals;
  }

  @Get(':referralId')
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `A case: its people, narratives, risk, actions, history and meeting notes. ${rolesText(LAG_WORKERS)}`,
    description:
      "Shown in full when your agency may see the first victim or is involved in the case (recorded in the consultation log with your purpose); otherwise the locked view: the case's codes and dates and which agencies are involved. A LAG chair opening a referral that awaits a decision sees it in full: the referral is shared with the chair's agency for the decision (ReferralOpenedForDecision; the sharing context records the disclosure), which makes that agency involved in the case.",
  })
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(ReferralCaseResponse) }, { $ref: getSchemaPath(LockedReferralResponse) }] },
  })
  @ApiNotFoundResponse({ description: 'No such referral in your partnership.' })
  @SendsETag()
  get(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Query() q: PurposeQuery,
  ): Promise<ReferralCaseView | LockedReferralView> {
    return this.views.referral(actor, id, q.purpose, meta);
  }

  @Post(':referralId/accept')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Accept a referral: the review clock starts today. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: ReferralChangedResponse })
  @ApiConflictResponse({ description: 'Already accepted, declined or closed.' })
  @ApiPreconditionFailedResponse({ description: 'The referral changed since the If-Match version.' })
  accept(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.decide(actor, meta, id, { type: 'accept' }, expected);
  }

  @Post(':referralId/decline')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Decline a referral, with a reason. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: ReferralChangedResponse })
  decline(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Body() body: DeclineReferralRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.decide(actor, meta, id, { type: 'decline', reason: body.reason, note: body.note ?? null }, expected);
  }

  @Post(':referralId/reassess')
  @HttpCode(200)
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `Reassess the risk with the partnership's current matrix; the next review date moves to the new band's cadence. ${rolesText(LAG_WORKERS)}`,
    description: "A practitioner's agency must be involved in the case.",
  })
  @SendsETag()
  @ApiOkResponse({ type: ReferralChangedResponse })
  @ApiForbiddenResponse({ description: 'LAG.AGENCY_NOT_INVOLVED: your agency is not involved in the case.' })
  reassess(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Body() body: ReassessRiskRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    const j = body.professionalJudgement;
    return this.decide(
      actor,
      meta,
      id,
      {
        type: 'reassess',
        riskAnswers: body.riskAnswers,
        professionalJudgement: j ? { band: j.band, reason: j.reason } : null,
      },
      expected,
    );
  }

  @Post(':referralId/actions')
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `Agree an action on an accepted case. ${rolesText(LAG_WORKERS)}`,
    description:
      'A chair may give it to any active agency; a practitioner only to their own agency, on a case their agency is already involved in.',
  })
  @SendsETag()
  @ApiCreatedResponse({ type: ActionAgreedResponse })
  @ApiForbiddenResponse({ description: 'LAG.AGENCY_NOT_INVOLVED or LAG.NOT_YOUR_AGENCY.' })
  @ApiUnprocessableEntityResponse({
    description: 'Due before today, unknown agency or assignee, or a target outside the case.',
  })
  agreeAction(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Body() body: AgreeActionRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<ActionAgreedResponse> {
    const input = {
      owningAgencyId: body.owningAgencyId,
      assigneeUserId: body.assigneeUserId ?? null,
      kind: body.kind,
      description: body.description,
      dueDate: body.dueDate,
      targetPersonId: body.targetPersonId ?? null,
    };
    return this.commands.execute(new AgreeAction(actor, id, input, meta, expected));
  }

  @Patch(':referralId/actions/:actionId')
  @Roles(...LAG_WORKERS)
  @ApiOperation({
    summary: `Report progress on an action: in progress, completed (with its outcome) or cancelled. ${rolesText(LAG_WORKERS)} Only the owning agency's users or the chair.`,
  })
  @SendsETag()
  @ApiOkResponse({ type: ActionUpdatedResponse })
  @ApiForbiddenResponse({ description: 'LAG.NOT_YOUR_AGENCY: another agency owns the action.' })
  @ApiConflictResponse({ description: 'The action is already completed or cancelled, or the case is not open.' })
  updateAction(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Param('actionId', new ParseUUIDPipe({ version: '4' })) actionId: string,
    @Body() body: UpdateActionRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<ActionUpdatedResponse> {
    return this.commands.execute(
      new UpdateAction(actor, id, actionId, body.status, body.outcome ?? null, meta, expected),
    );
  }

  @Post(':referralId/reviews')
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Record a review of the case; the next review date is counted from today. ${rolesText(CHAIR)}`,
  })
  @SendsETag()
  @ApiCreatedResponse({ type: ReferralChangedResponse })
  review(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Body() body: RecordReviewRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.decide(actor, meta, id, { type: 'review', meetingId: body.meetingId ?? null }, expected);
  }

  @Post(':referralId/close')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Close a case with its outcomes for the victim. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: ReferralChangedResponse })
  @ApiConflictResponse({
    description: 'REFERRAL.OUTSTANDING_ACTIONS unless cancelOutstandingActions; or not accepted.',
  })
  close(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Body() body: CloseReferralRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    const decision: ReferralDecision = {
      type: 'close',
      outcomes: body.outcomes,
      reason: body.reason,
      outcomeNarrative: body.outcomeNarrative,
      cancelOutstandingActions: body.cancelOutstandingActions === true,
    };
    return this.decide(actor, meta, id, decision, expected);
  }

  @Post(':referralId/reopen')
  @HttpCode(200)
  @Roles(...CHAIR)
  @ApiOperation({ summary: `Reopen a closed case; its history is kept. ${rolesText(CHAIR)}` })
  @SendsETag()
  @ApiOkResponse({ type: ReferralChangedResponse })
  reopen(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('referralId', referralId()) id: string,
    @Body() body: ReopenReferralRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.decide(actor, meta, id, { type: 'reopen', reason: body.reason }, expected);
  }

  private decide(
    actor: Actor,
    meta: EventMetadata,
    id: string,
    decision: ReferralDecision,
    expected: ExpectedRevision,
  ): Promise<ReferralChangedResponse> {
    return this.commands.execute(new DecideOnReferral(actor, id, decision, meta, expected));
  }
}
