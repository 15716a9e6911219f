import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CommandMetadata, CurrentActor, Roles, type Actor } from '@hubline/access';
import { isIsoDate, londonDay } from '@hubline/calendar';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { DomainError } from '@hubline/errors';
import type { EventMetadata } from '@hubline/event-store';
import { IfMatch, type ExpectedRevision } from '@hubline/http';
import { PeopleDirectory } from '@hubline/people';
import { RetentionError, type LegalHold } from '../domain/retention-policy';
import { RetentionPolicies } from '../sweep/retention-policies';
import { RetentionSweeper, type SweepReport } from '../sweep/retention-sweeper';
import {
  ChangeRetentionPolicyRequest,
  PlaceLegalHoldRequest,
  ReleaseLegalHoldRequest,
  SweepQuery,
  SweepRequest,
} from './retention.requests';

class InvalidDayError extends DomainError {
  readonly code = 'RETENTION.INVALID_DAY';
  readonly kind = 'invalid';
}

class ConflictingSweepParametersError extends DomainError {
  readonly code = 'RETENTION.CONFLICTING_PARAMETERS';
  readonly kind = 'invalid';
}

/** One value from the query and the body: either may carry it, and if both do they must agree. */
function agreed<T>(name: string, fromQuery: T | undefined, fromBody: T | undefined): T | undefined {
  if (fromQuery !== undefined && fromBody !== undefined && fromQuery !== fromBody)
    throw new ConflictingSweepParametersError(`${name} differs between the query and the body.`);
  return fromQuery ?? fromBody;
}

const personId = () => new ParseUUIDPipe({ version: '4' });

/**
 * The partnership's retention policy, legal holds and sweeps. Only the partnership administrator
 * changes them or sweeps: erasure is irreversible and partnership-wide, like forgetting a person by
 * hand. Auditors read the policy and the holds in force (ids, reasons and who placed them: no
 * personal data), to check erasures against them.
 */
@ApiTags('retention')
@Controller('retention')
export class RetentionController {
  constructor(
    private readonly policies: RetentionPolicies,
    private readonly sweeper: RetentionSweeper,
    private readonly people: PeopleDirectory,
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
  ) {}

  @Get('policy')
  @Roles('partnership_admin', 'auditor')
  @ApiOperation({
    summary: 'The retention policy and the legal holds in force. Roles: partnership_admin, auditor (read-only).',
    description: 'version is null while the default (6 years) has never been changed.',
  })
  @ApiOkResponse({ description: '{ retentionYears, version, holds: [{ personId, reason, placedBy, placedAt }] }' })
  async policy(
    @CurrentActor() actor: Actor,
  ): Promise<{ retentionYears: number; version: number | null; holds: LegalHold[] }> {
    const { state, version } = await this.policies.load(actor.partnershipId);
    return {
      retentionYears: state.retentionYears,
      version: version < 0 ? null : version,
      holds: Object.values(state.holds),
    };
  }

  @Put('policy')
  @Roles('partnership_admin')
  @ApiOperation({
    summary: "Set how many years personal data is kept after a person's last LAG case ended. Roles: partnership_admin.",
    description: 'Optional If-Match: the version last read.',
  })
  @ApiOkResponse({ description: 'The policy now in force and its version.' })
  async changePolicy(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: ChangeRetentionPolicyRequest,
    @IfMatch({ description: 'The version last read; the change is refused with 412 if the policy changed since.' })
    expected: ExpectedRevision,
  ): Promise<{ retentionYears: number; version: number | null }> {
    const { state, version } = await this.policies.decide(
      {
        type: 'ChangePolicy',
        partnershipId: actor.partnershipId,
        retentionYears: body.retentionYears,
        reason: body.reason,
        by: actor.userId,
        now: new Date().toISOString(),
      },
      meta,
      expected,
    );
    return { retentionYears: state.retentionYears, version: version < 0 ? null : version };
  }

  @Post('holds')
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Place a legal hold: the person is not forgotten by retention while it stands. Roles: partnership_admin.',
  })
  @ApiCreatedResponse({ description: 'The hold is placed: the person and the policy version.' })
  @ApiNotFoundResponse({ description: 'RETENTION.UNKNOWN_PERSON' })
  @ApiConflictResponse({ description: 'RETENTION.ALREADY_ON_HOLD, or RETENTION.PERSON_FORGOTTEN.' })
  async placeHold(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Body() body: PlaceLegalHoldRequest,
  ): Promise<{ personId: string; version: number }> {
    const status = await this.people.status(actor.partnershipId, body.personId);
    if (!status)
      throw new RetentionError('RETENTION.UNKNOWN_PERSON', 'not_found', 'No such person in your partnership.');
    if (status.status === 'erased')
      throw new RetentionError('RETENTION.PERSON_FORGOTTEN', 'conflict', 'This person has already been forgotten.');
    const { version } = await this.policies.decide(
      {
        type: 'PlaceHold',
        partnershipId: actor.partnershipId,
        personId: body.personId,
        reason: body.reason,
        by: actor.userId,
        now: new Date().toISOString(),
      },
      meta,
    );
    return { personId: body.personId, version };
  }

  @Post('holds/:personId/release')
  @HttpCode(200)
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Release a legal hold; retention applies again from the next sweep. Roles: partnership_admin.',
  })
  @ApiOkResponse({ description: 'The hold is released: the person and the policy version.' })
  @ApiConflictResponse({ description: 'RETENTION.NOT_ON_HOLD' })
  async releaseHold(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Param('personId', personId()) id: string,
    @Body() body: ReleaseLegalHoldRequest,
  ): Promise<{ personId: string; version: number }> {
    const { version } = await this.policies.decide(
      {
        type: 'ReleaseHold',
        partnershipId: actor.partnershipId,
        personId: id,
        reason: body.reason,
        by: actor.userId,
        now: new Date().toISOString(),
      },
      meta,
    );
    return { personId: id, version };
  }

  @Post('sweep')
  @HttpCode(200)
  @Roles('partnership_admin')
  @ApiOperation({
    summary: 'Apply the retention policy now, or list who it would forget (dryRun=true). Roles: partnership_admin.',
    description:
      'dryRun and asOf may be sent in the query or in a JSON body (`{"dryRun": true}`); sent both ways they must agree (400 RETENTION.CONFLICTING_PARAMETERS), and any other field is refused (400). ' +
      "Forgets (crypto-shreds), through the people register's erasure with the legal ground retention_period_expired, everyone whose LAG cases (closed or declined) all ended more than the retention period before asOf, with no open case, no legal hold and not already forgotten; then records RetentionSweepCompleted. Irreversible.",
  })
  @ApiOkResponse({ description: 'The report of the sweep: who was forgotten, or with dryRun who would be.' })
  @ApiConflictResponse({ description: 'RETENTION.SWEEP_IN_PROGRESS: another sweep is running.' })
  async sweep(
    @CurrentActor() actor: Actor,
    @CommandMetadata() meta: EventMetadata,
    @Query() q: SweepQuery,
    @Body() body: SweepRequest,
  ): Promise<SweepReport> {
    const today = londonDay(new Date());
    const asOf = agreed('asOf', q.asOf, body.asOf) ?? today;
    if (!isIsoDate(asOf)) throw new InvalidDayError('asOf is not a calendar day.');
    const dryRun = agreed('dryRun', q.dryRun === undefined ? undefined : q.dryRun === 'true', body.dryRun) ?? false;
    // A future day would erase people before their time: outside production it lets tests and previews reach it.
    if (!dryRun && asOf > today && this.config.env === 'production')
      throw new InvalidDayError('A sweep cannot run as of a future day; use dryRun=true to preview it.');
    return this.sweeper.sweep({ partnershipId: actor.partnershipId, asOf, dryRun, actor, metadata: meta });
  }
}
