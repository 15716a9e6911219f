import { PURPOSES } from '@hubline/access';
import { PURPOSE_LABELS } from '../plain-english';

/** What a practitioner's form holds between its steps: its fields as the officer typed them. */
export type FormValues = Record<string, string>;

/** The purposes of reading personal data, as radios, with the one chosen checked. */
export const purposeItems = (chosen?: string) =>
  PURPOSES.map((value) => ({ value, text: PURPOSE_LABELS[value] ?? value, checked: value === chosen }));

export const isPurpose = (value: unknown): value is string =>
  typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);

/** A date from a GOV.UK date input's three fields: `YYYY-MM-DD`, '' when all are empty, or null when not a date. */
export function dateFrom(values: FormValues, field: string): string | null {
  const day = (values[`${field}-day`] ?? '').trim();
  const month = (values[`${field}-month`] ?? '').trim();
  const year = (values[`${field}-year`] ?? '').trim();
  if (!day && !month && !year) return '';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** The three fields of a GOV.UK date input for a `YYYY-MM-DD` date. */
export function dateFields(field: string, iso: string): FormValues {
  const [year, month, day] = iso.split('-');
  return { [`${field}-day`]: String(Number(day)), [`${field}-month`]: String(Number(month)), [`${field}-year`]: year };
}

/**
 * The values of a form, as strings only, from the page's body: the fields it knows and nothing else.
 * Checkboxes are one field each (`<list>.<code>` = `yes`), so that a form needs no repeated names.
 */
export function readFields(body: unknown, fields: string[], lists: Record<string, readonly string[]> = {}): FormValues {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const field of fields) if (typeof source[field] === 'string') values[field] = (source[field] as string).trim();
  for (const [list, codes] of Object.entries(lists))
    for (const code of codes) if (source[`${list}.${code}`] === 'yes') values[`${list}.${code}`] = 'yes';
  return values;
}

/** The codes of a list the officer ticked. */
export const ticked = (values: FormValues, list: string, codes: readonly string[]): string[] =>
  codes.filter((code) => values[`${list}.${code}`] === 'yes');

/**
 * The answers so far travel between "check your answers" and the form in one hidden field. It is
 * read back as any form is: every value is checked again, and the API checks everything once more.
 */
export const encodeAnswers = (values: FormValues): string => Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeAnswers(encoded: unknown): FormValues | null {
  if (typeof encoded !== 'string' || encoded.length > 40_000) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const values: FormValues = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') values[key] = value;
    return values;
  } catch {
    return null;
  }
}
