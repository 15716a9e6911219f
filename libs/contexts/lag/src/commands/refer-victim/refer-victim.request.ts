import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import {
  PROTECTED_CHARACTERISTICS,
  REFERRAL_CATEGORIES,
  VULNERABILITIES,
  type ProtectedCharacteristic,
  type ReferralCategory,
  type RiskAnswers,
  type Vulnerability,
} from '../../domain';
import {
  IsRiskAnswers,
  judgementProperty,
  Narrative,
  riskAnswersProperty,
  type ProfessionalJudgementRequest,
} from '../request-fields';

export class ReferVictimRequest {
  @ApiProperty({ format: 'uuid', description: 'The locality whose LAG should hear the case.' })
  @IsUUID('4')
  localityId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A ward of that locality.' })
  @IsOptionalButNotNull()
  @IsUUID('4')
  wardId?: string;
  @ApiProperty({ enum: REFERRAL_CATEGORIES }) @IsIn(REFERRAL_CATEGORIES) category!: ReferralCategory;

  @ApiPropertyOptional({
    enum: PROTECTED_CHARACTERISTICS,
    isArray: true,
    description: 'Required for hate crime, not allowed for ASB.',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(PROTECTED_CHARACTERISTICS.length)
  @ArrayUnique()
  @IsIn(PROTECTED_CHARACTERISTICS, { each: true })
  protectedCharacteristics?: ProtectedCharacteristic[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 10,
    description:
      "Registered people (POST /people); the first is the main victim, whose key seals the case's narratives.",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  victimIds!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 10,
    description: 'Known perpetrators, registered people; may be empty.',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  perpetratorIds!: string[];

  @Narrative(
    10,
    4000,
    'What has happened to the victim(s).',
    'Stones thrown at the front window three times this month; verbal abuse in the stairwell.',
  )
  incidentSummary!: string;

  @ApiProperty({ enum: VULNERABILITIES, isArray: true })
  @IsArray()
  @ArrayMaxSize(VULNERABILITIES.length)
  @ArrayUnique()
  @IsIn(VULNERABILITIES, { each: true })
  vulnerabilities!: Vulnerability[];

  @riskAnswersProperty @IsRiskAnswers() riskAnswers!: RiskAnswers;

  @judgementProperty() professionalJudgement?: ProfessionalJudgementRequest;

  @Narrative(
    10,
    2000,
    'Why a multi-agency response is needed.',
    'Single-agency action has not stopped it; the victim is isolated and frightened.',
  )
  multiAgencyReason!: string;
}
