import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDefined,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { NestedObject, NestedArray } from '@hubline/http';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const TEXT = /^[^\u0000-\u001f\u007f]*\S[^\u0000-\u001f\u007f]*$/;
const codeMessage = { message: '$property must be a code of letters, digits, _ and - (at most 64)' };
const textMessage = { message: '$property must contain visible text and no control characters' };

export class RiskAnswerOptionRequest {
  @ApiProperty({ example: 'several' }) @IsString() @Matches(CODE, codeMessage) id!: string;
  @ApiProperty({ example: 'Several times', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(TEXT, textMessage)
  text!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsInt() @Min(0) @Max(100) score!: number;
}

export class RiskQuestionRequest {
  @ApiProperty({ example: 'repeat_victimisation' }) @IsString() @Matches(CODE, codeMessage) id!: string;
  @ApiProperty({ maxLength: 500 }) @IsString() @Length(1, 500) @Matches(TEXT, textMessage) text!: string;

  @ApiProperty({ type: [RiskAnswerOptionRequest], minItems: 2, maxItems: 20 })
  @NestedArray(() => RiskAnswerOptionRequest)
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  answers!: RiskAnswerOptionRequest[];
}

export class RiskThresholdsRequest {
  @ApiProperty({ description: 'Lowest score of the medium band.' }) @IsInt() @Min(1) @Max(10000) medium!: number;
  @ApiProperty({ description: 'Lowest score of the high band.' }) @IsInt() @Min(1) @Max(10000) high!: number;
  @ApiProperty({ description: 'Lowest score of the very high band.' }) @IsInt() @Min(1) @Max(10000) veryHigh!: number;
}

/** A whole risk matrix. A changed matrix needs a new id or version: assessments name the one they used. */
export class RiskMatrixRequest {
  @ApiProperty({ example: 'thurrock-asb-victim-risk' }) @IsString() @Matches(CODE, codeMessage) id!: string;
  @ApiProperty({ minimum: 1, example: 2 }) @IsInt() @Min(1) @Max(10000) version!: number;
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) @Matches(TEXT, textMessage) name!: string;

  @ApiProperty({ type: [RiskQuestionRequest], minItems: 1, maxItems: 100 })
  @NestedArray(() => RiskQuestionRequest)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  questions!: RiskQuestionRequest[];

  @ApiProperty({ type: RiskThresholdsRequest })
  @NestedObject(() => RiskThresholdsRequest)
  thresholds!: RiskThresholdsRequest;
}

/** Days between reviews of an accepted case, per band; null for no scheduled review. Every band must be given. */
export class ReviewCadenceRequest {
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 365, example: 7 })
  @IsDefined()
  @ValidateIf((o) => o.very_high !== null)
  @IsInt()
  @Min(1)
  @Max(365)
  very_high!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 365, example: 14 })
  @IsDefined()
  @ValidateIf((o) => o.high !== null)
  @IsInt()
  @Min(1)
  @Max(365)
  high!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 365, example: 28 })
  @IsDefined()
  @ValidateIf((o) => o.medium !== null)
  @IsInt()
  @Min(1)
  @Max(365)
  medium!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 365, example: 56 })
  @IsDefined()
  @ValidateIf((o) => o.standard !== null)
  @IsInt()
  @Min(1)
  @Max(365)
  standard!: number | null;
}
