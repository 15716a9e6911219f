import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsUUID } from 'class-validator';
import { IsOptionalButNotNull, IsZonedDateTime, NestedArray } from '@hubline/http';
import {
  AGENDA_ITEMS,
  CANCELLATION_REASONS,
  LATE_ADDITION_REASONS,
  RESCHEDULE_REASONS,
  type AgendaItem,
  type CancellationReason,
  type LateAdditionReason,
  type RescheduleReason,
} from '../../domain';

export class AddToAgendaRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') referralId!: string;
  @ApiProperty({
    enum: AGENDA_ITEMS,
    description: 'new: accepted by the cut-off; review: its next review falls by the meeting day.',
  })
  @IsIn(AGENDA_ITEMS)
  item!: AgendaItem;
  @ApiPropertyOptional({
    enum: LATE_ADDITION_REASONS,
    description:
      'The chair adds a high or very-high-risk case accepted after the cut-off, and why (recorded on the agenda item).',
  })
  @IsOptionalButNotNull()
  @IsIn(LATE_ADDITION_REASONS)
  lateReason?: LateAdditionReason;
}

export const ATTENDANCE = ['present', 'apologies'] as const;

export class AttendanceEntryRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') agencyId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The person attending for the agency, if a registered user.' })
  @IsOptionalButNotNull()
  @IsUUID('4')
  userId?: string;
  @ApiProperty({ enum: ATTENDANCE }) @IsIn(ATTENDANCE) attendance!: (typeof ATTENDANCE)[number];
}

export class RecordAttendanceRequest {
  @ApiProperty({ type: [AttendanceEntryRequest], minItems: 1, maxItems: 50 })
  @NestedArray(() => AttendanceEntryRequest)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  entries!: AttendanceEntryRequest[];
}

/** The chair confirms having read the confidentiality statement; nothing else to send. */
export class ConfirmConfidentialityRequest {}

export class CloseMeetingRequest {}

export class RescheduleMeetingRequest {
  @ApiProperty({
    example: '2026-12-10T10:00:00Z',
    description: 'The new start, with a time zone; today at the earliest.',
  })
  @IsZonedDateTime()
  startsAt!: string;
  @ApiProperty({ enum: RESCHEDULE_REASONS }) @IsIn(RESCHEDULE_REASONS) reason!: RescheduleReason;
}

export class CancelMeetingRequest {
  @ApiProperty({ enum: CANCELLATION_REASONS }) @IsIn(CANCELLATION_REASONS) reason!: CancellationReason;
}
