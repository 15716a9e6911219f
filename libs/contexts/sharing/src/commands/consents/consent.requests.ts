import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID, ValidateIf } from 'class-validator';
import { IsZonedDateTime, IsOptionalButNotNull, NestedObject } from '@hubline/http';
import {
  AUTHORITIES,
  CONSENT_METHODS,
  DATA_CATEGORIES,
  RELATIONSHIPS,
  SHARING_PURPOSES,
  type Authority,
  type ConsentMethod,
  type Relationship,
} from '../../domain';
import { CodeList, OnlyForKinds } from '../request-fields';

export class ConsentGiverRequest {
  @ApiProperty({
    enum: ['person', 'representative'],
    description: 'The person themselves, or someone with authority to consent for them.',
  })
  @IsIn(['person', 'representative'])
  kind!: 'person' | 'representative';

  @ApiPropertyOptional({ enum: RELATIONSHIPS, description: 'Required for a representative.' })
  @ValidateIf((o: ConsentGiverRequest) => o.kind === 'representative' || o.relationship !== undefined)
  @OnlyForKinds(['representative'])
  @IsIn(RELATIONSHIPS)
  relationship?: Relationship;

  @ApiPropertyOptional({
    enum: AUTHORITIES,
    description: 'Required for a representative: what gives them authority to consent.',
  })
  @ValidateIf((o: ConsentGiverRequest) => o.kind === 'representative' || o.authority !== undefined)
  @OnlyForKinds(['representative'])
  @IsIn(AUTHORITIES)
  authority?: Authority;
}

export class ConsentRecipientsRequest {
  @ApiProperty({
    enum: ['agencies', 'lag_partners'],
    description:
      "Named agencies, or all partners of a locality's LAG (the partnership's active agencies at the moment of consent; agencies joining later are not covered).",
  })
  @IsIn(['agencies', 'lag_partners'])
  kind!: 'agencies' | 'lag_partners';

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'For kind agencies.' })
  @ValidateIf((o: ConsentRecipientsRequest) => o.kind === 'agencies' || o.agencyIds !== undefined)
  @OnlyForKinds(['agencies'])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'For kind lag_partners.' })
  @ValidateIf((o: ConsentRecipientsRequest) => o.kind === 'lag_partners' || o.localityId !== undefined)
  @OnlyForKinds(['lag_partners'])
  @IsUUID('all')
  localityId?: string;
}

export class RecordConsentRequest {
  @ApiProperty({ format: 'uuid', description: 'The person the information is about (a registered person).' })
  @IsUUID('all')
  personId!: string;
  @ApiProperty({ type: ConsentGiverRequest }) @NestedObject(() => ConsentGiverRequest) givenBy!: ConsentGiverRequest;
  @ApiProperty({ type: ConsentRecipientsRequest })
  @NestedObject(() => ConsentRecipientsRequest)
  recipients!: ConsentRecipientsRequest;
  @CodeList(SHARING_PURPOSES, 'The purposes the person agreed to.') purposes!: string[];
  @CodeList(DATA_CATEGORIES, 'The kinds of information the person agreed may be shared.') dataCategories!: string[];
  @ApiProperty({
    enum: CONSENT_METHODS,
    description: 'How consent was obtained; the recording user and agency are yours.',
  })
  @IsIn(CONSENT_METHODS)
  obtained!: ConsentMethod;
  @ApiPropertyOptional({ format: 'date-time', description: 'When consent was given (default now); not in the future.' })
  @IsOptionalButNotNull()
  @IsZonedDateTime()
  givenAt?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The first moment the consent no longer holds, if it is time-limited.',
  })
  @IsOptionalButNotNull()
  @IsZonedDateTime()
  expiresAt?: string;
}

export class WithdrawConsentRequest {
  @ApiProperty({
    enum: CONSENT_METHODS,
    description: 'How the person withdrew consent. Withdrawal takes effect at once.',
  })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;
}
