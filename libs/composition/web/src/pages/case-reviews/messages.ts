import type { ApiProblem } from '../../hub-api';
import { NoAccess, PageNotFound, ServiceProblem } from '../../web-context';
import type { PageError } from '../plain-english';

/**
 * The case review API's refusals in plain English. `field` names the form field the refusal is
 * about, when there is one; otherwise the error links to the form's first field.
 */
const MESSAGES: Record<string, { text: string; field?: string }> = {
  'CASE_REVIEW.DAY_IN_FUTURE': { text: 'The date cannot be in the future' },
  'CASE_REVIEW.DAY_BEFORE_APPLICATION': { text: 'The date cannot be before the application was received' },
  'CASE_REVIEW.VICTIM_REQUIRED': { text: 'Choose the victim: only a business or group may apply without one' },
  'CASE_REVIEW.CONSENT_REQUIRED': {
    text: 'Choose the victim’s consent to someone applying for them',
    field: 'consentId',
  },
  'CASE_REVIEW.CONSENT_NOT_VALID': {
    text: 'The victim’s consent does not cover an ASB Case Review now (withdrawn, expired or for another purpose)',
    field: 'consentId',
  },
  'CASE_REVIEW.APPLICANT_NAME_REQUIRED': { text: 'Enter the applicant’s name', field: 'name' },
  'CASE_REVIEW.UNKNOWN_PERSON': { text: 'The victim is not a registered person of your partnership' },
  'CASE_REVIEW.UNKNOWN_WARD': { text: 'Choose a ward of your partnership', field: 'wardId' },
  'CASE_REVIEW.UNKNOWN_AGENCY': { text: 'Choose an agency of your partnership' },
  'CASE_REVIEW.ALREADY_ACKNOWLEDGED': { text: 'The application has already been acknowledged' },
  'CASE_REVIEW.NO_RELEVANT_BODIES': {
    text: 'Your partnership has no relevant bodies to ask: the partnership administrator sets each agency’s part in case reviews',
  },
  'CASE_REVIEW.ALREADY_ASKED': { text: 'Every agency named is already waiting to answer a request in this round' },
  'CASE_REVIEW.REQUEST_ALREADY_ANSWERED': { text: 'This request has already been answered' },
  'CASE_REVIEW.DUE_BEFORE_ASKED': {
    text: 'The answers cannot be due before the day they are asked for',
    field: 'dueOn',
  },
  'CASE_REVIEW.THRESHOLD_ALREADY_DECIDED': { text: 'The threshold has already been decided in this round' },
  'CASE_REVIEW.THRESHOLD_NOT_DECIDED': { text: 'The threshold has not been decided yet' },
  'CASE_REVIEW.THRESHOLD_NOT_MET': { text: 'The threshold was not met, so there is no panel or action plan' },
  'CASE_REVIEW.DISCRETION_NOT_ALLOWED': {
    text: 'Your partnership’s procedure does not allow accepting an application below the threshold',
    field: 'discretionReason',
  },
  'CASE_REVIEW.DISCRETION_NOT_NEEDED': {
    text: 'The threshold is met on the complaints, so no senior manager’s reason is needed: leave it empty',
    field: 'discretionReason',
  },
  'CASE_REVIEW.DISCRETION_REASON_REQUIRED': { text: 'Enter the senior manager’s reason', field: 'discretionReason' },
  'CASE_REVIEW.PANEL_NOT_SCHEDULED': { text: 'The panel meeting has not been scheduled yet' },
  'CASE_REVIEW.PANEL_ALREADY_SCHEDULED': { text: 'The panel meeting is already scheduled' },
  'CASE_REVIEW.PANEL_NOT_HELD': { text: 'The panel has not met yet' },
  'CASE_REVIEW.PANEL_ALREADY_HELD': { text: 'The panel meeting has already been recorded' },
  'CASE_REVIEW.NO_AGENCIES': { text: 'Choose at least one agency' },
  'CASE_REVIEW.RECOMMENDATION_FINISHED': { text: 'This recommendation is already done or cancelled' },
  'CASE_REVIEW.DUE_IN_PAST': { text: 'The due date cannot be in the past', field: 'dueOn' },
  'CASE_REVIEW.PLAN_FINALISED': { text: 'The action plan is final, so no recommendation can be added' },
  'CASE_REVIEW.PLAN_NOT_FINALISED': { text: 'Make the action plan final before telling the applicant the outcome' },
  'CASE_REVIEW.VICTIM_NOT_CONSULTED': { text: 'Record that the victim was consulted on the action plan first' },
  'CASE_REVIEW.OUTCOME_ALREADY_SENT': { text: 'The outcome has already been sent' },
  'CASE_REVIEW.OUTCOME_NOT_SENT': {
    text: 'Tell the applicant the outcome first (a review closes earlier only when the applicant withdraws)',
  },
  'CASE_REVIEW.CLOSED': { text: 'The review is closed' },
  'CASE_REVIEW.ESCALATED': { text: 'The review is with the PFCC’s office' },
  'CASE_REVIEW.NOT_ESCALATED': { text: 'The review is not with the PFCC’s office' },
  'CASE_REVIEW.APPEAL_WINDOW_PASSED': {
    text: 'The time to ask the PFCC’s office to review has passed',
    field: 'requestedOn',
  },
  'CASE_REVIEW.NO_POLICING_BODY': { text: 'Your partnership has no PFCC’s office (policing body) set up' },
  'CASE_REVIEW.TEXT_REQUIRED': { text: 'Enter the text' },
  'CASE_REVIEW.INVALID_REVIEW_DATES': { text: 'Check the dates: one of them is not possible for this review' },
  'CASE_REVIEW.ANSWER_SHAPE': { text: 'Say what your agency supplied, or that it holds nothing', field: 'answer' },
  'HTTP.PRECONDITION_FAILED': {
    text: 'The review changed since you opened this form: go back to the review, check it, and try again',
  },
};

/**
 * A case review refusal as form errors: the page's errors for 400, 409, 412 and 422; 403 is
 * the no-access page and 404 the not-found page (a review that is not there, or not yours to see).
 * `fieldOf` maps a field named in a validation message to the form field's id.
 */
export function reviewErrorsFor(
  problem: ApiProblem,
  firstField: string,
  fieldOf: (apiField: string) => { id: string; text: string } | undefined = () => undefined,
): PageError[] {
  const known = MESSAGES[problem.code] ?? (problem.status === 412 ? MESSAGES['HTTP.PRECONDITION_FAILED'] : undefined);
  if (problem.status === 403) throw new NoAccess();
  if (problem.status === 404 && !known) throw new PageNotFound();
  if (known) return [{ text: known.text, href: `#${known.field ?? firstField}` }];
  if (problem.status === 400 && problem.errors?.length) {
    const errors: PageError[] = [];
    for (const e of problem.errors) {
      const field = fieldOf(e.split(/[ .]/)[0]);
      if (field && !errors.some((x) => x.href === `#${field.id}`))
        errors.push({ text: field.text, href: `#${field.id}` });
    }
    if (errors.length) return errors;
  }
  throw new ServiceProblem(problem.status, problem.code);
}
