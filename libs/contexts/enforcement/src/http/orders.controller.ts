import { applyDecorators, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { IsUUID } from 'class-validator';
import { CommandMetadata, CurrentActor, PurposeQuery, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import {
  ChangeEnforcementOrder,
  type OrderChange,
  type OrderChangeResult,
} from '../commands/change-order/change-order.handler';
import {
  DischargeOrderRequest,
  RecordBreachRequest,
  RespondToBreachRequest,
  VaryOrderRequest,
} from '../commands/change-order/change-order.requests';
import { ServeEnforcementOrder, type ServeOrderResult } from '../commands/serve-order/serve-order.handler';
import { ServeOrderRequest } from '../commands/serve-order/serve-order.request';
import {
  OrderViews,
  type ExpiringOrder,
  type LockedOrderView,
  type OrderSummary,
  type OrderView,
} from '../queries/order-views';
import { OFFICERS, READERS, WARNED, rolesText } from './enforcement-roles';
import {
  ExpiringOrderResponse,
  LockedOrderResponse,
  OrderChangedResponse,
  OrderResponse,
  OrderServedResponse,
  OrderSummaryResponse,
} from './enforcement.responses';

const orderId = () => new ParseUUIDPipe({ version: '4' });

export class OrdersOfPersonQuery extends PurposeQuery {
  @ApiProperty({ format: 'uuid', description: 'A registered person: the orders served on them.' })
  @IsUUID('all')
  personId!: string;
}

/** The refusals every change of an order may meet. */
const ChangeRefusals = () =>
  applyDecorators(
    ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' }),
    ApiNotFoundResponse({ description: 'No such order in your partnership.' }),
    ApiPreconditionFailedResponse({ description: 'The order changed since the If-Match version.' }),
  );

@ApiTags('enforcement')
@ApiExtraModels(OrderResponse, LockedOrderResponse)
@Controller('enforcement/orders')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: OrderViews,
  ) {}

  @Post()
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: `Record an enforcement order your agency served (or, for a court order, obtained). ${rolesText(OFFICERS)}`,
    description:
      "Warning letter, Acceptable Behaviour Contract, CPW, CPN, Part 1 civil injunction, CBO, closure notice or order, PSPO fixed penalty notice: on whom, your reference, when, its end (as the kind allows), the LAG case it was taken in, the particulars the kind needs (court, conviction, age, power of arrest, prior CPW, designation, PSPO and amount) and the conditions (sealed with the person's key). Only the agencies the law names may serve or apply for each kind (decision 0030).",
  })
  @ApiCreatedResponse({ type: OrderServedResponse })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' })
  @ApiForbiddenResponse({
    description: 'ORDER.AGENCY_MAY_NOT_ISSUE: your agency may not serve or apply for this kind.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'Unknown person or LAG case; served in the future; an end the kind does not allow; missing particulars (court, conviction, prior CPW, designation, penalty).',
  })
  @SendsETag()
  serve(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ServeOrderRequest,
  ): Promise<ServeOrderResult> {
    const p = body.particulars ?? {};
    return this.commands.execute(
      new ServeEnforcementOrder(
        actor,
        {
          kind: body.kind,
          personId: body.personId,
          agencyReference: body.agencyReference,
          servedOn: body.servedOn,
          expiresOn: body.expiresOn ?? null,
          lagCaseId: body.lagCaseId ?? null,
          particulars: {
            ...(p.court !== undefined ? { court: p.court } : {}),
            ...(p.convictionOn !== undefined ? { convictionOn: p.convictionOn } : {}),
            ...(p.subjectUnder18 !== undefined ? { subjectUnder18: p.subjectUnder18 } : {}),
            ...(p.powerOfArrest !== undefined ? { powerOfArrest: p.powerOfArrest } : {}),
            ...(p.warningOrderId !== undefined ? { warningOrderId: p.warningOrderId } : {}),
            ...(p.designationReference !== undefined ? { designationReference: p.designationReference } : {}),
            ...(p.pspoReference !== undefined ? { pspoReference: p.pspoReference } : {}),
            ...(p.penaltyPounds !== undefined ? { penaltyPounds: p.penaltyPounds } : {}),
          },
          conditions: body.conditions ?? null,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: `The orders served on a person, with how each stands today. ${rolesText(READERS)}`,
    description:
      "Codes and days only. All of them when your agency may read the person's case actions (the personal-data policy); otherwise only those your agency served. Recorded in the consultation log with your purpose.",
  })
  @ApiOkResponse({ type: OrderSummaryResponse, isArray: true })
  @ApiUnprocessableEntityResponse({ description: 'The person is not registered in your partnership.' })
  list(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: OrdersOfPersonQuery,
  ): Promise<OrderSummary[]> {
    return this.views.ordersOf(actor, q.personId, q.purpose, meta.correlationId);
  }

  @Get('expiring')
  @Roles(...WARNED)
  @ApiOperation({
    summary: `Your agency's orders ending within the partnership's expiry window on people with an open LAG case. ${rolesText(WARNED)}`,
    description:
      'Soonest first, with the person as the people directory shows them to you and their open LAG cases: time to seek a renewal or a further order before protection lapses. The window is a partnership setting (GET /enforcement/settings).',
  })
  @ApiOkResponse({ type: ExpiringOrderResponse, isArray: true })
  expiring(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: PurposeQuery,
  ): Promise<ExpiringOrder[]> {
    return this.views.expiring(actor, q.purpose, meta.correlationId);
  }

  @Get(':orderId')
  @Roles(...READERS)
  @ApiOperation({
    summary: `An order: its person, conditions, variations, discharge and breaches. ${rolesText(READERS)}`,
    description:
      'In full to the agency that served it; to another agency, what the personal-data policy lets it read of the person (case actions for the order, incident details for the conditions and breach accounts), recorded in the consultation log with your purpose; otherwise the locked view: codes and days only.',
  })
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(OrderResponse) }, { $ref: getSchemaPath(LockedOrderResponse) }] },
  })
  @ApiNotFoundResponse({ description: 'No such order in your partnership.' })
  @SendsETag()
  get(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('orderId', orderId()) id: string,
    @Query() q: PurposeQuery,
  ): Promise<OrderView | LockedOrderView> {
    return this.views.order(actor, id, q.purpose, meta.correlationId);
  }

  @Post(':orderId/variations')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: `Record a variation of your agency's order: new conditions, a new end, or both. ${rolesText(OFFICERS)}`,
    description: 'A court order names the court that varied it; a closure order may be extended to 6 months in all.',
  })
  @SendsETag()
  @ApiOkResponse({ type: OrderChangedResponse })
  @ApiForbiddenResponse({ description: 'The order was served by another agency.' })
  @ApiConflictResponse({ description: 'Discharged, or ended before that day.' })
  @ApiUnprocessableEntityResponse({ description: 'Nothing to vary; a one-off step; an end the kind does not allow.' })
  @ChangeRefusals()
  vary(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('orderId', orderId()) id: string,
    @Body() body: VaryOrderRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<OrderChangeResult> {
    return this.change(actor, meta, id, expected, {
      type: 'vary',
      variedOn: body.variedOn,
      ...(body.expiresOn !== undefined ? { expiresOn: body.expiresOn } : {}),
      conditions: body.conditions ?? null,
      court: body.court ?? null,
    });
  }

  @Post(':orderId/discharge')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: `Record that your agency's order ended early, with the reason. ${rolesText(OFFICERS)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: OrderChangedResponse })
  @ApiForbiddenResponse({ description: 'The order was served by another agency.' })
  @ApiConflictResponse({ description: 'Already discharged, or already ended.' })
  @ApiUnprocessableEntityResponse({
    description: 'A reason the kind does not allow (a court order ends by the court).',
  })
  @ChangeRefusals()
  discharge(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('orderId', orderId()) id: string,
    @Body() body: DischargeOrderRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<OrderChangeResult> {
    return this.change(actor, meta, id, expected, {
      type: 'discharge',
      dischargedOn: body.dischargedOn,
      reason: body.reason,
    });
  }

  @Post(':orderId/breaches')
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: `Record a breach of an order (any agency of the partnership), with the response. ${rolesText(OFFICERS)}`,
    description:
      "When, what happened (sealed with the person's key) and the response the law allows for the kind (decision 0030); under_investigation until decided.",
  })
  @SendsETag()
  @ApiCreatedResponse({ type: OrderChangedResponse })
  @ApiUnprocessableEntityResponse({
    description: 'A penalty notice; a day outside the order’s effect; a response the kind does not allow.',
  })
  @ChangeRefusals()
  breach(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('orderId', orderId()) id: string,
    @Body() body: RecordBreachRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<OrderChangeResult> {
    return this.change(actor, meta, id, expected, {
      type: 'breach',
      occurredOn: body.occurredOn,
      whatHappened: body.whatHappened,
      response: body.response,
    });
  }

  @Post(':orderId/breach-responses')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: `Record the response decided to a breach under investigation. ${rolesText(OFFICERS)}` })
  @SendsETag()
  @ApiOkResponse({ type: OrderChangedResponse })
  @ApiConflictResponse({ description: 'The breach already has its response.' })
  @ApiUnprocessableEntityResponse({ description: 'A response the kind does not allow; a day before the breach.' })
  @ChangeRefusals()
  respond(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('orderId', orderId()) id: string,
    @Body() body: RespondToBreachRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<OrderChangeResult> {
    return this.change(actor, meta, id, expected, {
      type: 'respond',
      breachId: body.breachId,
      response: body.response,
      respondedOn: body.respondedOn,
    });
  }

  private change(
    actor: Actor,
    meta: EventMetadata,
    id: string,
    expected: ExpectedRevision,
    change: OrderChange,
  ): Promise<OrderChangeResult> {
    return this.commands.execute(new ChangeEnforcementOrder(actor, id, change, meta, expected));
  }
}
