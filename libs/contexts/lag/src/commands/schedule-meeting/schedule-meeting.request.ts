import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsOptionalButNotNull, NestedObject } from '@hubline/http';
import { IsZonedDateTime, Narrative } from '../request-fields';

export class UrgentMeetingRequest {
  @ApiProperty({ format: 'uuid', description: 'The very-high-risk referral that cannot wait for the next meeting.' })
  @IsUUID('4')
  referralId!: string;
  @Narrative(10, 1000, 'Why the case cannot wait.') reason!: string;
}

export class ScheduleMeetingRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') localityId!: string;
  @ApiProperty({ example: '2026-12-10T10:00:00Z', description: 'Start, with a time zone; in the future.' })
  @IsZonedDateTime()
  startsAt!: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 60,
    default: 10,
    description: 'Days before the meeting that new referrals must be accepted by (not for urgent meetings).',
  })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(0)
  @Max(60)
  cutOffDays?: number;

  @ApiPropertyOptional({ type: UrgentMeetingRequest, description: 'Only for a very-high-risk case.' })
  @NestedObject(() => UrgentMeetingRequest, { optional: true })
  urgent?: UrgentMeetingRequest;
}
