import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { CurrentActor, Roles, type Actor } from '@hubline/access';
import { IsCalendarDate, IsOptionalButNotNull } from '@hubline/http';
import { RISK_BANDS } from '../domain';
import { LagClock } from '../lag-clock';
import { LagFigures, type CasesByBand } from '../queries/lag-figures';
import { CHAIR, rolesText } from './lag-roles';

export class CasesByBandQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this locality's cases." })
  @IsOptionalButNotNull()
  @IsUUID('4')
  localityId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 36, default: 12, description: 'How many months, ending with this one.' })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36)
  months?: number;
  @ApiPropertyOptional({ format: 'date', description: 'The last day counted (default today).' })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  asOf?: string;
}

class BandCountsResponse {
  @ApiProperty() standard!: number;
  @ApiProperty() medium!: number;
  @ApiProperty() high!: number;
  @ApiProperty() very_high!: number;
}

class MonthOfCasesResponse {
  @ApiProperty({ example: '2026-11', description: 'A calendar month (London).' }) month!: string;
  @ApiProperty({ type: BandCountsResponse, description: `Cases per band (${RISK_BANDS.join(', ')}).` })
  bands!: BandCountsResponse;
  @ApiProperty() total!: number;
}

export class CasesByBandResponse {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) localityId!: string | null;
  @ApiProperty({ type: [MonthOfCasesResponse], description: 'Oldest month first.' }) months!: MonthOfCasesResponse[];
}

@ApiTags('lag')
@Controller('lag/figures')
export class FiguresController {
  constructor(
    private readonly figures: LagFigures,
    private readonly clock: LagClock,
  ) {}

  @Get('cases-by-band')
  @Roles(...CHAIR)
  @ApiOperation({
    summary: `Cases the LAG managed in each of the last months, by risk band; counts only, no personal data. ${rolesText(CHAIR)}`,
    description:
      'A case counts in a month when it was accepted and not closed at any time in it, once, at the band it had at the end of the month (or when it closed). Referrals declined or awaiting a decision are not counted.',
  })
  @ApiOkResponse({ type: CasesByBandResponse })
  casesByBand(@CurrentActor() actor: Actor, @Query() q: CasesByBandQuery): Promise<CasesByBand> {
    return this.figures.casesByBand(actor.partnershipId, {
      localityId: q.localityId ?? null,
      asOf: q.asOf ?? this.clock.today(),
      months: q.months ?? 12,
    });
  }
}
