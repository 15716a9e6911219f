import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
// The two decorators below are the only sanctioned uses: everywhere else ESLint refuses them.
// eslint-disable-next-line no-restricted-imports
import { IsArray, IsObject, ValidateIf, ValidateNested, type ValidationOptions } from 'class-validator';

/**
 * Field decorators every request class uses, so a handler only ever sees the shape it declares.
 *
 * class-validator's own `@IsOptional()` treats `null` like a missing field and skips every other
 * check, so `{"aliases": null}` reached handlers that expect an array or nothing. Its
 * `@ValidateNested()` validates whatever it is given: an array where an object belongs passes
 * (each element is checked, none fails), and so does a missing required object. ESLint refuses
 * both outside this file (eslint.config.mjs); these say what they mean instead.
 */

/**
 * The field may be left out; when it is sent, every other check applies, so `null` is refused.
 * A field that may really be `null` says so with its own `ValidateIf`.
 */
export function IsOptionalButNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined, options);
}

export interface NestedOptions {
  /** The field may be left out (never `null`). */
  optional?: boolean;
}

/** A nested JSON object (not an array, not `null`) validated as `type`. Required unless `optional`. */
export function NestedObject(type: () => Function, options: NestedOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...(options.optional ? [IsOptionalButNotNull()] : []),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
  );
}

/** An array of nested JSON objects, each validated as `type`. Required unless `optional`; add size limits beside it. */
export function NestedArray(type: () => Function, options: NestedOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...(options.optional ? [IsOptionalButNotNull()] : []),
    IsArray(),
    IsObject({ each: true, message: 'each value in $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );
}
