import { addDays } from '@hubline/calendar';
import type { PageError } from '../plain-english';

/** A date from the GOV.UK date input's three fields: `YYYY-MM-DD`, '' when all are empty, or null when not a date. */
export function dateFrom(day = '', month = '', year = ''): string | null {
  if (!day.trim() && !month.trim() && !year.trim()) return '';
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const iso = `${year.trim()}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** The instant a London calendar day starts (midnight in Europe/London, GMT or BST). */
export function londonMidnight(day: string): string {
  const utc = Date.parse(`${day}T00:00:00Z`);
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: 'Europe/London' }).format(utc),
  );
  return new Date(utc - (hour % 24) * 3_600_000).toISOString();
}

/** A field of a query or form, as one string. */
export const one = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The days a report covers, from its filter form (GOV.UK date inputs `from-*` and `to-*`, both days inclusive). */
export interface PeriodFilter {
  values: Record<string, string>;
  /** For the API: `from` inclusive, `to` exclusive (UTC midnight). */
  api: { from?: string; to?: string };
  /** For links that keep the filter (CSV downloads). */
  query: URLSearchParams;
  errors: PageError[];
}

export function periodFrom(query: Record<string, unknown>): PeriodFilter {
  const values: Record<string, string> = {};
  for (const part of ['from', 'to'])
    for (const unit of ['day', 'month', 'year']) values[`${part}-${unit}`] = one(query[`${part}-${unit}`]).trim();
  const errors: PageError[] = [];
  const from = dateFrom(values['from-day'], values['from-month'], values['from-year']);
  const to = dateFrom(values['to-day'], values['to-month'], values['to-year']);
  if (from === null) errors.push({ text: 'The first day must be a real date, like 1 4 2026', href: '#from-day' });
  if (to === null) errors.push({ text: 'The last day must be a real date, like 30 4 2026', href: '#to-day' });
  if (from && to && to < from)
    errors.push({ text: 'The last day must be the same as or after the first day', href: '#to-day' });
  const api = errors.length
    ? {}
    : { from: from ? londonMidnight(from) : undefined, to: to ? londonMidnight(addDays(to, 1)) : undefined };
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) q.set(key, value);
  return { values, api, query: q, errors };
}

/** The GOV.UK date input items for a period field. */
export const dateItems = (values: Record<string, string>, part: string, invalid: boolean) =>
  (['day', 'month', 'year'] as const).map((unit) => ({
    name: unit,
    label: unit.charAt(0).toUpperCase() + unit.slice(1),
    value: values[`${part}-${unit}`],
    classes: `${unit === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${invalid ? ' govuk-input--error' : ''}`,
  }));
