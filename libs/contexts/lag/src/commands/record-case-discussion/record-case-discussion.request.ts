import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { NOT_COVERED_DECISIONS, type NotCoveredDecision } from '../../domain';
import { IsOptionalButNotNull, NestedArray } from '@hubline/http';
import { DISCUSSION_DECISIONS, type DiscussionDecision } from '../../domain';
import { AgreeActionRequest } from '../action-plan/action-plan.requests';
import { Narrative } from '../request-fields';

export class RecordCaseDiscussionRequest {
  @Narrative(1, 8000, 'What was shared and discussed.') notes!: string;

  @ApiProperty({ enum: DISCUSSION_DECISIONS, isArray: true, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISCUSSION_DECISIONS.length)
  @ArrayUnique()
  @IsIn(DISCUSSION_DECISIONS, { each: true })
  decisions!: DiscussionDecision[];

  @ApiPropertyOptional({
    type: [AgreeActionRequest],
    maxItems: 20,
    description: 'Actions agreed for the case at this meeting.',
  })
  @NestedArray(() => AgreeActionRequest, { optional: true })
  @ArrayMaxSize(20)
  actions?: AgreeActionRequest[];

  @ApiPropertyOptional({
    description: 'Record that the meeting reviewed the case: the next review date is counted from today.',
  })
  @IsOptionalButNotNull()
  @IsBoolean()
  recordReview?: boolean;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    description: 'Outstanding actions of the case carried to the next meeting.',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  carryForwardActionIds?: string[];

  @ApiPropertyOptional({
    enum: NOT_COVERED_DECISIONS,
    description:
      'When agencies present are not covered by an information-sharing agreement for this case (409 MEETING.SHARING_NOT_COVERED names them): exclude them from this item, or share with them on the basis given in sharingJustification.',
  })
  @IsOptionalButNotNull()
  @IsIn(NOT_COVERED_DECISIONS)
  notCoveredAgencies?: NotCoveredDecision;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'With notCoveredAgencies=share: the basis for sharing with them anyway (sealed).',
  })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(2000)
  sharingJustification?: string;
}
