import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateBy, ValidateNested, buildMessage, type ValidationOptions } from 'class-validator';
import { isIsoDate, isIsoInstant, RISK_BANDS, type RiskBand } from '../domain';

/**
 * Request fields several LAG use cases share. Free text here is personal data: it is sealed with
 * the first victim's key before it reaches an event, and never logged.
 */

/** Visible text with line breaks and tabs allowed, but no other control characters. */
const NARRATIVE = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** A required free-text narrative of `min`..`max` characters. */
export function Narrative(min: number, max: number, description: string, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minLength: min, maxLength: max, description: `${description} Personal data: sealed with the first victim's key.`, ...(example ? { example } : {}) }),
    IsString(),
    Length(min, max),
    Matches(NARRATIVE, { message: '$property must contain visible text and no control characters other than line breaks and tabs' }),
  );
}

/** An optional free-text narrative of `min`..`max` characters. */
export function OptionalNarrative(min: number, max: number, description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minLength: min, maxLength: max, description: `${description} Personal data: sealed with the first victim's key.` }),
    IsOptional(),
    IsString(),
    Length(min, max),
    Matches(NARRATIVE, { message: '$property must contain visible text and no control characters other than line breaks and tabs' }),
  );
}

/** A real calendar day, `YYYY-MM-DD`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (v: unknown) => isIsoDate(v), defaultMessage: buildMessage((each) => `${each}$property must be a real date written YYYY-MM-DD`, options) } },
    options,
  );
}

/** A date-time with an explicit zone (`2026-12-10T10:00:00Z`, `...+01:00`). */
export function IsZonedDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isZonedDateTime',
      validator: { validate: (v: unknown) => isIsoInstant(v), defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 date-time with a time zone`, options) },
    },
    options,
  );
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_ANSWERS = 100;

/** Risk answers: an object of question id → answer id (codes, not free text). */
export function IsRiskAnswers(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRiskAnswers',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).length <= MAX_ANSWERS &&
          Object.entries(v).every(([q, a]) => CODE.test(q) && typeof a === 'string' && CODE.test(a)),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an object of question id to answer id (at most ${MAX_ANSWERS}, each a code of letters, digits, _ and -)`,
          options,
        ),
      },
    },
    options,
  );
}

export const riskAnswersProperty = ApiProperty({
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'The chosen answer id for every question of the partnership\'s risk matrix (GET /lag/settings).',
  example: { repeat_victimisation: 'several', incidents_12_months: 'six_or_more' },
});

export class ProfessionalJudgementRequest {
  @ApiProperty({ enum: RISK_BANDS, description: 'The band the case should be managed at: may raise the scored band, never lower it.' })
  @IsIn(RISK_BANDS)
  band!: RiskBand;

  @Narrative(10, 1000, 'Why the case is riskier than its score.')
  reason!: string;
}

export const judgementProperty = () =>
  applyDecorators(ApiPropertyOptional({ type: ProfessionalJudgementRequest }), IsOptional(), ValidateNested(), Type(() => ProfessionalJudgementRequest));
