import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { UNLINK_REASONS, type UnlinkReason } from '../../domain';

export class LinkToIncidentRequest {
  @ApiProperty({
    format: 'uuid',
    description: "Another report (any agency's) of the same incident: this report joins that report's incident.",
  })
  @IsUUID('all')
  sameIncidentAsReportId!: string;
}

export class UnlinkFromIncidentRequest {
  @ApiProperty({ enum: UNLINK_REASONS, description: 'Why the link was wrong.' })
  @IsIn(UNLINK_REASONS)
  reason!: UnlinkReason;
}
