import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/** Visible text with line breaks and tabs allowed, but no other control characters. */
const NARRATIVE = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
/** A short text in clear (a reference, a name): visible characters, no markup, no control characters. */
export const PLAIN_TEXT = /^[^\u0000-\u001f<>]*\S[^\u0000-\u001f<>]*$/;

/** A required free-text narrative: personal data, sealed before it reaches an event, never logged. */
export function Narrative(min: number, max: number, description: string, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      minLength: min,
      maxLength: max,
      description: `${description} Personal data: sealed with the victim's key (else the reporter's).`,
      ...(example ? { example } : {}),
    }),
    IsString(),
    Length(min, max),
    Matches(NARRATIVE, {
      message: '$property must contain visible text and no control characters other than line breaks and tabs',
    }),
  );
}

/** A short plain text of `min`..`max` characters. */
export function PlainText(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(min, max),
    Matches(PLAIN_TEXT, { message: '$property must be visible text without markup or control characters' }),
  );
}

/** A field allowed only when the object's `kind` is one of these. */
export function OnlyForKinds(kinds: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'onlyForKinds',
      validator: {
        validate: (v: unknown, args) =>
          v === undefined || kinds.includes(String((args?.object as { kind?: unknown }).kind)),
        defaultMessage: buildMessage(() => `$property is only allowed when kind is ${kinds.join(' or ')}`, options),
      },
    },
    options,
  );
}
