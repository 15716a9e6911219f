import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AGENCY_REFERENCE, PersonDetailsRequest } from '../person-details.request';

export class RegisterPersonRequest extends PersonDetailsRequest {
  @ApiPropertyOptional({ example: 'ECP/24/001234', maxLength: 50, description: "Your agency's own reference for this person." })
  @IsOptional() @IsString() @Length(1, 50) @Matches(AGENCY_REFERENCE, { message: 'agencyReference may hold letters, digits, / . _ - and single spaces' })
  agencyReference?: string;

  @ApiPropertyOptional({ description: 'Send true after a 409 PERSON.POSSIBLE_DUPLICATE when you have checked that none of the candidates is this person.' })
  @IsOptional() @IsBoolean()
  confirmNewPerson?: boolean;
}
