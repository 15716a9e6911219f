import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/** Visible text with line breaks and tabs allowed, but no other control characters. */
const NARRATIVE = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
/** A short text in clear (a reference, a court): visible characters, no markup, no control characters. */
const PLAIN_TEXT = /^[^\u0000-\u001f<>]*\S[^\u0000-\u001f<>]*$/;

/** Free text about a person (conditions, what happened): sealed before it reaches an event, never logged. */
export function Narrative(min: number, max: number): PropertyDecorator {
  return applyDecorators(
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
