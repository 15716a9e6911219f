import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { DATA_CATEGORIES } from '@hubline/access';
import { CONTACT_METHODS, PROTECTED_CHARACTERISTICS } from '../domain/personal-details';
import { DUPLICATE_CONFIDENCES, DUPLICATE_REASONS } from '../search/duplicate-scoring';

export class PersonSummaryResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiPropertyOptional({ format: 'date' }) dateOfBirth?: string;
  @ApiPropertyOptional({ description: 'Only when the `address` category was shared with your agency.' })
  postcode?: string;
  @ApiPropertyOptional({
    enum: DATA_CATEGORIES,
    isArray: true,
    description:
      'The data categories of the fields held back because they were not disclosed to your agency (listed whether or not the person has data in them).',
  })
  withheld?: string[];
}

class AgencyNameResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() name!: string;
}

export class LockedPersonResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({
    enum: [true],
    description: "Your agency may not see this person's data: only which agencies are involved.",
  })
  locked!: true;
  @ApiProperty({ type: [AgencyNameResponse] }) agencies!: AgencyNameResponse[];
}

export class ErasedPersonResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: [true], description: 'The person was forgotten: their personal data is erased.' }) erased!: true;
  @ApiPropertyOptional() forgottenAt?: string;
}

export class MergedPersonResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ format: 'uuid', description: 'The record this duplicate was merged into: read that one.' })
  mergedInto!: string;
}

class AddressResponse {
  @ApiProperty({ type: [String] }) lines!: string[];
  @ApiPropertyOptional() town?: string;
}

class ContactPreferencesResponse {
  @ApiProperty({ enum: CONTACT_METHODS }) method!: string;
  @ApiPropertyOptional() notes?: string;
  @ApiPropertyOptional() safeToLeaveMessage?: boolean;
}

class AgencyReferenceResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() reference!: string;
}

export class PersonProfileResponse extends PersonSummaryResponse {
  @ApiProperty({ enum: ['active'] }) status!: 'active';
  @ApiProperty({ description: 'Version of the record (also the ETag).' }) version!: number;
  @ApiProperty() registeredAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: AgencyNameResponse }) registeredBy!: AgencyNameResponse;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiPropertyOptional({ type: AddressResponse }) address?: AddressResponse;
  @ApiPropertyOptional({ type: ContactPreferencesResponse }) contactPreferences?: ContactPreferencesResponse;
  @ApiPropertyOptional({ type: [String], description: 'Absent when the `vulnerabilities` category is withheld.' })
  vulnerabilities?: string[];
  @ApiPropertyOptional({
    enum: PROTECTED_CHARACTERISTICS,
    isArray: true,
    description:
      'Disability and pregnancy or maternity are `health` data, the others `special_category`: only those of the categories your agency may read.',
  })
  protectedCharacteristics?: string[];
  @ApiProperty({ type: [AgencyReferenceResponse] }) agencyReferences!: AgencyReferenceResponse[];
}

export const PERSON_VIEW_MODELS = [
  PersonSummaryResponse,
  LockedPersonResponse,
  ErasedPersonResponse,
  MergedPersonResponse,
  PersonProfileResponse,
];

export const personViewSchema = (full: boolean) => ({
  oneOf: [
    full ? PersonProfileResponse : PersonSummaryResponse,
    LockedPersonResponse,
    ErasedPersonResponse,
    MergedPersonResponse,
  ].map((m) => ({ $ref: getSchemaPath(m) })),
});

export class PeopleSearchResponse {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [PersonSummaryResponse, ErasedPersonResponse].map((m) => ({ $ref: getSchemaPath(m) })) },
    description: 'At most 50 people your agency may see, newest first. Nobody is listed locked (decision 0019).',
  })
  results!: unknown[];
  @ApiProperty({ description: 'True when more people matched: narrow the search.' }) truncated!: boolean;
}

export class PersonChangedResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ description: 'Version of the record after the change (also the ETag).' }) version!: number;
}

class DuplicateCandidateResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({
    enum: DUPLICATE_CONFIDENCES,
    description:
      'high: the same agency reference, or a similar name and the same date of birth; medium: a similar name with the date of birth transposed or the same postcode, or the same date of birth and postcode; low: a similar name alone.',
  })
  confidence!: string;
  @ApiProperty({
    enum: DUPLICATE_REASONS,
    isArray: true,
    description: 'Why, only as far as your agency may see the person (a postcode match only with their address).',
  })
  reasons!: string[];
  @ApiPropertyOptional({
    enum: [true],
    description:
      'Your agency may not see this person: listed only for the same date of birth and a similar name, by id alone.',
  })
  locked?: true;
}

export class PossibleDuplicateProblem {
  @ApiProperty({ example: 'PERSON.POSSIBLE_DUPLICATE' }) code!: string;
  @ApiProperty({
    type: [DuplicateCandidateResponse],
    description: 'Ids, confidence and reasons only, never personal data; most likely first, at most 20.',
  })
  candidates!: DuplicateCandidateResponse[];
}

export class MergedResponse {
  @ApiProperty({ format: 'uuid' }) survivorId!: string;
  @ApiProperty({ format: 'uuid' }) mergedId!: string;
  @ApiProperty({ description: 'Version of the merged record.' }) version!: number;
}

export class ForgottenResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: [true] }) erased!: true;
  @ApiProperty() forgottenAt!: string;
  @ApiProperty({ type: [String], description: 'Records that had been merged into this person, forgotten with it.' })
  alsoForgotten!: string[];
}
