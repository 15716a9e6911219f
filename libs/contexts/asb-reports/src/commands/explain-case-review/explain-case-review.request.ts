import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsCalendarDate } from '@hubline/http';
import { EXPLANATION_METHODS, type ExplanationMethod } from '../../domain';

export class ExplainCaseReviewRequest {
  @ApiProperty({ enum: EXPLANATION_METHODS, description: 'How the ASB Case Review was explained to the victim.' })
  @IsIn(EXPLANATION_METHODS)
  how!: ExplanationMethod;

  @ApiProperty({
    format: 'date',
    description: 'The day it was explained: not in the future, not before the report that made it due.',
  })
  @IsCalendarDate()
  explainedOn!: string;
}
