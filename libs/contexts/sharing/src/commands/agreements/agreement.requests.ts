import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsOptionalButNotNull } from '@hubline/http';
import { DATA_CATEGORIES, LAWFUL_BASES, SCHEDULE_1_CONDITIONS, SHARING_PURPOSES } from '../../domain';
import { CodeList, OptionalCodeList, PLAIN_TEXT } from '../request-fields';

export class AgreeAgreementRequest {
  @ApiProperty({ example: 'Thurrock CSP anti-social behaviour information sharing agreement', maxLength: 200 })
  @IsString()
  @Length(3, 200)
  @Matches(PLAIN_TEXT, { message: 'title contains characters that are not allowed' })
  title!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The partner agencies party to the agreement (at least two).',
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  parties!: string[];

  @CodeList(SHARING_PURPOSES, 'The purposes sharing under this agreement may serve.') purposes!: string[];
  @CodeList(DATA_CATEGORIES, 'The kinds of information that may be shared.') dataCategories!: string[];
  @CodeList(
    LAWFUL_BASES,
    'Lawful bases and gateways: cda_1998_s115, cda_1998_s17a, uk_gdpr_6_1_a (consent), 6_1_c (legal obligation), 6_1_d (vital interests), 6_1_e (public task), 9_2_g (special category). At least one Article 6 basis.',
  )
  lawfulBases!: string[];

  @OptionalCodeList(
    SCHEDULE_1_CONDITIONS,
    'DPA 2018 Schedule 1 conditions; required for special-category (with uk_gdpr_9_2_g) and criminal offence data.',
  )
  schedule1Conditions?: string[];

  @ApiProperty({ format: 'date', example: '2026-04-01' }) @IsCalendarDate() startDate!: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'Default a year after the start; no later than that (agreements are reviewed yearly).',
  })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  reviewDate?: string;
  @ApiPropertyOptional({ format: 'date', description: 'The last day of the agreement, if it has one.' })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  endDate?: string;
}

export class ReviewAgreementRequest {
  @ApiPropertyOptional({
    format: 'date',
    description: 'The next review date: after today, at most a year ahead (default a year from today).',
  })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  reviewDate?: string;
}

export class TerminateAgreementRequest {
  @ApiProperty({
    example: 'Replaced by the 2027 agreement',
    maxLength: 500,
    description: 'Why it ends. Kept in clear: no personal data.',
  })
  @IsString()
  @Length(3, 500)
  @Matches(PLAIN_TEXT, { message: 'reason contains characters that are not allowed' })
  reason!: string;
}
