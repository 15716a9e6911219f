import type { FastifyReply } from 'fastify';
import { PURPOSES, type Actor, type Role } from '@hubline/access';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { NoAccess, PageNotFound, ServiceProblem, type WebRequest } from '../../web-context';
import type { PageRenderer } from '../page-renderer';
import { PURPOSE_LABELS, refusalPage, type PageError } from '../plain-english';

/** The LAG chair's pages are for LAG chairs alone, as the API routes they call. */
export const CHAIR: Role[] = ['lag_chair'];

export interface Agency {
  agencyId: string;
  name: string;
  active: boolean;
}
export interface Locality {
  localityId: string;
  name: string;
}
export interface Partnership {
  agencies: Agency[];
  localities: Locality[];
}

/** Who the pages call the API as, and with which request id. */
export const callerOf = (request: WebRequest): { actor: Actor; id: string } => ({
  actor: request.signedIn!.actor,
  id: request.id,
});

/** A GET of the API the page cannot do without: any refusal is the no-access, not-found or problem page. */
export async function read<T>(
  api: HubApi,
  request: WebRequest,
  path: string,
  query?: Record<string, string | undefined>,
) {
  const answer = await api.call<T>(request.signedIn!.actor, request.id, { path, ...(query ? { query } : {}) });
  if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
  return { body: answer.body as T, etag: answer.etag };
}

/** The partnership's agencies and localities, by id, for names on the pages. */
export async function partnershipOf(
  api: HubApi,
  request: WebRequest,
): Promise<Partnership & { name: (id: string) => string; place: (id: string) => string }> {
  const { body } = await read<Partnership>(api, request, '/partnership');
  const agencies = new Map(body.agencies.map((a) => [a.agencyId, a.name]));
  const localities = new Map(body.localities.map((l) => [l.localityId, l.name]));
  return {
    agencies: body.agencies,
    localities: body.localities,
    name: (id: string) => agencies.get(id) ?? 'An agency no longer listed',
    place: (id: string) => localities.get(id) ?? 'A locality no longer listed',
  };
}

/** A short reference for a case that holds no personal data: the first part of its id. */
export const caseReference = (referralId: string): string => `LAG-${referralId.slice(0, 8).toUpperCase()}`;

export const isPurpose = (value: unknown): value is string =>
  typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);

export const purposeItems = (chosen?: string) =>
  PURPOSES.map((value) => ({ value, text: PURPOSE_LABELS[value] ?? value, checked: value === chosen }));

/** The version a form was shown with, as the If-Match header of the write it sends. */
export const ifMatchOf = (version: unknown): string | undefined =>
  typeof version === 'string' && /^\d+$/.test(version) ? `"${version}"` : undefined;

/** A date from the GOV.UK date input's three fields: `YYYY-MM-DD`, '' when all are empty, or null when not a date. */
export function dateFrom(day = '', month = '', year = ''): string | null {
  if (!day.trim() && !month.trim() && !year.trim()) return '';
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const iso = `${year.trim()}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** A time of day as `HH:MM` from "10:00", "2:30pm", "14.30"; null when it is not one. */
export function timeFrom(value = ''): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(value.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The London wall-clock day and time of an instant: `YYYY-MM-DD`, `HH:MM`. */
export function londonWallClock(instant: string): { day: string; time: string } {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The instant of a London day and time, with its offset (GMT or BST): `2026-07-01T10:00:00+01:00`. */
export function londonInstant(day: string, time: string): string {
  const guess = Date.parse(`${day}T${time}:00Z`);
  for (const offsetHours of [0, 1]) {
    const at = new Date(guess - offsetHours * 3_600_000).toISOString();
    const wall = londonWallClock(at);
    if (wall.day === day && wall.time === time) return `${day}T${time}:00${offsetHours ? '+01:00' : 'Z'}`;
  }
  // A time skipped when the clocks go forward: the hour after it.
  return new Date(guess).toISOString();
}

/**
 * The API's refusals of the chair's forms in plain English, for the field they concern. A code
 * a page does not expect is not shown as such: the page says what the chair can do.
 */
const MESSAGES: Record<string, PageError> = {
  'HTTP.VERSION_MISMATCH': {
    text: 'Someone else changed this record after you opened the page. Check it again, then resend your changes',
    href: '#main-content',
  },
  'REFERRAL.ALREADY_ACCEPTED': { text: 'This referral has already been accepted', href: '#main-content' },
  'REFERRAL.DECLINED': { text: 'This referral has already been declined', href: '#main-content' },
  'REFERRAL.CLOSED': { text: 'This case is closed', href: '#main-content' },
  'REFERRAL.ALREADY_CLOSED': { text: 'This case is already closed', href: '#main-content' },
  'REFERRAL.NOT_ACCEPTED': { text: 'Only an accepted case can be closed', href: '#main-content' },
  'REFERRAL.OUTSTANDING_ACTIONS': {
    text: 'The case still has outstanding actions: cancel them with the case, or close it after they are done',
    href: '#cancelOutstandingActions',
  },
  'REFERRAL.ACTION_DUE_DATE_IN_PAST': { text: 'An action’s due date must be today or later', href: '#actions' },
  'MEETING.IN_THE_PAST': {
    text: 'The meeting must be in the future (moved: today at the earliest)',
    href: '#startsAt-day',
  },
  'MEETING.ALREADY_STARTED': {
    text: 'The meeting is in session, so it cannot be moved or cancelled',
    href: '#main-content',
  },
  'MEETING.CLOSED': { text: 'This meeting is closed', href: '#main-content' },
  'MEETING.CANCELLED': { text: 'This meeting was cancelled', href: '#main-content' },
  'MEETING.NOT_ITS_DAY': {
    text: 'The meeting is not today: reschedule it to today to hold it now',
    href: '#main-content',
  },
  'MEETING.CONFIDENTIALITY_NOT_CONFIRMED': {
    text: 'Read the confidentiality statement before discussing any case',
    href: '#main-content',
  },
  'MEETING.WRONG_LOCALITY': { text: 'That case belongs to another locality', href: '#referralId' },
  'MEETING.REFERRAL_NOT_ACCEPTED': { text: 'Only accepted cases can be put on the agenda', href: '#referralId' },
  'MEETING.CUT_OFF_PASSED': {
    text: 'That case was accepted after the cut-off: add it as a late addition, with the reason',
    href: '#lateReason',
  },
  'MEETING.LATE_ADDITION_NOT_HIGH_RISK': {
    text: 'Only high or very high risk cases can be added after the cut-off',
    href: '#lateReason',
  },
  'MEETING.REVIEW_NOT_DUE': {
    text: 'That case’s review is not due by the meeting day: add it as a new case, or at a later meeting',
    href: '#item',
  },
  'MEETING.CASE_NOT_ON_AGENDA': { text: 'That case is not on this meeting’s agenda', href: '#main-content' },
  'MEETING.JUSTIFICATION_REQUIRED': {
    text: 'Enter the basis for sharing with the agencies no agreement covers',
    href: '#sharingJustification',
  },
  'MEETING.NOTES_REQUIRED': { text: 'Enter what was shared and discussed', href: '#notes' },
  'MEETING.DECISION_REQUIRED': { text: 'Select at least one decision', href: '#decisions' },
  'MEETING.ACTION_NOT_OUTSTANDING': {
    text: 'An action to carry forward is no longer outstanding',
    href: '#carryForwardActionIds',
  },
  'LAG.UNKNOWN_AGENCY': { text: 'Select an active agency to own each action', href: '#actions' },
  'LAG.UNKNOWN_LOCALITY': { text: 'Select the locality', href: '#localityId' },
};

/** Validation messages of the API (`field must ...`), by the field they name. */
const FIELD_MESSAGES: Array<{ field: string; text: string; href?: string }> = [
  { field: 'reason', text: 'Select a reason' },
  { field: 'note', text: 'The note must be up to 1,000 characters of text' },
  { field: 'startsAt', text: 'Enter a real date and time', href: '#startsAt-day' },
  { field: 'cutOffDays', text: 'The cut-off must be a whole number of days from 0 to 60' },
  { field: 'notes', text: 'Enter what was shared and discussed, up to 8,000 characters' },
  { field: 'decisions', text: 'Select at least one decision' },
  {
    field: 'actions',
    text: 'Check each new action: its agency, kind, what will be done (5 to 1,000 characters) and due date',
  },
  { field: 'sharingJustification', text: 'The basis for sharing must be up to 2,000 characters' },
  { field: 'outcomeNarrative', text: 'Enter the outcome for the victim, 10 to 2,000 characters' },
  { field: 'outcomes', text: 'Select what changed for the victim' },
];

/** What a chair's page shows for an API refusal of a form: its errors, or the no-access, not-found or problem page. */
export function chairErrors(problem: ApiProblem): PageError[] {
  if (problem.status === 403) throw new NoAccess();
  const known = MESSAGES[problem.code];
  if (known) return [known];
  if (problem.status === 404) throw new PageNotFound();
  if (problem.status === 400 && problem.errors?.length) {
    const errors = FIELD_MESSAGES.filter(({ field }) =>
      problem.errors!.some((e) => e.startsWith(`${field} `) || e.startsWith(`${field}.`)),
    ).map(({ field, text, href }) => ({ text, href: href ?? `#${field}` }));
    if (errors.length) return errors;
  }
  throw new ServiceProblem(problem.status, problem.code);
}

/** Sends the browser on after a form was saved (303: the next GET does not resend the form). */
export async function seeOther(reply: FastifyReply, location: string): Promise<void> {
  await reply.code(303).header('location', location).send();
}

/**
 * Renders a chair's page with `err(field)`: the inline error message of a field, as GOV.UK's
 * components take it (`{ text }`), or undefined when the field has none.
 */
export function render(
  pages: PageRenderer,
  request: WebRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<void> {
  const errors = (data.errors as PageError[] | undefined) ?? [];
  const err = (field: string) => {
    const found = errors.find((e) => e.href === `#${field}`);
    return found ? { text: found.text } : undefined;
  };
  return pages.send(request, reply, template, { ...data, errors, err }, status);
}
