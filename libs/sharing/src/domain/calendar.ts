/**
 * Calendar arithmetic on ISO strings, so that deciders and validity rules stay pure. Agreement
 * dates are calendar days (`YYYY-MM-DD`) as the partnership sees them, in London; consents and
 * disclosures happen at instants.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;
// 'en-CA' formats as YYYY-MM-DD.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** A date-time with an explicit zone, so that it names one instant wherever it is read. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** The London calendar day of an instant. */
export const londonDay = (instant: string): string => LONDON_DAY.format(new Date(instant));

/** Instants may be spelt differently yet equal, so they are compared as numbers. */
export const instantMs = (instant: string): number => Date.parse(instant);
export const normaliseInstant = (instant: string): string => new Date(instant).toISOString();

/** The same day a year later; 29 February becomes 28 February. */
export function addOneYear(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
