import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Length,
  Matches,
  ValidateBy,
  buildMessage,
  type ValidationOptions,
} from 'class-validator';
import { IsOptionalButNotNull, NestedObject } from '@hubline/http';
import {
  CONTACT_METHODS,
  PROTECTED_CHARACTERISTICS,
  type ContactMethod,
  type PersonalDetails,
  type ProtectedCharacteristic,
} from '../domain/personal-details';

/** At least one letter; no control characters or angle brackets. */
export const NAME = /^(?=.*\p{L})[^\p{Cc}<>]+$/u;
const TEXT = /^[^\p{Cc}<>]+$/u;
/** UK postcode shapes (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA, GIR 0AA), any case, space optional. */
export const UK_POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/i;
export const AGENCY_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/._-]*(?: [A-Za-z0-9/._-]+)*$/;

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A real calendar date written YYYY-MM-DD, from 1900 and not after today. */
export function IsPastCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastCalendarDate',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isRealDate(value) &&
          value >= '1900-01-01' &&
          value <= new Date().toISOString().slice(0, 10),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a real date written YYYY-MM-DD, from 1900 and not in the future`,
          options,
        ),
      },
    },
    options,
  );
}

export class AddressRequest {
  @ApiProperty({
    type: [String],
    maxItems: 6,
    example: ['Flat 2', '14 Orsett Road'],
    description: 'Each line at most 200 characters.',
  })
  @IsArray()
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  @Matches(TEXT, { each: true, message: 'each line in lines contains characters that are not allowed' })
  lines!: string[];

  @ApiPropertyOptional({ example: 'Grays', maxLength: 100 })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 100)
  @Matches(TEXT, { message: 'town contains characters that are not allowed' })
  town?: string;
}

export class ContactPreferencesRequest {
  @ApiProperty({ enum: CONTACT_METHODS }) @IsIn(CONTACT_METHODS) method!: ContactMethod;

  @ApiPropertyOptional({ maxLength: 500, example: 'Call after 6pm; not at work.' })
  @IsOptionalButNotNull()
  @IsString()
  @Length(1, 500)
  @Matches(TEXT, { message: 'notes contains characters that are not allowed' })
  notes?: string;

  @ApiPropertyOptional({ description: 'Whether a message may be left (false when someone else may hear or read it).' })
  @IsOptionalButNotNull()
  @IsBoolean()
  safeToLeaveMessage?: boolean;
}

/** A person's details: sent in full on registration and on every change (it replaces them). */
export class PersonDetailsRequest {
  @ApiProperty({ example: 'John', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'givenName must contain a letter and no control characters or angle brackets' })
  givenName!: string;

  @ApiProperty({ example: 'Smith', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'familyName must contain a letter and no control characters or angle brackets' })
  familyName!: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    description: 'Other names the person is known by, each at most 100 characters.',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @Matches(NAME, {
    each: true,
    message: 'each alias must contain a letter and no control characters or angle brackets',
  })
  aliases?: string[];

  @ApiPropertyOptional({ example: '1980-02-01', format: 'date', description: 'YYYY-MM-DD, not in the future.' })
  @IsOptionalButNotNull()
  @IsPastCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ type: AddressRequest })
  @NestedObject(() => AddressRequest, { optional: true })
  address?: AddressRequest;

  @ApiPropertyOptional({ example: 'RM17 6SL', description: 'A UK postcode.' })
  @IsOptionalButNotNull()
  @IsString()
  @Matches(UK_POSTCODE, { message: 'postcode must be a UK postcode such as RM17 6SL' })
  postcode?: string;

  @ApiPropertyOptional({ type: ContactPreferencesRequest })
  @NestedObject(() => ContactPreferencesRequest, { optional: true })
  contactPreferences?: ContactPreferencesRequest;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    example: ['Lives alone', 'Hearing impaired'],
    description: 'Each at most 200 characters.',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  @Matches(TEXT, { each: true, message: 'each entry in vulnerabilities contains characters that are not allowed' })
  vulnerabilities?: string[];

  @ApiPropertyOptional({
    enum: PROTECTED_CHARACTERISTICS,
    isArray: true,
    description: 'Equality Act 2010 protected characteristics relevant to the person (e.g. in a hate crime).',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(PROTECTED_CHARACTERISTICS.length)
  @IsIn(PROTECTED_CHARACTERISTICS, { each: true })
  protectedCharacteristics?: ProtectedCharacteristic[];
}

/** The request mapped explicitly to the details that get sealed. */
export function detailsFrom(body: PersonDetailsRequest): PersonalDetails {
  return {
    givenName: body.givenName,
    familyName: body.familyName,
    aliases: body.aliases ?? [],
    ...(body.dateOfBirth ? { dateOfBirth: body.dateOfBirth } : {}),
    ...(body.address
      ? { address: { lines: body.address.lines, ...(body.address.town ? { town: body.address.town } : {}) } }
      : {}),
    ...(body.postcode ? { postcode: body.postcode } : {}),
    ...(body.contactPreferences
      ? {
          contactPreferences: {
            method: body.contactPreferences.method,
            ...(body.contactPreferences.notes ? { notes: body.contactPreferences.notes } : {}),
            ...(body.contactPreferences.safeToLeaveMessage !== undefined
              ? { safeToLeaveMessage: body.contactPreferences.safeToLeaveMessage }
              : {}),
          },
        }
      : {}),
    vulnerabilities: body.vulnerabilities ?? [],
    protectedCharacteristics: body.protectedCharacteristics ?? [],
  };
}
