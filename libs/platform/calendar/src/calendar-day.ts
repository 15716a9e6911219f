/**
 * Calendar days, `YYYY-MM-DD`, as a partnership sees them. Partnerships are Community Safety
 * Partnerships in England and Wales, so "the day" of an instant is its day in London, whether
 * the clocks say GMT or BST. Days are plain strings so that events stay JSON-safe and compare in
 * order as text.
 */

/** The zone every partnership counts its days in. */
export const PARTNERSHIP_TIME_ZONE = 'Europe/London';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
// 'en-CA' formats as YYYY-MM-DD.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARTNERSHIP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** A real calendar day in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The London calendar day of an instant (an ISO string with a zone, or a Date). */
export const londonDay = (at: Date | string): string => LONDON_DAY.format(typeof at === 'string' ? new Date(at) : at);

/** The calendar day `days` days after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `years` calendar years after a day; 29 February lands on 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
