import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsUUID, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsOptionalButNotNull, NestedObject } from '@hubline/http';
import { PROTECTED_CHARACTERISTICS } from '@hubline/people';
import { ASB_CATEGORIES, REPORTER_KINDS, type AsbCategory, type ReporterKind } from '../../domain';
import { Narrative, OnlyForKinds, PlainText } from '../request-fields';

export class ReporterRequest {
  @ApiProperty({
    enum: REPORTER_KINDS,
    description: 'A registered person (usually the victim), or a business or community group by name.',
  })
  @IsIn(REPORTER_KINDS)
  kind!: ReporterKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'For kind person: a registered person (POST /people).' })
  @ValidateIf((o: ReporterRequest) => o.kind === 'person' || o.personId !== undefined)
  @OnlyForKinds(['person'])
  @IsUUID('all')
  personId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'For a business or community group: its name.' })
  @ValidateIf((o: ReporterRequest) => o.kind !== 'person' || o.name !== undefined)
  @OnlyForKinds(['business', 'community_group'])
  @PlainText(1, 200)
  name?: string;
}

export class RecordAsbReportRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    description: "Your agency's own reference for the report (e.g. a crime or case number).",
  })
  @PlainText(1, 64)
  agencyReference!: string;

  @ApiProperty({ type: ReporterRequest }) @NestedObject(() => ReporterRequest) reporter!: ReporterRequest;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The person the behaviour was against, when not the reporter (a parent reporting for a child). Left out: a person reporter is the victim; a business or group report has no victim person.',
  })
  @IsOptionalButNotNull()
  @IsUUID('all')
  victimPersonId?: string;

  @ApiProperty({ format: 'date', description: 'The day the behaviour happened (the first day, over several).' })
  @IsCalendarDate()
  behaviourOn!: string;
  @ApiPropertyOptional({ format: 'date', description: 'The last day, when the behaviour went on over several days.' })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  behaviourTo?: string;
  @ApiProperty({
    format: 'date',
    description: 'The day it was reported to your agency: not before the behaviour, not in the future.',
  })
  @IsCalendarDate()
  reportedOn!: string;

  @ApiProperty({
    enum: ASB_CATEGORIES,
    description: 'Personal, nuisance or environmental ASB, or a hate incident or crime.',
  })
  @IsIn(ASB_CATEGORIES)
  category!: AsbCategory;

  @ApiPropertyOptional({
    enum: PROTECTED_CHARACTERISTICS,
    isArray: true,
    description: 'Required for hate, not allowed otherwise: the characteristics the behaviour targeted.',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(PROTECTED_CHARACTERISTICS.length)
  @ArrayUnique()
  @IsIn(PROTECTED_CHARACTERISTICS, { each: true })
  protectedCharacteristics?: string[];

  @ApiProperty({ format: 'uuid', description: 'A ward of your partnership (GET /partnership).' })
  @IsUUID('all')
  ward!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 10,
    description: 'Alleged perpetrators, registered people; empty when unknown.',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  alleged!: string[];

  @Narrative(
    10,
    4000,
    'What happened, as reported.',
    'Music played loud until 3am most nights; the stairwell door kicked in.',
  )
  narrative!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Another report (any agency's) of the same incident: this one is recorded in that incident, which then counts once.",
  })
  @IsOptionalButNotNull()
  @IsUUID('all')
  sameIncidentAsReportId?: string;
}
