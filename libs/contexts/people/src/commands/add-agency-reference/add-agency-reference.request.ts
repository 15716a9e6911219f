import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { AGENCY_REFERENCE } from '../person-details.request';

export class AddAgencyReferenceRequest {
  @ApiProperty({
    example: 'TC-CUST-884213',
    maxLength: 50,
    description: "Your agency's own reference for this person (one per agency).",
  })
  @IsString()
  @Length(1, 50)
  @Matches(AGENCY_REFERENCE, { message: 'reference may hold letters, digits, / . _ - and single spaces' })
  reference!: string;
}
