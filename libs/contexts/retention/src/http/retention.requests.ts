import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { MAX_RETENTION_YEARS, MIN_RETENTION_YEARS } from '../domain/retention-policy';

const REASON = 'Kept in clear for auditors: do not put personal data in the reason.';

export class ChangeRetentionPolicyRequest {
  @ApiProperty({
    minimum: MIN_RETENTION_YEARS,
    maximum: MAX_RETENTION_YEARS,
    example: 6,
    description: "Years personal data is kept after the latest of a person's LAG cases ended.",
  })
  @IsInt()
  @Min(MIN_RETENTION_YEARS)
  @Max(MAX_RETENTION_YEARS)
  retentionYears!: number;

  @ApiProperty({ maxLength: 500, example: 'Partnership board decision 2026/04.', description: REASON })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class PlaceLegalHoldRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  personId!: string;

  @ApiProperty({
    maxLength: 500,
    example: 'Civil claim CL-2026-031: records preserved until it is settled.',
    description: REASON,
  })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class ReleaseLegalHoldRequest {
  @ApiProperty({ maxLength: 500, example: 'Civil claim CL-2026-031 settled.', description: REASON })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

const AS_OF =
  'Apply the rule as of this day (YYYY-MM-DD); default today (Europe/London). In production a real sweep cannot run as of a future day; a dry run can.';
const DRY_RUN = 'List who would be forgotten, and forget no one.';

/** The same rule for asOf wherever it is sent. */
const IsSweepDay = () =>
  applyDecorators(
    IsOptionalButNotNull(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a day, YYYY-MM-DD' }),
  );

/** The sweep's parameters in the query string (`?dryRun=true&asOf=...`). */
export class SweepQuery {
  @ApiPropertyOptional({ example: '2026-11-23', description: AS_OF })
  @IsSweepDay()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: DRY_RUN })
  @IsOptionalButNotNull()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}

/**
 * The same parameters in a JSON body (`{"dryRun": true}`): a client may send them either way, and
 * a destructive operation never ignores them. Sent both ways, they must agree.
 */
export class SweepRequest {
  @ApiPropertyOptional({ example: '2026-11-23', description: AS_OF })
  @IsSweepDay()
  asOf?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: DRY_RUN })
  @IsOptionalButNotNull()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class SubjectAccessQuery {
  @ApiProperty({ enum: ['subject_access_request'], description: 'Recorded in the consultation log.' })
  @IsIn(['subject_access_request'], { message: 'purpose must be subject_access_request' })
  purpose!: 'subject_access_request';
}
