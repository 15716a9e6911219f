import type { Role } from '@hubline/access';
import { AGENCY_OFFICERS, COORDINATOR, dateFrom, ESCALATION_RECORDERS, PANEL, PFCC } from './forms';
import type { PageError } from '../plain-english';

type Option = { value: string; text: string };

/** A field of a step's form. `agencies` options are the partnership's active agencies. */
export interface StepField {
  name: string;
  kind: 'date' | 'radios' | 'agency' | 'agencies' | 'yesno' | 'text' | 'textarea';
  label: string;
  hint?: string;
  required: boolean;
  options?: Option[];
  maxlength?: number;
  /** Prefilled with today's date. */
  today?: boolean;
  /** Shown only when this radio field has this value (a conditional reveal is not needed without it). */
  when?: { field: string; value: string };
  /** The message when it is left empty. */
  error?: string;
}

/** One step of a review, as a form: who may take it, what it asks and how the API is called. */
export interface StepForm {
  key: string;
  title: string;
  caption: string;
  roles: Role[];
  fields: StepField[];
  button: string;
  /** The banner on the review page once done. */
  done: string;
  /** Steps on an information request or a recommendation name it after the review. */
  item?: 'request' | 'recommendation';
  /** The review's version goes with the change (If-Match); not for steps reached from the agency's lists. */
  versioned: boolean;
  method: 'POST' | 'PATCH';
  path: (reviewId: string, itemId?: string) => string;
  body: (values: FormValues) => unknown;
}

export type FormValues = Record<string, string | string[] | boolean | null>;

const CONTACT: Option[] = [
  { value: 'letter', text: 'Letter' },
  { value: 'email', text: 'Email' },
  { value: 'phone', text: 'Phone' },
  { value: 'in_person', text: 'In person' },
];
const text = (v: FormValues[string]) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export const STEP_FORMS: StepForm[] = [
  {
    key: 'acknowledge',
    title: 'Acknowledge the application',
    caption: 'Acknowledgement',
    roles: COORDINATOR,
    fields: [
      {
        name: 'acknowledgedOn',
        kind: 'date',
        label: 'When was the acknowledgement sent?',
        required: true,
        today: true,
      },
      { name: 'route', kind: 'radios', label: 'How was it sent?', required: true, options: CONTACT },
    ],
    button: 'Record the acknowledgement',
    done: 'The acknowledgement is recorded.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/acknowledge`,
    body: (v) => ({ acknowledgedOn: v.acknowledgedOn, route: v.route }),
  },
  {
    key: 'information-requests',
    title: 'Ask the agencies for what they hold',
    caption: 'Information requests',
    roles: COORDINATOR,
    fields: [
      { name: 'askedOn', kind: 'date', label: 'When are the requests sent?', required: true, today: true },
      {
        name: 'dueOn',
        kind: 'date',
        label: 'When are the answers due? (optional)',
        hint: 'Leave empty for 5 working days after the requests are sent.',
        required: false,
      },
      {
        name: 'agencyId',
        kind: 'agency',
        label: 'Ask one more agency (optional)',
        hint: 'Leave empty to ask every relevant body of the partnership (police, council, health and co-opted landlords) not already asked in this round.',
        required: false,
      },
    ],
    button: 'Send the requests',
    done: 'The information requests are recorded.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/information-requests`,
    body: (v) => ({
      askedOn: v.askedOn,
      ...(v.dueOn ? { dueOn: v.dueOn } : {}),
      ...(v.agencyId ? { agencyId: v.agencyId } : {}),
    }),
  },
  {
    key: 'answer',
    item: 'request',
    title: 'Answer the information request',
    caption: 'Information request to your agency',
    roles: AGENCY_OFFICERS,
    fields: [
      { name: 'answeredOn', kind: 'date', label: 'When did your agency answer?', required: true, today: true },
      {
        name: 'answer',
        kind: 'radios',
        label: 'What does your agency hold about the complaints?',
        required: true,
        options: [
          { value: 'supplied', text: 'We hold records and supply them' },
          { value: 'not_held', text: 'We hold nothing about the complaints' },
        ],
      },
      {
        name: 'summary',
        kind: 'textarea',
        label: 'What your agency supplies',
        hint: 'The complaints, what your agency did about each and when, and its contact with the victim. Shared with the coordinator’s agency under the statutory duty and kept sealed with the victim’s key.',
        required: true,
        maxlength: 4000,
        when: { field: 'answer', value: 'supplied' },
      },
    ],
    button: 'Send the answer',
    done: 'Your agency’s answer is recorded.',
    versioned: false,
    method: 'POST',
    path: (id, requestId) => `/case-reviews/${id}/information-requests/${requestId}/answer`,
    body: (v) =>
      v.answer === 'not_held'
        ? { answeredOn: v.answeredOn, nothingHeld: true }
        : { answeredOn: v.answeredOn, supplied: { summary: v.summary, reportIds: [] } },
  },
  {
    key: 'threshold-decision',
    title: 'Decide the threshold',
    caption: 'Threshold decision',
    roles: COORDINATOR,
    fields: [
      { name: 'decidedOn', kind: 'date', label: 'Day of the decision', required: true, today: true },
      {
        name: 'discretionReason',
        kind: 'textarea',
        label: 'A senior manager’s reason to accept it below the threshold (optional)',
        hint: 'Only when your procedure allows it and the complaints do not meet the threshold. Kept sealed with the victim’s key.',
        required: false,
        maxlength: 2000,
      },
    ],
    button: 'Judge the complaints and record the decision',
    done: 'The threshold decision is recorded with its working.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/threshold-decision`,
    body: (v) => ({
      decidedOn: v.decidedOn,
      ...(text(v.discretionReason) ? { discretionReason: text(v.discretionReason) } : {}),
    }),
  },
  {
    key: 'panel',
    title: 'Schedule the panel meeting',
    caption: 'Panel',
    roles: COORDINATOR,
    fields: [
      { name: 'meetingOn', kind: 'date', label: 'Day of the meeting', required: true },
      { name: 'chairName', kind: 'text', label: 'Chair’s name', required: true, maxlength: 120 },
      {
        name: 'independentChair',
        kind: 'yesno',
        label: 'Is the chair independent of the agencies reviewed?',
        required: true,
      },
      { name: 'agencyIds', kind: 'agencies', label: 'Agencies attending', required: true },
      { name: 'victimInvited', kind: 'yesno', label: 'Is the victim invited?', required: true },
    ],
    button: 'Schedule the panel',
    done: 'The panel meeting is scheduled.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/panel`,
    body: (v) => ({
      meetingOn: v.meetingOn,
      chairName: text(v.chairName),
      independentChair: v.independentChair,
      agencyIds: v.agencyIds,
      victimInvited: v.victimInvited,
    }),
  },
  {
    key: 'panel-held',
    title: 'Record that the panel met',
    caption: 'Panel',
    roles: COORDINATOR,
    fields: [
      { name: 'heldOn', kind: 'date', label: 'Day the panel met', required: true, today: true },
      { name: 'agenciesAttended', kind: 'agencies', label: 'Agencies that attended', required: true },
      { name: 'victimAttended', kind: 'yesno', label: 'Did the victim attend?', required: true },
      {
        name: 'impactStatementGiven',
        kind: 'yesno',
        label: 'Did the victim give an impact statement (in person or written)?',
        required: true,
      },
    ],
    button: 'Record the meeting',
    done: 'The panel meeting is recorded.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/panel/held`,
    body: (v) => ({
      heldOn: v.heldOn,
      agenciesAttended: v.agenciesAttended,
      victimAttended: v.victimAttended,
      impactStatementGiven: v.impactStatementGiven,
    }),
  },
  {
    key: 'findings',
    title: 'Record the panel’s findings',
    caption: 'Panel',
    roles: PANEL,
    fields: [
      {
        name: 'findings',
        kind: 'textarea',
        label: 'Findings',
        hint: 'How the complaints were handled, as the panel found. Kept sealed with the victim’s key.',
        required: true,
        maxlength: 8000,
      },
    ],
    button: 'Save the findings',
    done: 'The panel’s findings are recorded.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/findings`,
    body: (v) => ({ findings: text(v.findings) }),
  },
  {
    key: 'recommendation',
    title: 'Make a recommendation',
    caption: 'Action plan',
    roles: PANEL,
    fields: [
      { name: 'owningAgencyId', kind: 'agency', label: 'Which agency owns it?', required: true },
      {
        name: 'text',
        kind: 'textarea',
        label: 'What is the agency to do?',
        hint: 'Kept sealed with the victim’s key.',
        required: true,
        maxlength: 2000,
      },
      { name: 'dueOn', kind: 'date', label: 'When is it due?', required: true },
    ],
    button: 'Add the recommendation',
    done: 'The recommendation is added to the action plan.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/recommendations`,
    body: (v) => ({ owningAgencyId: v.owningAgencyId, text: text(v.text), dueOn: v.dueOn }),
  },
  {
    key: 'progress',
    item: 'recommendation',
    title: 'Report progress on a recommendation',
    caption: 'Action plan',
    roles: AGENCY_OFFICERS,
    fields: [
      {
        name: 'status',
        kind: 'radios',
        label: 'What is its progress?',
        required: true,
        options: [
          { value: 'in_progress', text: 'In progress' },
          { value: 'done', text: 'Done' },
          { value: 'cancelled', text: 'Cancelled' },
        ],
      },
      {
        name: 'note',
        kind: 'textarea',
        label: 'Progress note',
        hint: 'What was done (needed when done), or why it was cancelled. Kept sealed with the victim’s key.',
        required: false,
        maxlength: 2000,
      },
      { name: 'on', kind: 'date', label: 'Day of the update', required: true, today: true },
    ],
    button: 'Save progress',
    done: 'Progress on the recommendation is recorded.',
    versioned: false,
    method: 'PATCH',
    path: (id, recommendationId) => `/case-reviews/${id}/recommendations/${recommendationId}`,
    body: (v) => ({ status: v.status, on: v.on, ...(text(v.note) ? { note: text(v.note) } : {}) }),
  },
  {
    key: 'victim-consultation',
    title: 'Record that the victim was consulted on the action plan',
    caption: 'Action plan',
    roles: COORDINATOR,
    fields: [
      { name: 'consultedOn', kind: 'date', label: 'When was the victim consulted?', required: true, today: true },
      { name: 'route', kind: 'radios', label: 'How?', required: true, options: CONTACT },
      {
        name: 'views',
        kind: 'textarea',
        label: 'What the victim said about the plan (optional)',
        hint: 'Kept sealed with the victim’s key.',
        required: false,
        maxlength: 4000,
      },
    ],
    button: 'Record the consultation',
    done: 'The victim’s consultation is recorded.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/victim-consultation`,
    body: (v) => ({ consultedOn: v.consultedOn, route: v.route, ...(text(v.views) ? { views: text(v.views) } : {}) }),
  },
  {
    key: 'finalise',
    title: 'Make the action plan final',
    caption: 'Action plan',
    roles: COORDINATOR,
    fields: [{ name: 'finalisedOn', kind: 'date', label: 'Day the plan was made final', required: true, today: true }],
    button: 'Make the plan final',
    done: 'The action plan is final.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/action-plan/finalise`,
    body: (v) => ({ finalisedOn: v.finalisedOn }),
  },
  {
    key: 'outcome',
    title: 'Record that the applicant was told the outcome',
    caption: 'Outcome',
    roles: COORDINATOR,
    fields: [
      { name: 'sentOn', kind: 'date', label: 'When was the applicant told?', required: true, today: true },
      { name: 'route', kind: 'radios', label: 'How?', required: true, options: CONTACT },
    ],
    button: 'Record the outcome',
    done: 'The outcome is recorded: the applicant’s time to ask the PFCC’s office to review has started.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/outcome`,
    body: (v) => ({ sentOn: v.sentOn, route: v.route }),
  },
  {
    key: 'close',
    title: 'Close the review',
    caption: 'Closure',
    roles: COORDINATOR,
    fields: [
      { name: 'closedOn', kind: 'date', label: 'Day the review closes', required: true, today: true },
      {
        name: 'reason',
        kind: 'radios',
        label: 'Why does it close?',
        required: true,
        options: [
          { value: 'action_plan_agreed', text: 'The action plan is agreed' },
          { value: 'threshold_not_met', text: 'The threshold was not met' },
          { value: 'withdrawn_by_applicant', text: 'The applicant withdrew' },
          { value: 'pfcc_review_upheld', text: 'The PFCC’s office upheld the review' },
          { value: 'other', text: 'Another reason' },
        ],
      },
      {
        name: 'toldToVictim',
        kind: 'textarea',
        label: 'What the victim is told about why and when it closes',
        hint: 'Kept sealed with the victim’s key.',
        required: true,
        maxlength: 4000,
      },
    ],
    button: 'Close the review',
    done: 'The review is closed.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/close`,
    body: (v) => ({ closedOn: v.closedOn, reason: v.reason, toldToVictim: text(v.toldToVictim) }),
  },
  {
    key: 'escalation',
    title: 'Record a request for the PFCC’s office to review',
    caption: 'Escalation',
    roles: ESCALATION_RECORDERS,
    fields: [
      { name: 'requestedOn', kind: 'date', label: 'When did the applicant ask?', required: true, today: true },
      {
        name: 'grounds',
        kind: 'agencies',
        label: 'What do they ask the office to review?',
        required: true,
        options: [
          { value: 'handling', text: 'How the review was handled' },
          { value: 'threshold_not_met', text: 'The decision that the threshold was not met' },
        ],
      },
      {
        name: 'detail',
        kind: 'textarea',
        label: 'What the applicant says (optional)',
        hint: 'Kept sealed with the victim’s key.',
        required: false,
        maxlength: 4000,
      },
    ],
    button: 'Send to the PFCC’s office',
    done: 'The request is with the PFCC’s office.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/escalation`,
    body: (v) => ({
      requestedOn: v.requestedOn,
      grounds: v.grounds,
      ...(text(v.detail) ? { detail: text(v.detail) } : {}),
    }),
  },
  {
    key: 'pfcc-decision',
    title: 'Decide the PFCC review',
    caption: 'PFCC review',
    roles: PFCC,
    fields: [
      {
        name: 'decision',
        kind: 'radios',
        label: 'What is the office’s decision?',
        required: true,
        options: [
          { value: 'upheld', text: 'Upheld: the review stands' },
          { value: 'referred_back', text: 'Referred back for a fresh review (a new round)' },
        ],
      },
      {
        name: 'reasons',
        kind: 'textarea',
        label: 'Reasons',
        hint: 'Kept sealed with the victim’s key.',
        required: true,
        maxlength: 4000,
      },
      { name: 'decidedOn', kind: 'date', label: 'Day of the decision', required: true, today: true },
    ],
    button: 'Record the decision',
    done: 'The PFCC’s decision is recorded.',
    versioned: true,
    method: 'POST',
    path: (id) => `/case-reviews/${id}/pfcc-decision`,
    body: (v) => ({ decision: v.decision, reasons: text(v.reasons), decidedOn: v.decidedOn }),
  },
];

export const stepForm = (key: string) => STEP_FORMS.find((s) => s.key === key);

/** The id of a field's first input, where an error links to. */
export function fieldId(field: StepField, options: Option[]): string {
  if (field.kind === 'date') return `${field.name}-day`;
  if (field.kind === 'agencies') return `${field.name}-${options[0]?.value ?? ''}`;
  return field.name;
}

/**
 * Reads a step's form: each field's value as the API takes it, and the errors of a field left
 * empty or not a date. Checkboxes come as one field each (`<name>-<value>`), since a form field
 * sent twice keeps only its first value.
 */
export function readStep(
  form: StepForm,
  body: Record<string, string>,
  optionsOf: (field: StepField) => Option[],
): { values: FormValues; raw: Record<string, string>; errors: PageError[] } {
  const values: FormValues = {};
  const errors: PageError[] = [];
  const shown = (f: StepField) => !f.when || body[f.when.field] === f.when.value;
  for (const field of form.fields) {
    const options = optionsOf(field);
    const id = `#${fieldId(field, options)}`;
    const missing = (what: string) =>
      errors.push({ text: field.error ?? `${field.label.replace(/ \(optional\)$/, '')}: ${what}`, href: id });
    switch (field.kind) {
      case 'date': {
        const day = dateFrom(body[`${field.name}-day`], body[`${field.name}-month`], body[`${field.name}-year`]);
        if (day === null)
          errors.push({
            text: `${field.label.replace(/ \(optional\)$/, '')}: the date must be a real date, like 27 3 2026`,
            href: id,
          });
        else if (!day && field.required) missing('enter the date');
        values[field.name] = day || null;
        break;
      }
      case 'agencies': {
        const chosen = options.filter((o) => body[`${field.name}-${o.value}`] === 'yes').map((o) => o.value);
        if (field.required && chosen.length === 0) missing('select at least one');
        values[field.name] = chosen;
        break;
      }
      case 'yesno': {
        const v = body[field.name];
        if (field.required && v !== 'yes' && v !== 'no') missing('select yes or no');
        values[field.name] = v === 'yes' ? true : v === 'no' ? false : null;
        break;
      }
      case 'radios':
      case 'agency': {
        const v = body[field.name] ?? '';
        const allowed = options.some((o) => o.value === v);
        if (v && !allowed) missing('select one of the choices');
        else if (!v && field.required) missing('select an answer');
        values[field.name] = allowed ? v : null;
        break;
      }
      default: {
        const v = (body[field.name] ?? '').trim();
        if (!v && field.required && shown(field)) missing('enter the text');
        if (field.maxlength && v.length > field.maxlength)
          errors.push({
            text: `${field.label.replace(/ \(optional\)$/, '')}: ${field.maxlength.toLocaleString('en-GB')} characters or fewer`,
            href: id,
          });
        values[field.name] = shown(field) ? v : null;
      }
    }
  }
  return { values, raw: body, errors };
}
