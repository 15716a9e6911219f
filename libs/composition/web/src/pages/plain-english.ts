import { NoAccess, PageNotFound, ServiceProblem } from '../web-context';
import type { ApiProblem } from '../hub-api';

/** An error as the GOV.UK error summary lists it: the message, and the field it links to. */
export interface PageError {
  text: string;
  href: string;
}

/**
 * The API's problem codes in plain English, for the field they concern. A code a page does not
 * expect is not shown as such: the page says what the officer can do.
 */
const MESSAGES: Record<string, PageError> = {
  'REFERRAL.ACTION_OUTCOME_REQUIRED': { text: 'Enter what came of the action to complete it', href: '#outcome' },
  'REFERRAL.ACTION_FINISHED': {
    text: 'This action is already completed or cancelled, so its progress cannot change',
    href: '#status',
  },
  'REFERRAL.CLOSED': { text: 'The case is closed, so its actions cannot change', href: '#status' },
  // Refused by the API's body reader before any field's own rule (text pasted with a control
  // character in it, such as a vertical tab from a word processor): no field to point at.
  'HTTP.INVALID_TEXT': {
    text: 'Your answers hold a character this service cannot record, such as a control character copied with the text: type that text again instead of pasting it',
    href: '#main-content',
  },
  'PERSON.SEARCH_CRITERIA_REQUIRED': {
    text: 'Enter a name, a date of birth, a postcode or your agency’s reference',
    href: '#name',
  },
};

/** Validation messages of the API (`field must ...`), by the field they name. */
const FIELD_MESSAGES: Array<{ field: string; text: string }> = [
  { field: 'outcome', text: 'The outcome must be between 1 and 2,000 characters of text' },
  { field: 'status', text: 'Select the progress of the action' },
  { field: 'name', text: 'Enter a name of at least 2 letters, without < or >' },
  { field: 'givenName', text: 'Enter the given name, up to 100 characters, without < or >' },
  { field: 'familyName', text: 'Enter the family name, up to 100 characters, without < or >' },
  { field: 'dateOfBirth', text: 'Date of birth must be a real date in the past' },
  { field: 'postcode', text: 'Enter a UK postcode, like RM17 6SL' },
  { field: 'agencyReference', text: 'Your agency’s reference may hold letters, digits, / . _ - and single spaces' },
  { field: 'purpose', text: 'Select why you need to see this information' },
];

/**
 * What a page shows for an API refusal: its errors for the form (400, 409, 422), or the
 * no-access or not-found page (403, 404); anything else is a problem with the service.
 */
export function pageErrorsFor(problem: ApiProblem): PageError[] {
  if (problem.status === 403) throw new NoAccess();
  if (problem.status === 404 && !MESSAGES[problem.code]) throw new PageNotFound();
  const known = MESSAGES[problem.code];
  if (known) return [known];
  if (problem.status === 400 && problem.errors?.length) {
    const errors = FIELD_MESSAGES.filter(({ field }) => problem.errors!.some((e) => e.startsWith(`${field} `))).map(
      ({ field, text }) => ({ text, href: `#${field}` }),
    );
    if (errors.length) return errors;
  }
  throw new ServiceProblem(problem.status, problem.code);
}

/** For reads: a refusal the page cannot show as form errors is the no-access, not-found or problem page. */
export function refusalPage(problem: ApiProblem): never {
  pageErrorsFor(problem);
  throw new ServiceProblem(problem.status, problem.code);
}

/** The purposes of reading personal data (the API's `purpose` values), as the officer chooses them. */
export const PURPOSE_LABELS: Record<string, string> = {
  case_management: 'Managing a case',
  meeting_preparation: 'Preparing for a meeting',
  risk_assessment: 'Assessing risk',
  safeguarding: 'Safeguarding',
  duplicate_check: 'Checking for a duplicate record',
  information_sharing: 'Sharing information under an agreement',
  subject_access_request: 'Answering a subject access request',
  data_quality: 'Correcting or checking data quality',
  audit: 'Audit',
};
