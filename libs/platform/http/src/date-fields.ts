import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { isIsoDate, isIsoInstant } from '@hubline/calendar';

/** A real calendar day, `YYYY-MM-DD`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v: unknown) => isIsoDate(v),
        defaultMessage: buildMessage((each) => `${each}$property must be a real date written YYYY-MM-DD`, options),
      },
    },
    options,
  );
}

/** A date-time with an explicit zone (`2026-12-10T10:00:00Z`, `...+01:00`). */
export function IsZonedDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isZonedDateTime',
      validator: {
        validate: (v: unknown) => isIsoInstant(v),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an ISO 8601 date-time with a time zone`,
          options,
        ),
      },
    },
    options,
  );
}
