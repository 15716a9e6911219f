import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsOptionalButNotNull, NestedObject } from '@hubline/http';
import {
  CASE_TYPES,
  CLAIMABLE_BASIS_KINDS,
  DATA_CATEGORIES,
  GATEWAYS,
  SHARING_PURPOSES,
  type ClaimableBasisKind,
  type CaseType,
  type Gateway,
  type SharingPurpose,
} from '../../domain';
import { CodeList, OnlyForKinds } from '../request-fields';

/** Text with line breaks and tabs allowed, but no other control characters. */
const NARRATIVE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export class DisclosureBasisRequest {
  @ApiProperty({
    enum: CLAIMABLE_BASIS_KINDS,
    description:
      'consent: a recorded consent of the person; gateway: a lawful gateway under an agreement in force; vital_interests: an emergency. (case_involvement is recorded by Hubline itself when an agency joins a case, never claimed.)',
  })
  @IsIn(CLAIMABLE_BASIS_KINDS)
  kind!: ClaimableBasisKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'For kind consent.' })
  @ValidateIf((o: DisclosureBasisRequest) => o.kind === 'consent' || o.consentId !== undefined)
  @OnlyForKinds(['consent'])
  @IsUUID('all')
  consentId?: string;

  @ApiPropertyOptional({
    enum: GATEWAYS,
    description: 'For kind gateway: one of the lawful bases the agreement names.',
  })
  @ValidateIf((o: DisclosureBasisRequest) => o.kind === 'gateway' || o.gateway !== undefined)
  @OnlyForKinds(['gateway'])
  @IsIn(GATEWAYS)
  gateway?: Gateway;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For kind gateway: the Information Sharing Agreement relied on.',
  })
  @ValidateIf((o: DisclosureBasisRequest) => o.kind === 'gateway' || o.agreementId !== undefined)
  @OnlyForKinds(['gateway'])
  @IsUUID('all')
  agreementId?: string;

  @ApiPropertyOptional({
    maxLength: 4000,
    description:
      "Why sharing without consent is necessary. Required for gateway and vital_interests (refused with SHARING.JUSTIFICATION_REQUIRED when missing or blank). Personal data: sealed with the first person's key.",
  })
  @IsOptionalButNotNull()
  @OnlyForKinds(['gateway', 'vital_interests'])
  @IsString()
  @MaxLength(4000)
  @Matches(NARRATIVE, { message: 'justification must not contain control characters other than line breaks and tabs' })
  justification?: string;
}

export class CaseReferenceRequest {
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES) type!: CaseType;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class DiscloseRequest {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The agencies receiving the information (not your own).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  recipientAgencyIds!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The people the information is about; your agency must hold their records.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  personIds!: string[];

  @CodeList(DATA_CATEGORIES, 'What kinds of information were shared.') dataCategories!: string[];
  @ApiProperty({ enum: SHARING_PURPOSES }) @IsIn(SHARING_PURPOSES) purpose!: SharingPurpose;
  @ApiPropertyOptional({ type: CaseReferenceRequest, description: 'The case the sharing was for, if any.' })
  @NestedObject(() => CaseReferenceRequest, { optional: true })
  case?: CaseReferenceRequest;
  @ApiProperty({ type: DisclosureBasisRequest })
  @NestedObject(() => DisclosureBasisRequest)
  basis!: DisclosureBasisRequest;
}
