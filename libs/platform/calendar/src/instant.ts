/**
 * Instants: full ISO date-times with a zone (`2026-11-23T10:00:00.000Z`, `...+01:00`), so that each
 * names one moment wherever it is read. Events store them in the `toISOString` spelling.
 */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date-time with an explicit zone. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** Instants may be spelt differently yet be equal, so they are compared as numbers. */
export const instantMs = (instant: string): number => Date.parse(instant);

/** The same instant in the canonical `toISOString` spelling stored in events. */
export const normaliseInstant = (instant: string): string => new Date(instant).toISOString();

const DAY_MS = 86_400_000;

/** The instant `days` whole 24-hour days before `instant`. */
export function instantDaysBefore(instant: string, days: number): string {
  return new Date(instantMs(instant) - days * DAY_MS).toISOString();
}

/**
 * The instant `months` calendar months before `instant` (UTC), with the day clamped to the
 * month's length: twelve months before 29 February 2028 is 28 February 2027, not 1 March.
 */
export function instantMonthsBefore(instant: string, months: number): string {
  const d = new Date(instant);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() - months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString();
}
