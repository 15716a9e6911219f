import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { AGENCY_REFERENCE, PersonDetailsRequest } from '../person-details.request';

export class RegisterPersonRequest extends PersonDetailsRequest {
  @ApiPropertyOptional({
    example: 'ECP/24/001234',
    maxLength: 50,
    description: "Your agency's own reference for this person.",
  })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 50)
  @Matches(AGENCY_REFERENCE, { message: 'agencyReference may hold letters, digits, / . _ - and single spaces' })
  agencyReference?: string;

  @ApiPropertyOptional({
    description:
      'Send true after a 409 PERSON.POSSIBLE_DUPLICATE when you have checked that none of the candidates is this person.',
  })
  @IsOptionalButNotNull()
  @IsBoolean()
  confirmNewPerson?: boolean;
}
