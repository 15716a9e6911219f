import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { PurposeQuery } from '@hubline/access';
import { AGENCY_REFERENCE, IsPastCalendarDate, NAME, UK_POSTCODE } from '../commands/person-details.request';

/** Search criteria (at least one) and the purpose of the search. Every criterion given must match. */
export class SearchPeopleQuery extends PurposeQuery {
  @ApiPropertyOptional({
    example: 'Jon Smyth',
    maxLength: 200,
    description: "Matches when every part sounds like one of the person's names (given, family or alias).",
  })
  @IsOptionalButNotNull()
  @IsString()
  @Length(2, 200)
  @Matches(NAME, { message: 'name must contain a letter and no control characters or angle brackets' })
  name?: string;

  @ApiPropertyOptional({ example: '1980-02-01', format: 'date' })
  @IsOptionalButNotNull()
  @IsPastCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: 'RM17 6SL' })
  @IsOptionalButNotNull()
  @IsString()
  @Matches(UK_POSTCODE, { message: 'postcode must be a UK postcode such as RM17 6SL' })
  postcode?: string;

  @ApiPropertyOptional({ maxLength: 50, description: "Your agency's own reference for the person." })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 50)
  @Matches(AGENCY_REFERENCE, { message: 'agencyReference may hold letters, digits, / . _ - and single spaces' })
  agencyReference?: string;
}
