import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { SendsETag, IsOptionalButNotNull } from '@hubline/http';
import { RecordDisclosure, type DiscloseInput } from '../commands/disclose/disclose.handler';
import { DiscloseRequest } from '../commands/disclose/disclose.request';
import { SharingReadModel, type DisclosureView } from '../queries/sharing-read-model';
import { SharingClock } from '../sharing-clock';
import { rolesText, SHARERS, SHARING_READERS } from './sharing-roles';
import { DisclosedResponse, DisclosureResponse } from './sharing.responses';

export class DisclosuresQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only disclosures about this person.' })
  @IsOptionalButNotNull()
  @IsUUID('all')
  personId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

const REFUSALS =
  'The basis is not valid at this moment: SHARING.NO_CONSENT, SHARING.CONSENT_WITHDRAWN, SHARING.CONSENT_EXPIRED, SHARING.RECIPIENT_NOT_COVERED, SHARING.CATEGORY_NOT_COVERED, ' +
  'SHARING.PURPOSE_NOT_COVERED, SHARING.NO_AGREEMENT_IN_FORCE, SHARING.GATEWAY_NOT_IN_AGREEMENT, SHARING.DISCLOSER_NOT_PARTY, SHARING.JUSTIFICATION_REQUIRED; ' +
  'or an unknown person or agency, or your own agency as a recipient. Nothing was recorded.';

@ApiTags('sharing')
@Controller('sharing/disclosures')
export class DisclosuresController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: SharingReadModel,
    private readonly clock: SharingClock,
  ) {}

  @Post()
  @Roles(...SHARERS)
  @ApiOperation({
    summary: `Record that your agency shared information about people, on a basis checked at this moment. ${rolesText(SHARERS)}`,
    description:
      'The basis is a consent of the person, a lawful gateway under an Information Sharing Agreement in force (with a justification), or vital interests in an emergency (with a justification; flagged for audit). ' +
      "A valid basis that includes the person's identity lets the recipients see the person's record while the basis stands (72 hours for an emergency).",
  })
  @ApiCreatedResponse({ type: DisclosedResponse })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was recorded.' })
  @ApiForbiddenResponse({
    description: "SHARING.NOT_HELD_BY_AGENCY: your agency does not hold these people's records.",
  })
  @ApiUnprocessableEntityResponse({ description: REFUSALS })
  @SendsETag()
  disclose(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: DiscloseRequest,
  ): Promise<DisclosedResponse> {
    const b = body.basis;
    const basis: DiscloseInput['basis'] =
      b.kind === 'consent'
        ? { kind: 'consent', consentId: b.consentId! }
        : b.kind === 'gateway'
          ? {
              kind: 'gateway',
              gateway: b.gateway!,
              agreementId: b.agreementId!,
              justification: b.justification ?? null,
            }
          : { kind: 'vital_interests', justification: b.justification ?? null };
    return this.commands.execute(
      new RecordDisclosure(
        actor,
        {
          recipientAgencyIds: body.recipientAgencyIds,
          personIds: body.personIds,
          dataCategories: body.dataCategories,
          purpose: body.purpose,
          case: body.case ? { type: body.case.type, id: body.case.id } : null,
          basis,
        },
        meta,
      ),
    );
  }

  @Get()
  @Roles(...SHARING_READERS)
  @ApiOperation({
    summary: `Disclosures, newest first: the auditor sees all of the partnership's, others those their agency made or received. ${rolesText(SHARING_READERS)}`,
    description:
      'Ids, codes and dates only (justifications stay sealed), so no reading purpose is asked. Each shows the basis it relied on, valid at its moment, and whether that basis still stands now.',
  })
  @ApiOkResponse({ type: DisclosureResponse, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() q: DisclosuresQuery): Promise<DisclosureView[]> {
    const auditor = actor.roles.includes('auditor');
    return this.readModel.disclosures(actor.partnershipId, this.clock.now(), {
      personId: q.personId,
      partyAgencyId: auditor ? undefined : actor.agencyId,
      limit: q.limit ?? 200,
    });
  }
}
