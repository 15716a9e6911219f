import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, ValidateBy } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { LEGAL_GROUND_CODES, LEGAL_GROUNDS, type LegalGround } from '../../domain/legal-grounds';

export class ForgetPersonRequest {
  @ApiProperty({
    enum: LEGAL_GROUND_CODES,
    description: `The legal ground for erasure:\n${LEGAL_GROUND_CODES.map((code) => `- \`${code}\`: ${LEGAL_GROUNDS[code]}`).join('\n')}`,
  })
  @IsIn(LEGAL_GROUND_CODES)
  legalGround!: LegalGround;

  @ApiProperty({
    maxLength: 500,
    example: 'Erasure request ER-2026-014 upheld by the data protection officer.',
    description:
      'Why the person is forgotten, e.g. the request reference. Kept in clear for auditors: do not put personal data in the reason.',
  })
  @IsString()
  @Length(3, 500)
  reason!: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string' }, maxItems: 100 }],
    description:
      'Forget a party to open cases anyway: true, or the ids of every open case naming them. Without it such a request is refused with 409 PERSON.OPEN_CASES_NOT_CONFIRMED, listing the open cases (type and id).',
  })
  @IsOptionalButNotNull()
  @ValidateBy({
    name: 'isCaseConfirmation',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'boolean' ||
        (Array.isArray(value) &&
          value.length <= 100 &&
          value.every((id) => typeof id === 'string' && id.length >= 1 && id.length <= 100)),
      defaultMessage: () => 'confirmOpenCases must be true, false or a list of case ids',
    },
  })
  confirmOpenCases?: boolean | string[];
}
