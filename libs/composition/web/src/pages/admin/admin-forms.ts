import { ROLES, type Role } from '@hubline/access';
import type { ApiAnswer, ApiProblem } from '../../hub-api';
import { pageErrorsFor, type PageError } from '../plain-english';

/** The partnership administrator's refusals in plain English, by the API's problem code. */
const MESSAGES: Record<string, PageError> = {
  'HTTP.VERSION_MISMATCH': {
    text: 'Someone else changed this since you opened the page. Check it as it is now and try again',
    href: '#main-content',
  },
  'USER.SUBJECT_TAKEN': { text: 'A user with this sign-in id is already registered', href: '#subject' },
  'USER.ALREADY_REGISTERED': { text: 'A user with this sign-in id is already registered', href: '#subject' },
  'USER.UNKNOWN_AGENCY': { text: 'Select an active agency of the partnership', href: '#agencyId' },
  'USER.INVALID_ROLES': { text: 'Select at least one role', href: '#roles' },
  'USER.CANNOT_DEACTIVATE_SELF': { text: 'You cannot deactivate your own account', href: '#reason' },
  'PARTNERSHIP.DUPLICATE_NAME': { text: 'The partnership already has one with this name', href: '#name' },
  'PARTNERSHIP.AGENCY_INACTIVE': { text: 'This agency is deactivated, so it cannot change', href: '#main-content' },
  'PARTNERSHIP.CASE_REVIEW_ROLE_NOT_FOR_KIND': {
    text: 'This kind of agency cannot have that part in case reviews',
    href: '#caseReviewRole',
  },
  'PARTNERSHIP.NOTHING_TO_CHANGE': { text: 'Enter a new name', href: '#name' },
  'SHARING.INVALID_REVIEW_DATE': {
    text: 'The next review date must be after today and at most a year ahead',
    href: '#reviewDate-day',
  },
  'SHARING.AGREEMENT_TERMINATED': { text: 'This agreement has been terminated', href: '#main-content' },
  'SHARING.AGREEMENT_ENDED': { text: 'This agreement has ended', href: '#main-content' },
  'SHARING.REASON_REQUIRED': { text: 'Enter why the agreement ends', href: '#reason' },
  'RETENTION.UNKNOWN_PERSON': { text: 'There is no person with this record id in the partnership', href: '#personId' },
  'RETENTION.PERSON_FORGOTTEN': { text: 'This person’s record has already been erased', href: '#personId' },
  'RETENTION.ALREADY_ON_HOLD': { text: 'This person is already on legal hold', href: '#personId' },
  'RETENTION.NOT_ON_HOLD': { text: 'This person is not on legal hold', href: '#reason' },
  'RETENTION.REASON_REQUIRED': { text: 'Enter the reason', href: '#reason' },
  'RETENTION.INVALID_PERIOD': { text: 'Enter a number of years from 1 to 100', href: '#retentionYears' },
};

/** Validation messages of the API (`field must ...`), by the field they name. */
const FIELDS: Record<string, string> = {
  subject: 'Enter the sign-in id, without spaces',
  displayName: 'Enter the name, 2 to 120 characters, without < or >',
  name: 'Enter a name of 2 to 120 characters, without < or >',
  reason: 'Enter the reason, 3 to 500 characters',
  retentionYears: 'Enter a number of years from 1 to 100',
  personId: 'Enter the person’s record id, 36 characters',
};

/** What a form shows for an API refusal: its errors; 403 and 404 are the no-access and not-found pages. */
export function adminErrors(answer: ApiAnswer): PageError[] {
  const problem = answer.body as ApiProblem;
  const known = MESSAGES[problem.code];
  if (known && problem.status !== 403) return [known];
  if (problem.status === 400 && problem.errors?.length) {
    const errors = Object.entries(FIELDS)
      .filter(([field]) => problem.errors!.some((e) => e.startsWith(`${field} `)))
      .map(([field, text]) => ({ text, href: `#${field}` }));
    if (errors.length) return errors;
  }
  return pageErrorsFor(problem);
}

export const ROLE_LABELS: Record<Role, string> = {
  practitioner: 'Practitioner',
  lag_chair: 'LAG chair',
  case_review_coordinator: 'Case review coordinator',
  panel_member: 'Case review panel member',
  pfcc_reviewer: 'PFCC case review officer',
  auditor: 'Auditor',
  partnership_admin: 'Partnership administrator',
};

/** The roles ticked on a form: one checkbox field per role (`role-practitioner=yes`). */
export const rolesFrom = (body: Record<string, string>): Role[] => ROLES.filter((r) => body[`role-${r}`] === 'yes');

/** The GOV.UK checkboxes of the roles, each its own field (a form keeps one value per name). */
export const roleItems = (chosen: readonly string[]) =>
  ROLES.map((r) => ({ value: 'yes', name: `role-${r}`, text: ROLE_LABELS[r], checked: chosen.includes(r) }));

export const roleNames = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', ');

/** A version the page was shown (an ETag such as `"3"`), sent back with the form. */
export const etagOf = (value: string | undefined): string | undefined =>
  value && /^"\d{1,15}"$/.test(value) ? value : undefined;

export const field = (body: Record<string, string>, name: string): string => (body[name] ?? '').trim();
