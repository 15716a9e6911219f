/**
 * Calendar arithmetic on ISO strings, so that deciders stay pure and events stay JSON-safe.
 * Dates are `YYYY-MM-DD` (a calendar day as the partnership sees it, supplied by the caller's
 * clock); instants are full ISO date-times with a zone (`2026-11-23T10:00:00.000Z`).
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar day in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** A date-time with an explicit zone, so that it names one instant wherever it is read. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** Instants may come in different but equivalent spellings, so they are compared as numbers. */
export const instantMs = (instant: string): number => Date.parse(instant);

/** The same instant in the canonical `toISOString` spelling stored in events. */
export const normaliseInstant = (instant: string): string => new Date(instant).toISOString();

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function instantDaysBefore(instant: string, days: number): string {
  return new Date(instantMs(instant) - days * DAY_MS).toISOString();
}

/**
 * The instant `months` calendar months before `instant` (UTC), with the day clamped to the
 * month's length: twelve months before 29 February 2028 is 28 February 2027, not 1 March.
 */
export function instantMonthsBefore(instant: string, months: number): string {
  const d = new Date(instant);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString();
}
