/**
 * Plain-language sentences for timeline entries, written for council and police officers. Pure:
 * the entry's stored facts (codes, bands, dates, ids: never personal data) plus names looked up
 * at read time, so renaming an agency or locality changes every sentence at once.
 */

export const TIMELINE_ROLES = ['victim', 'offender', 'subject'] as const;
export type TimelineRole = (typeof TIMELINE_ROLES)[number];

export type Facts = Record<string, unknown>;

export interface SummaryInput {
  type: string;
  role: TimelineRole;
  /** The agency that acted, when known. */
  agencyId: string | null;
  facts: Facts;
  /** The entry belongs to a duplicate record since merged into the one being read. */
  onMergedRecord?: boolean;
}

export interface Names {
  agency(agencyId: string): string | undefined;
  locality(localityId: string): string | undefined;
  ward?(wardId: string): string | undefined;
}

const APPLICANTS: Record<string, string> = {
  victim: '',
  on_behalf: ' (on the victim’s behalf)',
  business: ' (by a business)',
  community_group: ' (by a community group)',
};

const THRESHOLD_BASES: Record<string, string> = {
  statutory_number: 'three qualifying complaints',
  local_number: 'the local number of complaints',
  hate_incident: 'a hate incident',
  community: 'the community threshold',
  discretion: 'senior manager’s discretion',
};

const ORDER_KINDS: Record<string, string> = {
  warning_letter: 'Warning letter',
  acceptable_behaviour_contract: 'Acceptable Behaviour Contract',
  community_protection_warning: 'Community Protection Warning',
  community_protection_notice: 'Community Protection Notice',
  civil_injunction: 'Civil injunction',
  criminal_behaviour_order: 'Criminal Behaviour Order',
  closure_notice: 'Closure notice',
  closure_order: 'Closure order',
  pspo_fixed_penalty_notice: 'PSPO fixed penalty notice',
};

const BREACH_RESPONSES: Record<string, string> = {
  fixed_penalty_notice: 'a fixed penalty notice',
  arrest_warrant_sought: 'a warrant sought',
  committal_application: 'an application to commit',
  escalation: 'escalation to a further order',
};

/** "Civil injunction" (or "Order" when the kind is not known). */
const orderKind = (f: Facts) => ORDER_KINDS[String(f.kind)] ?? 'Order';

const CATEGORIES: Record<string, string> = { asb: 'anti-social behaviour', hate_crime: 'hate crime' };

const ACTION_KINDS: Record<string, string> = {
  warning_letter: 'warning letter',
  acceptable_behaviour_contract: 'acceptable behaviour contract',
  community_protection_warning: 'Community Protection Warning',
  community_protection_notice: 'Community Protection Notice',
  civil_injunction: 'civil injunction',
  criminal_behaviour_order: 'Criminal Behaviour Order',
  closure_order: 'closure order',
  eviction: 'eviction',
  pspo_fixed_penalty: 'Public Spaces Protection Order fixed penalty',
  support_referral: 'referral to support services',
  target_hardening: 'target hardening',
  mediation: 'mediation',
  other: 'other action',
};

const ACTION_STATUS_CHANGES: Record<string, string> = {
  open: 'Action reopened',
  in_progress: 'Action under way',
  completed: 'Action completed',
  cancelled: 'Action cancelled',
};

const WORDS: Record<string, string> = {
  very_high: 'very high',
  sexual_orientation: 'sexual orientation',
  transgender_identity: 'transgender identity',
  alternative_subculture: 'alternative subculture',
  actions_agreed: 'actions agreed',
  tell_victim_about_case_review: 'victim to be told about the ASB Case Review',
  refer_to_another_process: 'refer to another process',
  risk_to_be_reassessed: 'risk to be reassessed',
};

/** Codes read as words; unknown codes still read sensibly ("victim_moved" becomes "victim moved"). */
const words = (code: unknown): string => {
  const text = String(code ?? '');
  return WORDS[text] ?? text.replace(/_/g, ' ');
};
const list = (codes: unknown): string => (Array.isArray(codes) ? codes.map(words).join(', ') : '');
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** "the Grays LAG" when the locality is known, else "the LAG". */
function lag(facts: Facts, names: Names): string {
  const locality = str(facts.localityId) && names.locality(str(facts.localityId)!);
  return locality ? `the ${locality} LAG` : 'the LAG';
}

function meeting(facts: Facts, names: Names): string {
  const date = str(facts.meetingDate);
  return `${lag(facts, names)} meeting${date ? ` on ${date}` : ''}`;
}

function nextReview(facts: Facts, first = false): string {
  const date = str(facts.nextReviewDate);
  return date ? `${first ? 'first review due' : 'next review'} ${date}` : 'no review scheduled';
}

const EXPLANATION_METHODS: Record<string, string> = {
  in_person: 'in person',
  phone: 'by phone',
  letter: 'by letter',
  email: 'by email',
  other: 'another way',
};

/** "ASB report (nuisance)" or "Hate incident report (race)"; characteristics only where asked (never to an offender). */
function asbReport(facts: Facts, withCharacteristics: boolean): string {
  if (facts.category !== 'hate') return `ASB report (${words(facts.category)})`;
  const characteristics = withCharacteristics ? list(facts.protectedCharacteristics) : '';
  return `Hate incident report${characteristics ? ` (${characteristics})` : ''}`;
}

/** " received by Thurrock Council, ward Grays Riverside". */
function receivedBy(entry: SummaryInput, facts: Facts, names: Names): string {
  const agency = entry.agencyId ? names.agency(entry.agencyId) : undefined;
  const ward = str(facts.wardId) && names.ward?.(str(facts.wardId)!);
  return `${agency ? ` received by ${agency}` : ''}${ward ? `, ward ${ward}` : ''}`;
}

function erasureGround(code: unknown): string {
  const ground = String(code ?? '');
  if (ground.startsWith('uk_gdpr_art17')) return 'UK GDPR Art 17';
  if (ground === 'dpa_2018_s47') return 'DPA 2018 s.47';
  if (ground === 'retention_period_expired') return 'retention period ended';
  return words(ground);
}

export function summarise(entry: SummaryInput, names: Names): string {
  const f = entry.facts;
  const agency = entry.agencyId ? names.agency(entry.agencyId) : undefined;
  switch (entry.type) {
    case 'VictimReferred': {
      const category = CATEGORIES[String(f.category)] ?? words(f.category);
      const characteristics = list(f.protectedCharacteristics);
      const what = `${category}${characteristics ? ` (${characteristics})` : ''}`;
      const risk = `risk ${words(f.band)}`;
      if (entry.role === 'offender')
        return `Named as a perpetrator in a referral to ${lag(f, names)} for ${what}; ${risk}`;
      return `Referred to ${lag(f, names)} for ${what}; ${risk}${f.repeat === true ? ' (repeat referral)' : ''}`;
    }
    case 'ReferralAccepted':
      return `Referral accepted by the LAG chair; ${nextReview(f, true)}`;
    case 'ReferralDeclined':
      return `Referral declined: ${words(f.reason)}`;
    case 'RiskReassessed':
      return f.band === f.previousBand
        ? `Risk reassessed: still ${words(f.band)}`
        : `Risk reassessed: ${words(f.previousBand)} to ${words(f.band)}`;
    case 'ActionAgreed': {
      const kind = ACTION_KINDS[String(f.kind)] ?? words(f.kind);
      const owner = str(f.owningAgencyId) && names.agency(str(f.owningAgencyId)!);
      return `Action agreed${f.aboutThisPerson === true ? ' about this person' : ''}: ${kind}${owner ? `, owned by ${owner}` : ''}${str(f.dueDate) ? `, due ${f.dueDate}` : ''}`;
    }
    case 'ActionStatusChanged': {
      const change = ACTION_STATUS_CHANGES[String(f.to)] ?? `Action now ${words(f.to)}`;
      const kind = str(f.kind) ? (ACTION_KINDS[String(f.kind)] ?? words(f.kind)) : undefined;
      return kind ? `${change}: ${kind}` : change;
    }
    case 'ReferralReviewed':
      return `${str(f.meetingId) ? `Case reviewed at ${meeting(f, names)}` : 'Case reviewed between meetings'}; risk ${words(f.band)}; ${nextReview(f)}`;
    case 'ReferralClosed': {
      const outcomes = list(f.outcomes);
      return `Case closed: ${words(f.reason)}${outcomes ? `; outcome: ${outcomes}` : ''}`;
    }
    case 'ReferralReopened':
      return `Case reopened; ${nextReview(f)}`;
    case 'CaseAddedToAgenda':
      return `On the agenda of ${meeting(f, names)} ${f.item === 'new' ? 'as a new case' : 'for review'}`;
    case 'CaseDiscussed': {
      const decisions = list(f.decisions);
      return `Discussed at ${meeting(f, names)}${decisions ? `: ${decisions}` : ''}`;
    }
    case 'ActionsCarriedForward': {
      const n = Number(f.count ?? 0);
      return `${n} outstanding action${n === 1 ? '' : 's'} carried forward at ${meeting(f, names)}`;
    }
    case 'AsbReportRecorded': {
      const when = str(f.reportedOn) ? `, reported on ${f.reportedOn}` : '';
      const hate = f.category === 'hate';
      if (entry.role === 'offender')
        return `Named as an alleged perpetrator in ${hate ? 'a hate incident report' : `an ASB report (${words(f.category)})`}${receivedBy(entry, f, names)}`;
      if (entry.role === 'subject')
        return `Reported ${hate ? 'a hate incident' : `ASB (${words(f.category)})`} for another person${receivedBy(entry, f, names)}${when}`;
      return `${asbReport(f, true)}${receivedBy(entry, f, names)}${when}`;
    }
    case 'AsbReportLinkedToIncident':
      return 'ASB report linked to the same incident as another report: the incident counts once';
    case 'AsbReportUnlinkedFromIncident':
      return `ASB report unlinked from another report's incident (${words(f.reason)}): its own incident again`;
    case 'AsbReportWithdrawn':
      return `ASB report withdrawn: ${words(f.reason)}`;
    case 'CaseReviewExplanationDue':
      return `Second incident reported within six months: ${agency ?? 'the receiving agency'} to explain the ASB Case Review`;
    case 'CaseReviewExplanationWithdrawn':
      return `ASB Case Review explanation no longer due: ${words(f.reason)}`;
    case 'CaseReviewExplained': {
      const how = EXPLANATION_METHODS[String(f.how)] ?? words(f.how);
      return `ASB Case Review explained ${how}${agency ? ` by ${agency}` : ''}${str(f.explainedOn) ? ` on ${f.explainedOn}` : ''}`;
    }
    case 'CaseReviewApplied':
      return `Applied for an ASB Case Review${APPLICANTS[String(f.applicantKind)] ?? ''} (${words(f.route)})`;
    case 'CaseReviewThresholdDecided':
      return f.met === true
        ? `ASB Case Review threshold met${str(f.basis) ? ` (${THRESHOLD_BASES[String(f.basis)] ?? words(f.basis)})` : ''}`
        : 'ASB Case Review threshold not met; the applicant may ask the PFCC’s office to review the decision';
    case 'CaseReviewPanelHeld':
      return `ASB Case Review panel met${f.victimAttended === true ? ', with the victim attending' : ''}`;
    case 'CaseReviewOutcomeSent':
      return `ASB Case Review outcome sent to the applicant${str(f.appealBy) ? `; may ask for a review until ${f.appealBy}` : ''}`;
    case 'CaseReviewClosed':
      return `ASB Case Review closed: ${words(f.reason)}`;
    case 'CaseReviewEscalated':
      return 'Asked the PFCC’s office to review the ASB Case Review';
    case 'CaseReviewPfccReviewDecided':
      return f.decision === 'referred_back'
        ? 'The PFCC’s office referred the ASB Case Review back for a fresh review'
        : 'The PFCC’s office upheld the ASB Case Review';
    case 'EnforcementOrderServed':
      return `${orderKind(f)} ${f.kind === 'pspo_fixed_penalty_notice' ? 'issued' : 'served'}${agency ? ` by ${agency}` : ''}${str(f.servedOn) ? ` on ${f.servedOn}` : ''}${str(f.expiresOn) ? `, in force until ${f.expiresOn}` : ''}`;
    case 'EnforcementOrderVaried': {
      const end =
        f.expiresOn !== f.previousExpiresOn
          ? str(f.expiresOn)
            ? `, now until ${f.expiresOn}`
            : ', now with no end date'
          : '';
      return `${orderKind(f)} varied${f.conditionsChanged === true ? ' (conditions changed)' : ''}${end}`;
    }
    case 'EnforcementOrderDischarged':
      return `${orderKind(f)} discharged${str(f.dischargedOn) ? ` on ${f.dischargedOn}` : ''} (${words(f.reason)})`;
    case 'EnforcementOrderBreached':
      return `${orderKind(f)} breached${str(f.occurredOn) ? ` on ${f.occurredOn}` : ''}; response: ${BREACH_RESPONSES[String(f.response)] ?? words(f.response)}`;
    case 'EnforcementBreachResponded':
      return `Response to a breach decided (${orderKind(f)}): ${BREACH_RESPONSES[String(f.response)] ?? words(f.response)}`;
    case 'PersonRegistered':
      return `${entry.onMergedRecord ? 'Duplicate record' : 'Record'} created${agency ? ` by ${agency}` : ''}`;
    case 'PersonAgencyReferenceAdded':
      return `${agency ?? 'An agency'} recorded its own reference for this person${entry.onMergedRecord ? ' (on a duplicate record)' : ''}`;
    case 'PeopleMerged':
      return f.direction === 'from'
        ? 'A duplicate record was merged into this one'
        : 'Record merged into another record';
    case 'PersonForgotten':
      return `${entry.onMergedRecord ? 'Duplicate record' : 'Record'} erased${str(f.forgottenOn) ? ` on ${f.forgottenOn}` : ''} (${erasureGround(f.legalGround)})`;
    default:
      return `Recorded: ${entry.type}`;
  }
}
