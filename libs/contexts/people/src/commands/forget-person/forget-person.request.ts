import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
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
}
