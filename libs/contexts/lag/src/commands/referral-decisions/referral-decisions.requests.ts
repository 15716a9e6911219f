import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsUUID } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import {
  CLOSURE_OUTCOMES,
  CLOSURE_REASONS,
  DECLINE_REASONS,
  type ClosureOutcome,
  type ClosureReason,
  type DeclineReason,
  type RiskAnswers,
} from '../../domain';
import {
  IsRiskAnswers,
  judgementProperty,
  Narrative,
  OptionalNarrative,
  riskAnswersProperty,
  type ProfessionalJudgementRequest,
} from '../request-fields';

/** Accepting needs nothing but the chair's decision: the chair and their agency come from the token. */
export class AcceptReferralRequest {}

export class DeclineReferralRequest {
  @ApiProperty({ enum: DECLINE_REASONS }) @IsIn(DECLINE_REASONS) reason!: DeclineReason;
  @OptionalNarrative(1, 1000, 'A note for the referrer.') note?: string;
}

export class ReassessRiskRequest {
  @riskAnswersProperty @IsRiskAnswers() riskAnswers!: RiskAnswers;
  @judgementProperty() professionalJudgement?: ProfessionalJudgementRequest;
}

export class RecordReviewRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The meeting that reviewed the case, if any.' })
  @IsOptionalButNotNull()
  @IsUUID('4')
  meetingId?: string;
}

export class CloseReferralRequest {
  @ApiProperty({ enum: CLOSURE_OUTCOMES, isArray: true, minItems: 1, description: 'What changed for the victim.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLOSURE_OUTCOMES.length)
  @ArrayUnique()
  @IsIn(CLOSURE_OUTCOMES, { each: true })
  outcomes!: ClosureOutcome[];

  @ApiProperty({ enum: CLOSURE_REASONS }) @IsIn(CLOSURE_REASONS) reason!: ClosureReason;

  @Narrative(10, 2000, 'The outcome for the victim, in words.') outcomeNarrative!: string;

  @ApiPropertyOptional({ description: 'Cancel the outstanding actions (each recorded) instead of refusing to close.' })
  @IsOptionalButNotNull()
  @IsBoolean()
  cancelOutstandingActions?: boolean;
}

export class ReopenReferralRequest {
  @Narrative(10, 1000, 'Why the case is reopened.') reason!: string;
}
