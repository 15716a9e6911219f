import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  CommandMetadata,
  CurrentActor,
  PurposeQuery,
  Roles,
  type Actor,
  type DataCategory,
  type Role,
} from '@hubline/access';
import { DomainError, NotFoundError } from '@hubline/errors';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, SendsETag, type StatedRevision } from '@hubline/http';
import { AddAgencyReference } from '../commands/add-agency-reference/add-agency-reference.handler';
import { AddAgencyReferenceRequest } from '../commands/add-agency-reference/add-agency-reference.request';
import { ChangePersonDetails } from '../commands/change-details/change-details.handler';
import { ForgetPerson } from '../commands/forget-person/forget-person.handler';
import { ForgetPersonRequest } from '../commands/forget-person/forget-person.request';
import { MergePeople } from '../commands/merge-people/merge-people.handler';
import { MergePeopleRequest } from '../commands/merge-people/merge-people.request';
import { detailsFrom, PersonDetailsRequest } from '../commands/person-details.request';
import { RegisterPerson } from '../commands/register-person/register-person.handler';
import { RegisterPersonRequest } from '../commands/register-person/register-person.request';
import { PeopleDirectory, type PersonProfileView, type PersonView } from '../people-directory';
import { PersonSearch } from '../search/person-search';
import { SearchPeopleQuery } from '../search/search-people.query';
import {
  ForgottenResponse,
  MergedResponse,
  PeopleSearchResponse,
  PERSON_VIEW_MODELS,
  PersonChangedResponse,
  personViewSchema,
  PossibleDuplicateProblem,
} from './people.responses';

/** Roles that work with people's records; the personal-data policy still decides, person by person, what their agency sees. */
const READERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member', 'partnership_admin'];
const WRITERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'partnership_admin'];
const MAX_RESULTS = 50;

class SearchCriteriaRequiredError extends DomainError {
  readonly code = 'PERSON.SEARCH_CRITERIA_REQUIRED';
  readonly kind = 'invalid';
}
class IfMatchRequiredError extends DomainError {
  readonly code = 'PERSON.IF_MATCH_REQUIRED';
  readonly kind = 'invalid';
}

const personId = () => new ParseUUIDPipe({ version: '4' });
const notFound = () => new NotFoundError('PERSON.NOT_FOUND', 'No such person in your partnership.');
const ifMatchRequired = () => new IfMatchRequiredError('Send If-Match with the ETag you last read.');

@ApiTags('people')
@ApiExtraModels(...PERSON_VIEW_MODELS)
@Controller('people')
export class PeopleController {
  constructor(
    private readonly commands: CommandBus,
    private readonly people: PeopleDirectory,
    private readonly search: PersonSearch,
  ) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({
    summary: `Register a person (once per partnership). Roles: ${WRITERS.join(', ')}.`,
    description:
      "Possible duplicates are refused with 409 unless confirmNewPerson is true: people with a similar name (Jaro-Winkler with phonetic keys on normalised names), the same or day-and-month transposed date of birth, the same postcode or your agency's same reference, each with a confidence (high, medium, low: a similar name alone is low) and its reasons (`agency_reference`, `name_similar`, `dob_match`, `dob_transposed`, `postcode_match`). Only people your agency may see are listed with their reasons (a postcode match only with their address); anyone else only by id, `locked`, for an exact date of birth and a similar name. The refusal names candidates by id only and is recorded in the consultation log.",
  })
  @ApiCreatedResponse({ type: PersonChangedResponse })
  @ApiConflictResponse({
    type: PossibleDuplicateProblem,
    description: 'PERSON.POSSIBLE_DUPLICATE: nothing was registered.',
  })
  @ApiBadRequestResponse({ description: 'The request is not valid; nothing was registered.' })
  @SendsETag()
  register(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: RegisterPersonRequest,
  ): Promise<PersonChangedResponse> {
    return this.commands.execute(
      new RegisterPerson(
        actor,
        detailsFrom(body),
        { agencyReference: body.agencyReference, confirmNewPerson: body.confirmNewPerson === true },
        meta,
        new Date().toISOString(),
      ),
    );
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: `Search people of your partnership. Roles: ${READERS.join(', ')}.`,
    description:
      "Give at least one criterion. Only people your agency may see are listed, with their name, date of birth and (when their address was shared with your agency) postcode, and `withheld` naming the data categories held back; a person is listed only when every criterion you gave is of a category your agency may see. Nobody else is listed, not even as locked, so a search never tells you that a record you may not see exists (decision 0019): to ask whether another agency holds a record, ask the partnership's information-sharing contact, stating your lawful purpose. Forgotten people come as erased to agencies that held them. Merged records are not listed. Every person matched is recorded in the consultation log, those withheld as `locked_search_result`.",
  })
  @ApiOkResponse({ type: PeopleSearchResponse })
  @ApiBadRequestResponse({ description: 'No criterion, or no valid purpose.' })
  async find(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: SearchPeopleQuery,
  ): Promise<{ results: PersonView[]; truncated: boolean }> {
    const tokens = this.search.requiredTokens(actor.partnershipId, actor.agencyId, q);
    if (tokens.length === 0)
      throw new SearchCriteriaRequiredError('Give at least one of name, dateOfBirth, postcode or agencyReference.');
    const matchedOn: DataCategory[] = q.postcode ? ['identity', 'address'] : ['identity'];
    return this.people.search(actor, tokens, MAX_RESULTS, matchedOn, q.purpose, { correlationId: meta.correlationId });
  }

  @Get(':personId')
  @Roles(...READERS)
  @ApiOperation({
    summary: `A person's record. Roles: ${READERS.join(', ')}.`,
    description:
      "The record with every agency's reference when your agency may see the person, limited to the data categories your agency may read (all when it holds the record or works an open case about the person; otherwise those disclosed to it under a basis that stands now), with `withheld` naming the categories held back (recorded in the consultation log with the categories shown, with an ETag of its version); otherwise the locked view (recorded as `locked_view`), or that the person was forgotten, or which record a merged duplicate now points to.",
  })
  @ApiOkResponse({ schema: personViewSchema(true) })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  // Only the full record has a version: the locked, erased and merged views carry no ETag.
  @SendsETag()
  async profile(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Query() q: PurposeQuery,
  ): Promise<PersonProfileView> {
    const view = await this.people.profile(actor, id, q.purpose, { correlationId: meta.correlationId });
    if (!view) throw notFound();
    return view;
  }

  @Put(':personId/details')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: `Replace a person's details (send them all). Roles: ${WRITERS.join(', ')}; your agency must be able to see the person.`,
  })
  @ApiOkResponse({ type: PersonChangedResponse })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  @ApiConflictResponse({ description: 'PERSON.MERGED or PERSON.FORGOTTEN.' })
  @ApiPreconditionFailedResponse({ description: 'The record changed since the If-Match version.' })
  @SendsETag()
  async changeDetails(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Body() body: PersonDetailsRequest,
    // A full replacement without a version would silently undo a colleague's change.
    @IfMatch({
      required: ifMatchRequired,
      description:
        'The ETag you last read (or * to overwrite whatever is there). A different current version is refused with 412.',
    })
    expected: StatedRevision,
  ): Promise<PersonChangedResponse> {
    const { version } = await this.commands.execute(
      new ChangePersonDetails(actor, id, detailsFrom(body), meta, expected, new Date().toISOString()),
    );
    return { personId: id, version };
  }

  @Post(':personId/agency-references')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: `Record your agency's own reference for a person (one per agency). Roles: ${WRITERS.join(', ')}; your agency must be able to see the person.`,
  })
  @ApiCreatedResponse({ type: PersonChangedResponse })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  @ApiConflictResponse({ description: 'PERSON.AGENCY_REFERENCE_EXISTS, PERSON.MERGED or PERSON.FORGOTTEN.' })
  @SendsETag()
  async addReference(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Body() body: AddAgencyReferenceRequest,
  ): Promise<PersonChangedResponse> {
    const { version } = await this.commands.execute(new AddAgencyReference(actor, id, body.reference, meta));
    return { personId: id, version };
  }

  @Post(':survivorId/merge')
  @HttpCode(200)
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Merge a duplicate record into this one, which keeps its own details. Roles: partnership_admin.',
  })
  @ApiOkResponse({ type: MergedResponse })
  @ApiNotFoundResponse({ description: 'Either record is not in your partnership.' })
  @ApiConflictResponse({ description: 'Either record was already merged or forgotten.' })
  @ApiUnprocessableEntityResponse({ description: 'A record cannot be merged into itself.' })
  async merge(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('survivorId', personId()) survivorId: string,
    @Body() body: MergePeopleRequest,
  ): Promise<MergedResponse> {
    const { version } = await this.commands.execute(
      new MergePeople(actor, survivorId, body.duplicateId, body.reason, meta, new Date().toISOString()),
    );
    return { survivorId, mergedId: body.duplicateId, version };
  }

  @Post(':personId/forget')
  @HttpCode(200)
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Forget a person: erase their personal data everywhere, for good. Roles: partnership_admin.',
    description:
      "Destroys the person's data key (so every copy of their data stops opening) and records who, when, why and the legal ground. Records merged into the person are forgotten too. Irreversible. The reason is kept in clear: do not put personal data in the reason.",
  })
  @ApiOkResponse({ type: ForgottenResponse })
  @ApiNotFoundResponse({ description: 'No such person in your partnership.' })
  @ApiConflictResponse({
    description:
      'PERSON.FORGOTTEN: already forgotten. PERSON.ON_LEGAL_HOLD: a legal hold stands (its reason and who placed it in `hold`). PERSON.OPEN_CASES_NOT_CONFIRMED: the person is a party to open cases (`openCases`, type and id) and confirmOpenCases did not name them all.',
  })
  async forget(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Body() body: ForgetPersonRequest,
  ): Promise<ForgottenResponse> {
    const now = new Date().toISOString();
    const { alsoForgotten } = await this.commands.execute(
      new ForgetPerson(actor, id, body.legalGround, body.reason, meta, now, body.confirmOpenCases ?? false),
    );
    return { personId: id, erased: true, forgottenAt: now, alsoForgotten };
  }
}
