import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { ACTION_KINDS, ACTION_STATUSES, type ActionKind, type ActionStatus } from '../../domain';
import { IsCalendarDate, Narrative, OptionalNarrative } from '../request-fields';

/** One action of an action plan. */
export class AgreeActionRequest {
  @ApiProperty({ format: 'uuid', description: 'The agency that owns the action.' })
  @IsUUID('4')
  owningAgencyId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A user of the owning agency who will carry it out.' })
  @IsOptionalButNotNull()
  @IsUUID('4')
  assigneeUserId?: string;
  @ApiProperty({ enum: ACTION_KINDS }) @IsIn(ACTION_KINDS) kind!: ActionKind;
  @Narrative(5, 1000, 'What will be done.', 'Warning letter to the neighbour at number 14.') description!: string;
  @ApiProperty({ format: 'date', example: '2026-12-24', description: 'YYYY-MM-DD, today or later.' })
  @IsCalendarDate()
  dueDate!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A victim or perpetrator of this case the action is about.' })
  @IsOptionalButNotNull()
  @IsUUID('4')
  targetPersonId?: string;
}

export class UpdateActionRequest {
  @ApiProperty({ enum: ACTION_STATUSES, description: 'completed and cancelled are final.' })
  @IsIn(ACTION_STATUSES)
  status!: ActionStatus;
  @OptionalNarrative(1, 2000, 'What came of the action (required to complete it) or why it was cancelled.')
  outcome?: string;
}
