import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsUUID, Max, Min } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { DataSource } from 'typeorm';
import { CurrentActor, Roles } from '../decorators';
import type { Actor } from '../roles';

export class ConsultationsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID() personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID() userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Before this time, ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptionalButNotNull()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

class ConsultationRecord {
  @ApiProperty() consultationId!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ example: 'person_profile' }) view!: string;
  @ApiProperty({ example: 'case_management' }) purpose!: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['identity', 'address'],
    description:
      'The data categories of the person the view showed (empty for a locked view or a withheld search result; null when recorded before categories were kept).',
  })
  categories!: string[] | null;
  @ApiProperty() consultedAt!: string;
}

@ApiTags('audit')
@Controller('audit/consultations')
export class ConsultationsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'The consultation log: who viewed whose personal data, when and why. Roles: auditor.' })
  @ApiOkResponse({ type: ConsultationRecord, isArray: true })
  async list(@CurrentActor() actor: Actor, @Query() q: ConsultationsQuery): Promise<ConsultationRecord[]> {
    const rows: Array<{
      event_id: string;
      person_id: string;
      user_id: string;
      agency_id: string;
      view: string;
      purpose: string;
      categories: string[] | null;
      consulted_at: Date;
    }> = await this.db.query(
      `SELECT event_id, person_id, user_id, agency_id, view, purpose, categories, consulted_at FROM access.consultations
        WHERE partnership_id = $1
          AND ($2::uuid IS NULL OR person_id = $2) AND ($3::uuid IS NULL OR user_id = $3) AND ($4::uuid IS NULL OR agency_id = $4)
          AND ($5::timestamptz IS NULL OR consulted_at >= $5) AND ($6::timestamptz IS NULL OR consulted_at < $6)
        ORDER BY consulted_at ${q.order === 'asc' ? 'ASC' : 'DESC'}, event_id LIMIT $7`,
      [
        actor.partnershipId,
        q.personId ?? null,
        q.userId ?? null,
        q.agencyId ?? null,
        q.from ?? null,
        q.to ?? null,
        q.limit ?? 200,
      ],
    );
    return rows.map((r) => ({
      consultationId: r.event_id,
      personId: r.person_id,
      userId: r.user_id,
      agencyId: r.agency_id,
      view: r.view,
      purpose: r.purpose,
      categories: r.categories,
      consultedAt: r.consulted_at.toISOString(),
    }));
  }
}
