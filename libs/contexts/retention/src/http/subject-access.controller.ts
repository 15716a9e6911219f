import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import { NotFoundError } from '@hubline/errors';
import type { EventMetadata } from '@hubline/event-store';
import { SubjectAccessExporter, type SubjectAccessExport } from '../subject-access/subject-access-export';
import { SubjectAccessQuery } from './retention.requests';

@ApiTags('subject access')
@Controller('subject-access')
export class SubjectAccessController {
  constructor(private readonly exporter: SubjectAccessExporter) {}

  @Get(':personId')
  // The partnership's data-protection lead answers subject access requests for every agency, so
  // the export is theirs alone and is not narrowed by which agency is involved with the person.
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Everything held about one person, for a subject access request. Roles: partnership_admin.',
    description:
      'Their record, event by event, with their personal data decrypted; the LAG cases naming them (other people appear only as "another person", without their id; narratives are opened only where the person is the case\'s first victim, whose key seals them); consents and disclosures about them; and every recorded view of their data. Recorded in the consultation log. Narratives are released as written: `reviewFlags` lists each narrative (by its path in the export) that may name or locate someone else (`name_in_register`: a word the register holds as another person\'s name; `house_number`; `address`; `postcode`), each finding by kind and span (`start`, `end`: offsets in the text), so that the reviewer decides on redaction before sending.',
  })
  @ApiOkResponse({ description: 'The export document.' })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  async export(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', new ParseUUIDPipe({ version: '4' })) personId: string,
    @Query() _q: SubjectAccessQuery,
  ): Promise<SubjectAccessExport> {
    const result = await this.exporter.export(actor, personId, { correlationId: meta.correlationId });
    if (!result) throw new NotFoundError('PERSON.NOT_FOUND', 'No such person in your partnership.');
    return result;
  }
}
