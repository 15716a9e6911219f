import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  ValidateBy,
  buildMessage,
  type ValidationOptions,
} from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';

/** A required list of 1..max codes from `list`. */
export function CodeList(list: readonly string[], description: string, max = list.length): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: list, isArray: true, description }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(max),
    IsIn(list, { each: true }),
  );
}

/** An optional list of codes from `list`. */
export function OptionalCodeList(list: readonly string[], description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: list, isArray: true, description }),
    IsOptionalButNotNull(),
    IsArray(),
    ArrayMaxSize(list.length),
    IsIn(list, { each: true }),
  );
}

/**
 * A field that belongs to some kinds only (`kind` being a sibling property): sent with another
 * kind it is refused rather than silently dropped.
 */
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

/** A short text in clear (a title, a reason): visible characters, no markup, no control characters. */
export const PLAIN_TEXT = /^[^\u0000-\u001f<>]*\S[^\u0000-\u001f<>]*$/;
