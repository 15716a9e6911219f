import { BadRequestException, Injectable, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DomainError } from '@hubline/errors';

/** A body that is not a JSON object: `null`, an array, a string or a number. */
export class BodyNotAnObjectError extends DomainError {
  readonly code = 'HTTP.BODY_NOT_AN_OBJECT';
  readonly kind = 'invalid';
}

const PRIMITIVES: unknown[] = [String, Number, Boolean, Array, Object, Symbol, BigInt];

/** A name a client sent that may be shown back: a short identifier, never free text. */
const SHOWABLE = /^[A-Za-z0-9_]{1,64}$/;
const showable = (name: string) => (SHOWABLE.test(name) ? name : '(a name that is not allowed)');

/**
 * The validation messages, each prefixed by the path of its field (`address.lines must be an
 * array`). A field the request class does not declare is named only if it looks like a field name,
 * so a megabyte-long or marked-up key is never sent back.
 */
export function validationMessages(errors: ValidationError[], parentPath = ''): string[] {
  const messages: string[] = [];
  for (const error of errors) {
    const prefix = parentPath ? `${parentPath}.` : '';
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      messages.push(
        constraint === 'whitelistValidation'
          ? `${prefix}property ${showable(error.property)} should not exist`
          : `${prefix}${message}`,
      );
    }
    messages.push(...validationMessages(error.children ?? [], `${prefix}${showable(error.property)}`));
  }
  return messages;
}

/**
 * The global validation: the house options (whitelist, forbidNonWhitelisted, transform), and a
 * guard in front of them so a handler never sees a body of a shape its request class does not
 * describe. A body must be a JSON object (none at all counts as `{}`): class-validator is never
 * asked about `null` or an array, and Nest's pipe would hand a `null` body to the handler as it
 * came. A body parameter must be typed with a request class: one typed `object` or `any` would
 * skip validation entirely, so it fails loudly instead.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new BadRequestException({ message: validationMessages(errors) }),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.data === undefined) {
      if (typeof metadata.metatype !== 'function' || PRIMITIVES.includes(metadata.metatype)) {
        throw new Error('A request body parameter has no request class, so it would not be validated.');
      }
      if (value === undefined) value = {};
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new BodyNotAnObjectError('The request body must be a JSON object.');
      }
    }
    return super.transform(value, metadata);
  }
}
