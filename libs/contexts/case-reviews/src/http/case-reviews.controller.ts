import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CommandMetadata, CurrentActor, PurposeQuery, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, IsCalendarDate, IsOptionalButNotNull, SendsETag, type ExpectedRevision } from '@hubline/http';
import { CaseReviewError, REVIEW_STATUSES } from '../domain';
import { ApplyForCaseReview } from '../commands/apply/apply.handler';
import { DecideCaseReviewThreshold } from '../commands/decide-threshold/decide-threshold.handler';
import {
  AnswerCaseReviewInformationRequest,
  RequestCaseReviewInformation,
} from '../commands/information-requests/information-requests.handler';
import { TakeReviewStep, type ReviewStepInput } from '../commands/review-steps/review-steps.handler';
import { CaseReviewsClock } from '../case-reviews-clock';
import { CaseReviewFiguresService, figuresCsv } from '../queries/case-review-figures';
import { CaseReviewViews } from '../queries/case-review-views';
import { CaseReviewsReadModel } from '../queries/case-reviews-read-model';
import {
  AGENCY_OFFICERS,
  COORDINATOR,
  ESCALATION_RECORDERS,
  FIGURES_READERS,
  PANEL,
  PFCC,
  REVIEW_READERS,
  rolesText,
} from './case-review-roles';
import {
  AcknowledgeRequest,
  AnswerRequest,
  ApplyRequest,
  CloseRequest,
  ConsultVictimRequest,
  EscalationRequest,
  FinalisePlanRequest,
  FindingsRequest,
  InformationRequestsRequest,
  OutcomeRequest,
  PanelHeldRequest,
  PfccDecisionRequest,
  ProgressRequest,
  RecommendationRequest,
  SchedulePanelRequest,
  ThresholdDecisionRequest,
} from './case-reviews.requests';
import {
  CaseReviewFiguresResponse,
  DueReviewResponse,
  InformationRequestResponse,
  InformationRequestsResponse,
  RecommendationResponse,
  ReviewChangedResponse,
  ReviewResponse,
  ReviewSummaryResponse,
  ThresholdDecisionResponse,
} from './case-reviews.responses';

export class ListReviewsQuery {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES })
  @IsOptionalButNotNull()
  @IsIn(REVIEW_STATUSES)
  status?: string;
}

export class DueQuery {
  @ApiPropertyOptional({ format: 'date', description: 'The day deadlines are judged on (default today).' })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  asOf?: string;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 30,
    default: 5,
    description: 'Also list steps due within this many working days.',
  })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30)
  withinWorkingDays?: number;
}

export class FiguresQuery {
  @ApiPropertyOptional({
    format: 'date',
    description:
      "The first day of the twelve months counted (default: the start of the partnership's current reporting year).",
  })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'csv: the four figures as CSV (as does Accept: text/csv).',
  })
  @IsOptionalButNotNull()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

const uuid = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('case-reviews')
@Controller('case-reviews')
export class CaseReviewsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: CaseReviewViews,
    private readonly figuresService: CaseReviewFiguresService,
    private readonly readModel: CaseReviewsReadModel,
    private readonly clock: CaseReviewsClock,
  ) {}

  @Post()
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Record an application for an ASB Case Review. ${rolesText(COORDINATOR)}`,
    description:
      'Any route (online, phone, paper, in person, email); never anonymous. The victim is a registered person, required unless a business or community group applies. Someone applying on the victim’s behalf is named, with their relationship and the victim’s consent (a consent in the consent ledger covering asb_case_review). Your agency is the single point of contact.',
  })
  @ApiCreatedResponse({ type: ReviewChangedResponse })
  @ApiBadRequestResponse({ description: 'Invalid request; no victim; on_behalf without a name or consent.' })
  @ApiUnprocessableEntityResponse({
    description:
      'Unknown victim or ward; a consent that does not cover asb_case_review for the victim now; a day after today.',
  })
  @SendsETag()
  apply(@CurrentActor() actor: Actor, @CommandMetadata() meta: EventMetadata, @Body() body: ApplyRequest) {
    const a = body.applicant;
    const applicant =
      a.kind === 'victim'
        ? { kind: 'victim' as const }
        : a.kind === 'on_behalf'
          ? {
              kind: 'on_behalf' as const,
              name: a.name ?? '',
              relationship: a.relationship ?? '',
              consentId: a.consentId ?? null,
            }
          : { kind: a.kind, name: a.name ?? '' };
    return this.commands.execute(
      new ApplyForCaseReview(
        actor,
        {
          route: body.route,
          receivedOn: body.receivedOn,
          applicant,
          victimPersonId: body.victimPersonId ?? null,
          wardId: body.wardId ?? null,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...REVIEW_READERS)
  @ApiOperation({
    summary: `Case reviews of your partnership: codes, days and counts, no personal data. ${rolesText(REVIEW_READERS)}`,
    description: 'A PFCC reviewer sees only the reviews escalated to their office.',
  })
  @ApiOkResponse({ type: ReviewSummaryResponse, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() q: ListReviewsQuery) {
    return this.views.list(actor, { status: q.status });
  }

  @Get('information-requests')
  @Roles(...AGENCY_OFFICERS)
  @ApiOperation({
    summary: `Information requests your agency has not answered yet, soonest due first. ${rolesText(AGENCY_OFFICERS)}`,
  })
  @ApiOkResponse({ type: InformationRequestResponse, isArray: true })
  outstandingRequests(@CurrentActor() actor: Actor) {
    return this.readModel.informationRequests(actor.partnershipId, actor.agencyId);
  }

  @Get('recommendations')
  @Roles(...AGENCY_OFFICERS)
  @ApiOperation({
    summary: `Recommendations your agency owns that are not done, soonest due first, with whether each is overdue. ${rolesText(AGENCY_OFFICERS)}`,
  })
  @ApiOkResponse({ type: RecommendationResponse, isArray: true })
  async recommendations(@CurrentActor() actor: Actor) {
    const today = this.clock.today();
    return (await this.readModel.recommendations(actor.partnershipId, actor.agencyId)).map((r) => ({
      ...r,
      overdue: r.dueOn < today,
    }));
  }

  @Get('due')
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Open reviews with a step due soon or overdue, each with its milestones, soonest first. ${rolesText(COORDINATOR)}`,
    description:
      "Due days count working days (England and Wales bank holidays excluded) with the partnership's timescales in force. The appeal window is the applicant's and is not listed as due.",
  })
  @ApiOkResponse({ type: DueReviewResponse, isArray: true })
  due(@CurrentActor() actor: Actor, @Query() q: DueQuery) {
    return this.figuresService.due(actor.partnershipId, q.asOf ?? null, q.withinWorkingDays ?? 5);
  }

  @Get('figures')
  @Roles(...FIGURES_READERS)
  @ApiOperation({
    summary: `The figures the partnership publishes each year, with the reviews behind each, median working days to each step and breaches per agency. ${rolesText(FIGURES_READERS)}`,
    description:
      'Applications received; times the threshold was not met; reviews carried out (panel met); reviews resulting in recommendations: over twelve months from `from`. CSV (Accept: text/csv or format=csv) gives the four figures.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CaseReviewFiguresResponse })
  async figures(
    @CurrentActor() actor: Actor,
    @Query() q: FiguresQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const figures = await this.figuresService.figures(actor.partnershipId, q.from ?? null);
    const csv = q.format === 'csv' || (q.format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return figures;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="case-review-figures-${figures.from}.csv"`);
    return figuresCsv(figures);
  }

  @Get(':reviewId')
  @Roles(...REVIEW_READERS)
  @ApiOperation({
    summary: `A case review: the victim, every step with its text, milestones and deadlines. ${rolesText(REVIEW_READERS)}`,
    description:
      'Whole to an agency involved in the review; otherwise what the personal-data policy grants of the victim, or the locked view. Recorded in the consultation log with your purpose. A PFCC reviewer sees only reviews escalated to their office.',
  })
  @ApiOkResponse({ type: ReviewResponse })
  @ApiNotFoundResponse({ description: 'No such case review in your partnership (or not escalated to you).' })
  @SendsETag()
  get(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Query() q: PurposeQuery,
  ) {
    return this.views.review(actor, id, q.purpose, meta.correlationId);
  }

  @Post(':reviewId/acknowledge')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({ summary: `Acknowledge the application to the applicant (day, route). ${rolesText(COORDINATOR)}` })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'Already acknowledged, or the review is past that.' })
  @ApiPreconditionFailedResponse({ description: 'The review changed since the If-Match version.' })
  @SendsETag()
  acknowledge(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: AcknowledgeRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'acknowledge', ...body }, expected);
  }

  @Post(':reviewId/information-requests')
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Ask the relevant bodies for what they hold (Sch 4 para 7): one request per relevant body, or one more agency. ${rolesText(COORDINATOR)}`,
    description:
      'Without agencyId: a request to every relevant body of the partnership (PUT /partnership/agencies/{agencyId}/case-review-role) not already waiting to answer in this round. Due in 5 working days unless dueOn says otherwise.',
  })
  @ApiCreatedResponse({ type: InformationRequestsResponse })
  @ApiConflictResponse({ description: 'CASE_REVIEW.ALREADY_ASKED: every agency named is already waiting to answer.' })
  @ApiUnprocessableEntityResponse({ description: 'No relevant bodies; unknown agency; due before asked.' })
  @SendsETag()
  requestInformation(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: InformationRequestsRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(
      new RequestCaseReviewInformation(
        actor,
        id,
        { askedOn: body.askedOn, dueOn: body.dueOn ?? null, agencyId: body.agencyId ?? null },
        meta,
        expected,
      ),
    );
  }

  @Post(':reviewId/information-requests/:requestId/answer')
  @HttpCode(200)
  @Roles(...AGENCY_OFFICERS)
  @ApiOperation({
    summary: `Answer an information request for your agency: what it supplied, or nothing held. ${rolesText(AGENCY_OFFICERS)}`,
    description:
      'What you supply is disclosed to the coordinator’s agency under the statutory duty (Sch 4 para 7), and recorded in the sharing context’s disclosures (and so in the auditor’s trail).',
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiBadRequestResponse({ description: 'Send either supplied or nothingHeld: true.' })
  @ApiForbiddenResponse({ description: 'CASE_REVIEW.NOT_ASKED_AGENCY: the request is to another agency.' })
  @ApiConflictResponse({ description: 'Already answered, or the review is closed.' })
  @SendsETag()
  answer(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Param('requestId', uuid()) requestId: string,
    @Body() body: AnswerRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    if (Boolean(body.supplied) === Boolean(body.nothingHeld))
      throw new CaseReviewError(
        'CASE_REVIEW.ANSWER_SHAPE',
        'Send either supplied (a summary and report ids) or nothingHeld: true.',
      );
    return this.commands.execute(
      new AnswerCaseReviewInformationRequest(
        actor,
        id,
        requestId,
        {
          answeredOn: body.answeredOn,
          supplied: body.supplied ? { summary: body.supplied.summary, reportIds: body.supplied.reportIds } : null,
        },
        meta,
        expected,
      ),
    );
  }

  @Post(':reviewId/threshold-decision')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Judge the threshold on the victim's complaints with the rules in force, and record it. ${rolesText(COORDINATOR)}`,
    description:
      'Reads the complaints agencies recorded (ASB reports), marks each agency a relevant body or not, and records each complaint’s verdict with reasons, the rules version, met or not and the basis. discretionReason records a senior manager’s acceptance below the threshold when the procedure allows it. "Not met" carries the reasons and the route to query it (the PFCC’s review).',
  })
  @ApiOkResponse({ type: ThresholdDecisionResponse })
  @ApiConflictResponse({ description: 'Already decided in this round, or the review is closed or escalated.' })
  @ApiUnprocessableEntityResponse({ description: 'Discretion not allowed, or not needed.' })
  @SendsETag()
  decideThreshold(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: ThresholdDecisionRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.commands.execute(
      new DecideCaseReviewThreshold(
        actor,
        id,
        { decidedOn: body.decidedOn, discretionReason: body.discretionReason ?? null },
        meta,
        expected,
      ),
    );
  }

  @Post(':reviewId/panel')
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Schedule the panel meeting: day, chair (independent or not), agencies, whether the victim is invited. ${rolesText(COORDINATOR)}`,
  })
  @ApiCreatedResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'Threshold not decided or not met, or a panel already scheduled.' })
  @SendsETag()
  schedulePanel(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: SchedulePanelRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'schedule_panel', ...body }, expected);
  }

  @Post(':reviewId/panel/held')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Record that the panel met: agencies attending, the victim attended, an impact statement given. ${rolesText(COORDINATOR)}`,
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'No panel scheduled, or already recorded.' })
  @SendsETag()
  panelHeld(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: PanelHeldRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'panel_held', ...body }, expected);
  }

  @Post(':reviewId/findings')
  @HttpCode(200)
  @Roles(...PANEL)
  @ApiOperation({ summary: `Record the panel's findings (sealed). ${rolesText(PANEL)}` })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'The panel has not met.' })
  @SendsETag()
  findings(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: FindingsRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'findings', findings: body.findings }, expected);
  }

  @Post(':reviewId/recommendations')
  @Roles(...PANEL)
  @ApiOperation({
    summary: `Make a recommendation, owned by an agency with a due day; it stays on the agency's list until done. ${rolesText(PANEL)}`,
  })
  @ApiCreatedResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'The panel has not met, or the plan is final.' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown agency, or due before today.' })
  @SendsETag()
  recommend(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: RecommendationRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'recommend', ...body }, expected);
  }

  @Patch(':reviewId/recommendations/:recommendationId')
  @Roles(...AGENCY_OFFICERS)
  @ApiOperation({
    summary: `Report progress on a recommendation your agency owns (the coordinator may for any). ${rolesText(AGENCY_OFFICERS)}`,
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiForbiddenResponse({ description: 'CASE_REVIEW.NOT_OWNING_AGENCY.' })
  @ApiConflictResponse({ description: 'Already done or cancelled.' })
  @SendsETag()
  progress(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Param('recommendationId', uuid()) recommendationId: string,
    @Body() body: ProgressRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(
      actor,
      meta,
      id,
      {
        type: 'progress_recommendation',
        recommendationId,
        status: body.status,
        note: body.note ?? null,
        on: body.on ?? this.clock.today(),
      },
      expected,
    );
  }

  @Post(':reviewId/victim-consultation')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({ summary: `Record that the victim was consulted on the action plan. ${rolesText(COORDINATOR)}` })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @SendsETag()
  consult(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: ConsultVictimRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(
      actor,
      meta,
      id,
      { type: 'consult_victim', consultedOn: body.consultedOn, route: body.route, views: body.views ?? null },
      expected,
    );
  }

  @Post(':reviewId/action-plan/finalise')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Make the action plan final; refused until the victim has been consulted on it. ${rolesText(COORDINATOR)}`,
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'CASE_REVIEW.VICTIM_NOT_CONSULTED, or already final.' })
  @SendsETag()
  finalise(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: FinalisePlanRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'finalise_plan', finalisedOn: body.finalisedOn }, expected);
  }

  @Post(':reviewId/outcome')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Record that the applicant was told the outcome (day, route); the appeal window opens. ${rolesText(COORDINATOR)}`,
    description:
      'After a met threshold, once the plan is final; after "not met", the decision letter with its reasons and the route to the PFCC’s review.',
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'Plan not final, threshold not decided, or already sent.' })
  @SendsETag()
  outcome(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: OutcomeRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'send_outcome', ...body }, expected);
  }

  @Post(':reviewId/close')
  @HttpCode(200)
  @Roles(...COORDINATOR)
  @ApiOperation({
    summary: `Close the review with the reason the victim is told. ${rolesText(COORDINATOR)}`,
    description: 'After the outcome was sent; before it only when the applicant withdrew.',
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'Outcome not sent, already closed, or escalated.' })
  @SendsETag()
  close(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: CloseRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'close', ...body }, expected);
  }

  @Post(':reviewId/escalation')
  @HttpCode(200)
  @Roles(...ESCALATION_RECORDERS)
  @ApiOperation({
    summary: `Record the applicant's request for the PFCC's office to review (day, grounds). ${rolesText(ESCALATION_RECORDERS)}`,
    description: 'Within the appeal window after the outcome was sent; goes to the partnership’s policing body.',
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiConflictResponse({ description: 'Outcome not sent, or already escalated.' })
  @ApiUnprocessableEntityResponse({ description: 'The appeal window has passed; no policing body in the partnership.' })
  @SendsETag()
  escalate(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: EscalationRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(
      actor,
      meta,
      id,
      { type: 'escalate', requestedOn: body.requestedOn, grounds: body.grounds, detail: body.detail ?? null },
      expected,
    );
  }

  @Post(':reviewId/pfcc-decision')
  @HttpCode(200)
  @Roles(...PFCC)
  @ApiOperation({
    summary: `Decide an escalated review: upheld, or referred back for a fresh review (a new round). ${rolesText(PFCC)}`,
  })
  @ApiOkResponse({ type: ReviewChangedResponse })
  @ApiForbiddenResponse({ description: 'CASE_REVIEW.NOT_ESCALATED_TO_YOU.' })
  @ApiNotFoundResponse({ description: 'No review escalated to your office with this id.' })
  @ApiConflictResponse({ description: 'The review is not with your office now.' })
  @SendsETag()
  pfccDecision(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('reviewId', uuid()) id: string,
    @Body() body: PfccDecisionRequest,
    @IfMatch() expected: ExpectedRevision,
  ) {
    return this.step(actor, meta, id, { type: 'pfcc_decision', ...body }, expected);
  }

  private step(actor: Actor, meta: EventMetadata, id: string, step: ReviewStepInput, expected: ExpectedRevision) {
    return this.commands.execute(new TakeReviewStep(actor, id, step, meta, expected));
  }
}
