import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { IsOptionalButNotNull, NestedObject } from '@hubline/http';
import { RISK_BANDS, type RiskBand } from '../domain';

// The date fields every context's requests share live with the HTTP edge; the LAG use cases import them from here.
export { IsCalendarDate, IsZonedDateTime } from '@hubline/http';

/**
 * Request fields several LAG use cases share. Free text here is personal data: it is sealed with
 * the first victim's key before it reaches an event, and never logged.
 */

/** Visible text with line breaks and tabs allowed, but no other control characters. */
const NARRATIVE = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** A required free-text narrative of `min`..`max` characters. */
export function Narrative(min: number, max: number, description: string, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      minLength: min,
      maxLength: max,
      description: `${description} Personal data: sealed with the first victim's key.`,
      ...(example ? { example } : {}),
    }),
    IsString(),
    Length(min, max),
    Matches(NARRATIVE, {
      message: '$property must contain visible text and no control characters other than line breaks and tabs',
    }),
  );
}

/** An optional free-text narrative of `min`..`max` characters. */
export function OptionalNarrative(min: number, max: number, description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      minLength: min,
      maxLength: max,
      description: `${description} Personal data: sealed with the first victim's key.`,
    }),
    IsOptionalButNotNull(),
    IsString(),
    Length(min, max),
    Matches(NARRATIVE, {
      message: '$property must contain visible text and no control characters other than line breaks and tabs',
    }),
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
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.keys(v).length > 0 &&
          Object.keys(v).length <= MAX_ANSWERS &&
          Object.entries(v).every(([q, a]) => CODE.test(q) && typeof a === 'string' && CODE.test(a)),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be an object of question id to answer id (at most ${MAX_ANSWERS}, each a code of letters, digits, _ and -)`,
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
  description: "The chosen answer id for every question of the partnership's risk matrix (GET /lag/settings).",
  example: { repeat_victimisation: 'several', incidents_12_months: 'six_or_more' },
});

export class ProfessionalJudgementRequest {
  @ApiProperty({
    enum: RISK_BANDS,
    description: 'The band the case should be managed at: may raise the scored band, never lower it.',
  })
  @IsIn(RISK_BANDS)
  band!: RiskBand;

  @Narrative(10, 1000, 'Why the case is riskier than its score.')
  reason!: string;
}

export const judgementProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: ProfessionalJudgementRequest }),
    NestedObject(() => ProfessionalJudgementRequest, { optional: true }),
  );
