import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ALL_ROLES, CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision } from '@hubline/http';
import { ChangeAgreement } from '../commands/agreements/agreement.handler';
import {
  AgreeAgreementRequest,
  ReviewAgreementRequest,
  TerminateAgreementRequest,
} from '../commands/agreements/agreement.requests';
import { SharingError } from '../domain';
import { SharingReadModel, type AgreementView } from '../queries/sharing-read-model';
import { SharingClock } from '../sharing-clock';
import { ADMIN, rolesText } from './sharing-roles';
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
    description:
      'Names the parties, purposes, data categories and lawful bases. Reviewed yearly: once the review date passes without a review, nothing can be shared under it.',
  })
  @ApiCreatedResponse({ type: AgreementChangedResponse })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' })
  @ApiUnprocessableEntityResponse({
    description:
      'Unknown agency, too few parties, no Article 6 basis, special-category data without its condition, or dates out of order.',
  })
  @SendsETag()
  async agree(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: AgreeAgreementRequest,
  ): Promise<AgreementChangedResponse> {
    const id = newId();
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
    return { agreementId: id, version };
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      "Your partnership's Information Sharing Agreements, each with whether it is in force now and whether its review is due within 30 days. Roles: any.",
  })
  @ApiOkResponse({ type: AgreementResponse, isArray: true })
  list(@CurrentActor() actor: Actor): Promise<AgreementView[]> {
    return this.readModel.agreements(actor.partnershipId, this.clock.now());
  }

  @Get(':agreementId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One Information Sharing Agreement, with an ETag of its version. Roles: any.' })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiNotFoundResponse({ description: 'No such agreement in your partnership.' })
  @SendsETag()
  async get(@CurrentActor() actor: Actor, @Param('agreementId', agreementId()) id: string): Promise<AgreementView> {
    const view = await this.readModel.agreement(actor.partnershipId, id, this.clock.now());
    if (!view)
      throw new SharingError(
        'SHARING.AGREEMENT_NOT_FOUND',
        'No such information sharing agreement in your partnership.',
      );
    return view;
  }

  @Post(':agreementId/review')
  @HttpCode(200)
  @Roles(...ADMIN)
  @ApiOperation({
    summary: `Record the yearly review and set the next review date (a lapsed agreement comes back into force from now). ${rolesText(ADMIN)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: AgreementChangedResponse })
  @ApiNotFoundResponse({ description: 'No such agreement in your partnership.' })
  @ApiConflictResponse({ description: 'The agreement was terminated or has ended.' })
  @ApiPreconditionFailedResponse({ description: 'The agreement changed since the If-Match version.' })
  review(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('agreementId', agreementId()) id: string,
    @Body() body: ReviewAgreementRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<AgreementChangedResponse> {
    return this.change(
      actor,
      id,
      {
        type: 'Review',
        partnershipId: actor.partnershipId,
        reviewDate: body?.reviewDate ?? null,
        now: this.clock.now(),
      },
      meta,
      expected,
    );
  }

  @Post(':agreementId/terminate')
  @HttpCode(200)
  @Roles(...ADMIN)
  @ApiOperation({
    summary: `Terminate an agreement: nothing more can be shared under it from now; earlier disclosures keep their basis. ${rolesText(ADMIN)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: AgreementChangedResponse })
  @ApiNotFoundResponse({ description: 'No such agreement in your partnership.' })
  @ApiConflictResponse({ description: 'Already terminated.' })
  @ApiPreconditionFailedResponse({ description: 'The agreement changed since the If-Match version.' })
  terminate(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('agreementId', agreementId()) id: string,
    @Body() body: TerminateAgreementRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<AgreementChangedResponse> {
    return this.change(
      actor,
      id,
      { type: 'Terminate', partnershipId: actor.partnershipId, reason: body.reason, now: this.clock.now() },
      meta,
      expected,
    );
  }

  private async change(
    actor: Actor,
    id: string,
    command: ChangeAgreement['command'],
    meta: EventMetadata,
    expected: ExpectedRevision,
  ): Promise<AgreementChangedResponse> {
    const { version } = await this.commands.execute(new ChangeAgreement(actor, id, command, meta, expected));
    return { agreementId: id, version };
  }
}
