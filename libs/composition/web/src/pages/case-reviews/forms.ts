import { PURPOSES, type Role } from '@hubline/access';
import { PURPOSE_LABELS } from '../plain-english';

/** The roles of the case review routes (as `libs/contexts/case-reviews/src/http/case-review-roles.ts`). */
export const COORDINATOR: Role[] = ['case_review_coordinator'];
export const REVIEW_READERS: Role[] = ['case_review_coordinator', 'panel_member', 'pfcc_reviewer'];
export const PANEL: Role[] = ['case_review_coordinator', 'panel_member'];
export const AGENCY_OFFICERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'];
export const PFCC: Role[] = ['pfcc_reviewer'];
export const ESCALATION_RECORDERS: Role[] = ['case_review_coordinator', 'pfcc_reviewer'];
export const FIGURES_READERS: Role[] = ['case_review_coordinator', 'partnership_admin'];

/** Where the case review pages live (the API's own routes are under `/case-reviews`). */
export const BASE = '/asb-case-reviews';

/** A date from the GOV.UK date input's three fields: `YYYY-MM-DD`, '' when all are empty, or null when not a date. */
export function dateFrom(day = '', month = '', year = ''): string | null {
  if (!day.trim() && !month.trim() && !year.trim()) return '';
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const iso = `${year.trim()}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** The three fields of a GOV.UK date input for a `YYYY-MM-DD` day. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: '', month: '', year: '' };
}

// 'en-CA' formats as YYYY-MM-DD. Made once: a list page asks for today for each of its lines.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today in England and Wales, `YYYY-MM-DD`. */
export function londonToday(now = new Date()): string {
  return LONDON_DAY.format(now);
}

/** A review's short reference for people to say and read: no personal data, unique enough on a list. */
export const reference = (reviewId: string) => `CR-${reviewId.slice(0, 8).toUpperCase()}`;

export const isPurpose = (value: unknown): value is string =>
  typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);

export const purposeItems = (chosen?: string) =>
  PURPOSES.map((value) => ({ value, text: PURPOSE_LABELS[value] ?? value, checked: value === chosen }));

/** The fields of a form body, as strings (a field sent twice keeps its first value). */
export const formOf = (body: unknown): Record<string, string> =>
  body && typeof body === 'object' ? (body as Record<string, string>) : {};
