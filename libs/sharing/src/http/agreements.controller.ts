import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ALL_ROLES, CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { etagOf, parseIfMatch } from '@hubline/http';
import { ChangeAgreement } from '../commands/agreements/agreement.handler';
import { AgreeAgreementRequest, ReviewAgreementRequest, TerminateAgreementRequest } from '../commands/agreements/agreement.requests';
import { SharingError } from '../domain';
import { SharingReadModel, type AgreementView } from '../queries/sharing-read-model';
import { SharingClock } from '../sharing-clock';
import { ADMIN, ifMatchHeader, rolesText } from './sharing-roles';
import { AgreementChangedResponse, AgreementResponse } from './sharing.responses';

const agreementId = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('sharing')
@Controller('sharing/agreements')
export class AgreementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: SharingReadModel,
    private readonly clock: SharingClock,
  ) {}

  @Post()
  @Roles(...ADMIN)
  @ApiOperation({
    summary: `Record an Information Sharing Agreement between partner agencies. ${rolesText(ADMIN)}`,
    description: 'Names the parties, purposes, data categories and lawful bases. Reviewed yearly: once the review date passes without a review, nothing can be shared under it.',
  })
  @ApiCreatedResponse({ type: AgreementChangedResponse })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown agency, too few parties, no Article 6 basis, special-category data without its condition, or dates out of order.' })
  async agree(@CurrentActor() actor: Actor, @CommandMetadata() meta: EventMetadata, @Body() body: AgreeAgreementRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AgreementChangedResponse> {
    const id = randomUUID();
    const { version } = await this.commands.execute(
      new ChangeAgreement(
        actor,
        id,
        {
          type: 'Agree',
          agreementId: id,
          partnershipId: actor.partnershipId,
          title: body.title,
          parties: body.parties,
          purposes: body.purposes,
          dataCategories: body.dataCategories,
          lawfulBases: body.lawfulBases,
          schedule1Conditions: body.schedule1Conditions ?? [],
          startDate: body.startDate,
          reviewDate: body.reviewDate ?? null,
          endDate: body.endDate ?? null,
          now: this.clock.now(),
        },
        meta,
      ),
    );
    void reply.header('etag', etagOf(version));
    return { agreementId: id, version };
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "Your partnership's Information Sharing Agreements, each with whether it is in force now and whether its review is due within 30 days. Roles: any." })
  @ApiOkResponse({ type: AgreementResponse, isArray: true })
  list(@CurrentActor() actor: Actor): Promise<AgreementView[]> {
    return this.readModel.agreements(actor.partnershipId, this.clock.now());
  }

  @Get(':agreementId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One Information Sharing Agreement, with an ETag of its version. Roles: any.' })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiNotFoundResponse({ description: 'No such agreement in your partnership.' })
  async get(@CurrentActor() actor: Actor, @Param('agreementId', agreementId()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AgreementView> {
    const view = await this.readModel.agreement(actor.partnershipId, id, this.clock.now());
    if (!view) throw new SharingError('SHARING.AGREEMENT_NOT_FOUND', 'No such information sharing agreement in your partnership.');
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':agreementId/review')
  @HttpCode(200)
  @Roles(...ADMIN)
  @ApiOperation({ summary: `Record the yearly review and set the next review date (a lapsed agreement comes back into force from now). ${rolesText(ADMIN)}` })
  @ApiHeader(ifMatchHeader)
  @ApiOkResponse({ type: AgreementChangedResponse })
  @ApiNotFoundResponse({ description: 'No such agreement in your partnership.' })
  @ApiConflictResponse({ description: 'The agreement was terminated or has ended.' })
  @ApiPreconditionFailedResponse({ description: 'The agreement changed since the If-Match version.' })
  review(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('agreementId', agreementId()) id: string,
    @Body() body: ReviewAgreementRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementChangedResponse> {
    return this.change(actor, id, { type: 'Review', partnershipId: actor.partnershipId, reviewDate: body?.reviewDate ?? null, now: this.clock.now() }, meta, ifMatch, reply);
  }

  @Post(':agreementId/terminate')
  @HttpCode(200)
  @Roles(...ADMIN)
  @ApiOperation({ summary: `Terminate an agreement: nothing more can be shared under it from now; earlier disclosures keep their basis. ${rolesText(ADMIN)}` })
  @ApiHeader(ifMatchHeader)
  @ApiOkResponse({ type: AgreementChangedResponse })
  @ApiNotFoundResponse({ description: 'No such agreement in your partnership.' })
  @ApiConflictResponse({ description: 'Already terminated.' })
  @ApiPreconditionFailedResponse({ description: 'The agreement changed since the If-Match version.' })
  terminate(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('agreementId', agreementId()) id: string,
    @Body() body: TerminateAgreementRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementChangedResponse> {
    return this.change(actor, id, { type: 'Terminate', partnershipId: actor.partnershipId, reason: body.reason, now: this.clock.now() }, meta, ifMatch, reply);
  }

  private async change(actor: Actor, id: string, command: ChangeAgreement['command'], meta: EventMetadata, ifMatch: string | undefined, reply: FastifyReply): Promise<AgreementChangedResponse> {
    const { version } = await this.commands.execute(new ChangeAgreement(actor, id, command, meta, parseIfMatch(ifMatch)));
    void reply.header('etag', etagOf(version));
    return { agreementId: id, version };
  }
}
