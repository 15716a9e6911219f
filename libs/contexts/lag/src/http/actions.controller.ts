import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches } from 'class-validator';
import { CurrentActor, Roles, type Actor } from '@hubline/access';
import { IsCalendarDate, IsOptionalButNotNull } from '@hubline/http';
import { LagError } from '../domain';
import { LagClock } from '../lag-clock';
import { isActionOverdue, LagReadModel } from '../queries/lag-read-model';
import { ACTION_OWNERS, rolesText } from './lag-roles';
import { AgencyActionResponse } from './lag.responses';

export class ListActionsQuery {
  @ApiPropertyOptional({
    default: 'mine',
    description: '`mine` (your agency), or `all` agencies or an agency id (LAG chairs only).',
  })
  @IsOptionalButNotNull()
  @Matches(/^(mine|all|[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/i, {
    message: 'agencyId must be mine, all or an agency id',
  })
  agencyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only the actions of this locality's cases." })
  @IsOptionalButNotNull()
  @IsUUID('4')
  localityId?: string;

  @ApiPropertyOptional({
    enum: ['open', 'overdue'],
    default: 'open',
    description: 'open: not yet completed or cancelled (overdue ones included); overdue: of those, due before asOf.',
  })
  @IsOptionalButNotNull()
  @IsIn(['open', 'overdue'])
  state?: 'open' | 'overdue';

  @ApiPropertyOptional({
    format: 'date',
    description: 'The day overdue is judged on (default today): for planning, reports and tests.',
  })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  asOf?: string;
}

@ApiTags('lag')
@Controller('lag/actions')
export class ActionsController {
  constructor(
    private readonly readModel: LagReadModel,
    private readonly clock: LagClock,
  ) {}

  @Get()
  @Roles(...ACTION_OWNERS)
  @ApiOperation({
    summary: `Your agency's outstanding LAG actions, or only the overdue ones; no narratives. ${rolesText(ACTION_OWNERS)}`,
    description:
      "A LAG chair may list another agency's, or every agency's (agencyId=all), e.g. a locality's overdue actions in one list: agencyId=all&state=overdue&localityId=...",
  })
  @ApiOkResponse({ type: AgencyActionResponse, isArray: true })
  @ApiForbiddenResponse({ description: "LAG.NOT_YOUR_AGENCY: only a LAG chair may list another agency's actions." })
  async list(@CurrentActor() actor: Actor, @Query() q: ListActionsQuery): Promise<AgencyActionResponse[]> {
    const asked = (q.agencyId ?? 'mine').toLowerCase();
    const agencyId = asked === 'mine' ? actor.agencyId : asked === 'all' ? null : asked;
    if (agencyId !== actor.agencyId && !actor.roles.includes('lag_chair'))
      throw new LagError('LAG.NOT_YOUR_AGENCY', "You can list your own agency's actions only.");
    const asOf = q.asOf ?? this.clock.today();
    const rows = await this.readModel.agencyActions(
      actor.partnershipId,
      agencyId,
      q.state ?? 'open',
      asOf,
      q.localityId ?? null,
    );
    return rows.map((a) => ({
      actionId: a.actionId,
      referralId: a.referralId,
      localityId: a.localityId,
      owningAgencyId: a.owningAgencyId,
      assigneeUserId: a.assigneeUserId,
      kind: a.kind,
      status: a.status,
      dueDate: a.dueDate,
      overdue: isActionOverdue(a, asOf),
      meetingId: a.meetingId,
      agreedAt: a.agreedAt,
    }));
  }
}
