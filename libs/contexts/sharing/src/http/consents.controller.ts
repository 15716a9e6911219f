import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type ExpectedRevision, IsOptionalButNotNull } from '@hubline/http';
import { RecordConsent, WithdrawConsent } from '../commands/consents/consent.handler';
import { RecordConsentRequest, WithdrawConsentRequest } from '../commands/consents/consent.requests';
import { SHARING_PURPOSES, type SharingPurpose } from '../domain';
import { SharingReadModel, type ConsentView } from '../queries/sharing-read-model';
import { SharingClock } from '../sharing-clock';
import { rolesText, SHARERS, SHARING_READERS } from './sharing-roles';
import { ConsentChangedResponse, ConsentResponse } from './sharing.responses';

export class ConsentsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') personId!: string;
  @ApiPropertyOptional({ enum: SHARING_PURPOSES, description: 'Only consents covering this sharing purpose.' })
  @IsOptionalButNotNull()
  @IsIn(SHARING_PURPOSES)
  purpose?: SharingPurpose;
}

@ApiTags('sharing')
@Controller('sharing/consents')
export class ConsentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: SharingReadModel,
    private readonly clock: SharingClock,
  ) {}

  @Post()
  @Roles(...SHARERS)
  @ApiOperation({
    summary: `Record a person's consent to share their information. ${rolesText(SHARERS)}`,
    description:
      "Who gave it (the person, or a representative with the relationship and authority), to which agencies (or all partners of a locality's LAG), for which purposes and data categories, how it was obtained, when, and until when. Recorded by you for your agency. Ids and codes only.",
  })
  @ApiCreatedResponse({ type: ConsentChangedResponse })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown person, agency or locality; consent dated in the future; expiry before it was given.',
  })
  @SendsETag()
  record(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: RecordConsentRequest,
  ): Promise<ConsentChangedResponse> {
    const giver = body.givenBy;
    const recipients = body.recipients;
    return this.commands.execute(
      new RecordConsent(
        actor,
        {
          personId: body.personId,
          givenBy:
            giver.kind === 'person'
              ? { kind: 'person' }
              : { kind: 'representative', relationship: giver.relationship, authority: giver.authority },
          recipients:
            recipients.kind === 'agencies'
              ? { kind: 'agencies', agencyIds: recipients.agencyIds! }
              : { kind: 'lag_partners', localityId: recipients.localityId! },
          purposes: body.purposes,
          dataCategories: body.dataCategories,
          obtained: body.obtained,
          givenAt: body.givenAt ?? null,
          expiresAt: body.expiresAt ?? null,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...SHARING_READERS)
  @ApiOperation({
    summary: `A person's consents, each with whether it holds now. ${rolesText(SHARING_READERS)}`,
    description:
      'Ids, codes and dates only, no personal data: so no reading purpose is asked and nothing is added to the consultation log. A practitioner checks here before sharing; an auditor sees what the person agreed to and withdrew.',
  })
  @ApiOkResponse({ type: ConsentResponse, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() q: ConsentsQuery): Promise<ConsentView[]> {
    return this.readModel.consentsOf(actor.partnershipId, q.personId, this.clock.now(), q.purpose);
  }

  @Post(':consentId/withdraw')
  @HttpCode(200)
  @Roles(...SHARERS)
  @ApiOperation({
    summary: `Record that the person withdrew consent: it stops covering disclosures at once; earlier disclosures keep their basis. ${rolesText(SHARERS)}`,
  })
  @SendsETag()
  @ApiOkResponse({ type: ConsentChangedResponse })
  @ApiNotFoundResponse({ description: 'No such consent in your partnership.' })
  @ApiConflictResponse({ description: 'Already withdrawn.' })
  @ApiPreconditionFailedResponse({ description: 'The consent changed since the If-Match version.' })
  async withdraw(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('consentId', new ParseUUIDPipe({ version: '4' })) consentId: string,
    @Body() body: WithdrawConsentRequest,
    @IfMatch() expected: ExpectedRevision,
  ): Promise<ConsentChangedResponse> {
    const { version } = await this.commands.execute(new WithdrawConsent(actor, consentId, body.method, meta, expected));
    return { consentId, version };
  }
}
