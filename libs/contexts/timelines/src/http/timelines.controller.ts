import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMetadata, CurrentActor, Roles, type Actor, type Role } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { ReadTimelineQuery } from '../queries/read-timeline/read-timeline.query';
import { TimelineReader, type Timeline } from '../queries/read-timeline/timeline-reader';
import type { TimelineKind } from '../queries/read-timeline/timeline-tables';
import { OffenderTimelineResponse, VictimTimelineResponse } from './timelines.responses';

/** The people who work cases; the personal-data policy still decides, person by person, what their agency sees. */
const READERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'];

const DESCRIPTION =
  'Newest first, 100 entries a page (at most 500 with `limit`); follow `nextBefore` for older ones. Each entry names the acting agency, ' +
  'says what happened in plain language and links to its case. When your agency may see the person, their name and the header come too, and the read is ' +
  'recorded in the consultation log; otherwise the locked view (the person exists, which agencies are involved) with no entries. A forgotten person ' +
  'shows `erased: true`; agencies that held the record or worked its cases still see the entries, which carry no personal data. A merged duplicate ' +
  "points to the record it was merged into, whose timeline includes the duplicate's entries.";

const personId = () => new ParseUUIDPipe({ version: '4' });

@ApiTags('timelines')
@Controller('timelines')
export class TimelinesController {
  constructor(private readonly reader: TimelineReader) {}

  @Get('victims/:personId')
  @Roles(...READERS)
  @ApiOperation({
    summary: `A victim's timeline across agencies and cases. Roles: ${READERS.join(', ')}.`,
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: VictimTimelineResponse })
  @ApiBadRequestResponse({ description: 'No valid purpose, or a bad page cursor or limit.' })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  victim(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Query() q: ReadTimelineQuery,
  ): Promise<Timeline> {
    return this.read(actor, meta, 'victim', id, q);
  }

  @Get('offenders/:personId')
  @Roles(...READERS)
  @ApiOperation({
    summary: `An alleged offender's timeline across agencies and cases. Roles: ${READERS.join(', ')}.`,
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: OffenderTimelineResponse })
  @ApiBadRequestResponse({ description: 'No valid purpose, or a bad page cursor or limit.' })
  @ApiNotFoundResponse({
    description:
      'No such person in your partnership (`PERSON.NOT_FOUND`), or no case records them as an alleged perpetrator (`TIMELINE.NOT_AN_ALLEGED_PERPETRATOR`, told only to an agency that may read their case history).',
  })
  offender(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Query() q: ReadTimelineQuery,
  ): Promise<Timeline> {
    return this.read(actor, meta, 'offender', id, q);
  }

  private read(
    actor: Actor,
    meta: EventMetadata,
    kind: TimelineKind,
    id: string,
    q: ReadTimelineQuery,
  ): Promise<Timeline> {
    return this.reader.read(actor, kind, id, {
      purpose: q.purpose,
      before: q.before,
      limit: q.limit,
      correlationId: meta.correlationId,
    });
  }
}
