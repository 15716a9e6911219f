import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/**
 * Why personal data is being read (DPA 2018 s.62 asks for the justification of each consultation).
 * Reads of personal data require one; a code, not free text, so the log itself holds no personal data.
 */
export const PURPOSES = [
  'case_management',
  'meeting_preparation',
  'risk_assessment',
  'safeguarding',
  'duplicate_check',
  'information_sharing',
  'subject_access_request',
  'data_quality',
  'audit',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Query parameters of every route that shows personal data. */
export class PurposeQuery {
  @ApiProperty({
    enum: PURPOSES,
    description: 'Why you are reading this personal data. Recorded in the consultation log.',
  })
  @IsIn(PURPOSES, { message: `purpose is required: one of ${PURPOSES.join(', ')}` })
  purpose!: Purpose;
}
