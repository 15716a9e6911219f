import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { AGENCY_KINDS, type AgencyKind } from '@hubline/partnerships';

const NAME = /^[^\u0000-\u001f<>]+$/;
const NAME_MESSAGE = '$property contains characters that are not allowed';

export class OnboardPartnershipRequest {
  @ApiProperty({
    example: 'Basildon Community Safety Partnership',
    maxLength: 120,
    description: 'Unique in this deployment, ignoring case and spacing.',
  })
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: NAME_MESSAGE })
  name!: string;

  @ApiPropertyOptional({
    example: 'Basildon',
    maxLength: 120,
    description: 'The district it covers; the name when absent.',
  })
  @IsOptionalButNotNull()
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: NAME_MESSAGE })
  area?: string;

  @ApiProperty({
    example: 'Basildon Borough Council',
    maxLength: 120,
    description: 'The first partner agency: the one the first administrator acts for.',
  })
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: NAME_MESSAGE })
  agencyName!: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  agencyKind!: AgencyKind;

  @ApiProperty({
    example: 'csp.admin@basildon.gov.uk',
    description: "The subject (`sub`) the identity provider puts in the first administrator's tokens.",
  })
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\s\u0000-\u001f]+$/, { message: 'adminSubject must not contain spaces or control characters' })
  adminSubject!: string;

  @ApiProperty({ example: 'Jo Bloggs', maxLength: 120 })
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: NAME_MESSAGE })
  adminDisplayName!: string;
}
