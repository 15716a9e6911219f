import { isIsoDate } from '@hubline/calendar';
import { ThresholdError } from './errors';
import { lastDayOfPeriodBeginningWith } from './periods';
import {
  COMPLAINT_CATEGORIES,
  STATUTORY_MAX_QUALIFYING_COMPLAINTS,
  STATUTORY_WINDOW_MONTHS,
  validateThresholdRules,
  type ComplaintCategory,
  type ThresholdRules,
} from './rules';

/**
 * One report of anti-social behaviour to one agency: the facts the threshold needs, ids and codes
 * only. The reports context supplies them; nothing here reads a store.
 */
export interface Complaint {
  reportId: string;
  /** Reports of one incident to several agencies share this id, and count once. */
  incidentId: string;
  agencyId: string;
  /**
   * Whether the agency is a relevant body for ASB Case Reviews (s.105): the council, the police,
   * an Integrated Care Board, or a social landlord the partnership co-opted. A complaint made to
   * anyone else is not a qualifying complaint.
   */
  agencyIsRelevantBody: boolean;
  /** Who reported: a person id, or `org:<name>` for a business or group (the community threshold). */
  reporterKey: string;
  /** The day the behaviour happened. */
  behaviourOn: string;
  /** The day it was reported to the agency. */
  reportedOn: string;
  category: ComplaintCategory;
}

export interface ThresholdInput {
  /** The day the application was received. */
  applicationOn: string;
  /** The applicant's (the victim's) complaints. */
  complaints: Complaint[];
  /** Complaints about the same problem from anyone, for the community threshold. */
  communityComplaints?: Complaint[];
  rules: ThresholdRules;
  /**
   * A senior manager accepts the application below the threshold. The caller has checked who may
   * do so; the engine checks that the rules allow it and that there is a reason.
   */
  discretion?: { reason: string };
}

/** Why a complaint does not count. */
export type ComplaintReason =
  | 'REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR'
  | 'APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT'
  | 'OUTSIDE_LOCAL_WINDOW'
  | 'SAME_INCIDENT_AS_ANOTHER'
  | 'NOT_MADE_TO_A_RELEVANT_BODY'
  | 'REPORTED_AFTER_APPLICATION';

export interface ComplaintVerdict {
  reportId: string;
  incidentId: string;
  /** Counts towards the threshold (as the one report of its incident that does). */
  qualifies: boolean;
  /** Empty when it qualifies. */
  reasons: ComplaintReason[];
  /** For SAME_INCIDENT_AS_ANOTHER: the report of the same incident that counts instead. */
  sameAsReportId?: string;
  /**
   * A qualifying complaint in the Act's own sense (s.104(11)): to a relevant body, within one
   * month of the behaviour, the application within six months. False for a complaint that counts
   * only under a local window longer than six months, and for one that does not count at all.
   */
  statutory: boolean;
}

/** How the threshold was met, in the order the engine tries them. */
export type ThresholdBasis = 'statutory_number' | 'local_number' | 'hate_incident' | 'community' | 'discretion';

/** Why the threshold was not met: each route the rules offer, and why it fell short. */
export type NotMetReason =
  | 'TOO_FEW_QUALIFYING_COMPLAINTS'
  | 'NO_QUALIFYING_HATE_INCIDENT'
  | 'COMMUNITY_TOO_FEW_REPORTS'
  | 'COMMUNITY_TOO_FEW_REPORTERS';

export interface ThresholdJudgement {
  rulesVersion: number;
  /** One per input complaint, in input order. */
  complaints: ComplaintVerdict[];
  /** Distinct incidents among the complaints that count under the rules in force. */
  qualifyingIncidents: number;
  /** Distinct incidents among the Act's qualifying complaints (six months, whatever the rules). */
  statutoryQualifyingIncidents: number;
  /** The number the rules ask for (the partnership's, 1 to 3). */
  requiredIncidents: number;
  met: boolean;
  /** The first basis that applies, in ThresholdBasis order; null when not met. */
  basis: ThresholdBasis | null;
  /** Every route that fell short, when not met (never empty then); [] when met. */
  notMetReasons: NotMetReason[];
  /** What the community threshold counted; null when the rules do not use it. */
  community: { reports: number; reporters: number } | null;
}

const invalid = (message: string, details?: Record<string, unknown>) =>
  new ThresholdError('CASE_REVIEW.INVALID_THRESHOLD_INPUT', message, details);

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function checkComplaints(list: unknown, what: string): Complaint[] {
  if (!Array.isArray(list)) throw invalid(`${what} must be a list.`);
  const seen = new Set<string>();
  for (const [i, c] of (list as Complaint[]).entries()) {
    const at = { list: what, index: i };
    if (typeof c !== 'object' || c === null) throw invalid(`${what}[${i}] is not a complaint.`, at);
    for (const field of ['reportId', 'incidentId', 'agencyId', 'reporterKey'] as const)
      if (!nonEmpty(c[field])) throw invalid(`${what}[${i}].${field} is required.`, at);
    if (typeof c.agencyIsRelevantBody !== 'boolean')
      throw invalid(`${what}[${i}].agencyIsRelevantBody must be true or false.`, at);
    for (const field of ['behaviourOn', 'reportedOn'] as const)
      if (!isIsoDate(c[field])) throw invalid(`${what}[${i}].${field} must be a calendar day, YYYY-MM-DD.`, at);
    if (c.reportedOn < c.behaviourOn)
      throw invalid(`${what}[${i}] was reported before the behaviour happened.`, { ...at, reportId: c.reportId });
    if (!COMPLAINT_CATEGORIES.includes(c.category))
      throw invalid(`${what}[${i}].category must be one of: ${COMPLAINT_CATEGORIES.join(', ')}.`, at);
    if (seen.has(c.reportId)) throw invalid(`${what} has report ${c.reportId} twice.`, { ...at, reportId: c.reportId });
    seen.add(c.reportId);
  }
  return list as Complaint[];
}

/** Within one month of the behaviour: the period of one month beginning with the day it happened. */
const reportedInTime = (c: Complaint) => c.reportedOn <= lastDayOfPeriodBeginningWith(c.behaviourOn, 1);

/** The application is made within `months` months beginning with the day of the complaint. */
const applicationWithin = (c: Complaint, applicationOn: string, months: number) =>
  applicationOn <= lastDayOfPeriodBeginningWith(c.reportedOn, months);

interface Assessed {
  complaint: Complaint;
  index: number;
  reasons: ComplaintReason[];
  statutory: boolean;
}

/**
 * A complaint against the law and the local window, before duplicates are looked at. Reasons come
 * in a fixed order; a complaint made after the application has no window to be judged in.
 */
function assess(c: Complaint, index: number, applicationOn: string, rules: ThresholdRules): Assessed {
  const reasons: ComplaintReason[] = [];
  if (!c.agencyIsRelevantBody) reasons.push('NOT_MADE_TO_A_RELEVANT_BODY');
  const afterApplication = c.reportedOn > applicationOn;
  if (afterApplication) reasons.push('REPORTED_AFTER_APPLICATION');
  if (!reportedInTime(c)) reasons.push('REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR');
  const inStatutoryWindow = !afterApplication && applicationWithin(c, applicationOn, STATUTORY_WINDOW_MONTHS);
  const inLocalWindow = !afterApplication && applicationWithin(c, applicationOn, rules.windowMonths);
  if (!afterApplication && !inStatutoryWindow) {
    if (!inLocalWindow) reasons.push('APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT');
    if (!inLocalWindow && rules.windowMonths > STATUTORY_WINDOW_MONTHS) reasons.push('OUTSIDE_LOCAL_WINDOW');
  }
  const statutory = c.agencyIsRelevantBody && !afterApplication && reportedInTime(c) && inStatutoryWindow;
  return { complaint: c, index, reasons, statutory };
}

/** Earlier report first; a report of the Act's kind before one that counts only locally; then input order. */
function countsFirst(a: Assessed, b: Assessed): number {
  if (a.statutory !== b.statutory) return a.statutory ? -1 : 1;
  if (a.complaint.reportedOn !== b.complaint.reportedOn)
    return a.complaint.reportedOn < b.complaint.reportedOn ? -1 : 1;
  return a.index - b.index;
}

const distinctIncidents = (list: Assessed[]) => new Set(list.map((a) => a.complaint.incidentId)).size;

/**
 * Judges whether the threshold for an ASB Case Review is met, under the partnership's rules.
 *
 * A complaint qualifies when it was made to a relevant body, within the period of one month
 * beginning with the day of the behaviour, and the application is made within six months
 * beginning with the day of the complaint (s.104(11)); a local window longer than six months lets
 * older complaints count towards the local number. An incident reported to several agencies
 * counts once: its earliest qualifying report counts, the later ones are SAME_INCIDENT_AS_ANOTHER
 * and name it.
 *
 * The threshold is met, on the first basis that applies:
 * - `statutory_number`: at least three of the Act's qualifying complaints. The law then obliges the
 *   bodies to find it met, whatever the local rules say (s.104(4));
 * - `local_number`: at least the lower number the partnership set (or its number counted in its
 *   longer window);
 * - `hate_incident`: one qualifying hate incident, where the rules say so;
 * - `community`: the community threshold, where the rules use it;
 * - `discretion`: a senior manager accepts it below the threshold, where the rules allow it.
 * When it is not met, `notMetReasons` names every route that fell short.
 */
export function judgeThreshold(input: ThresholdInput): ThresholdJudgement {
  const { rules } = input;
  validateThresholdRules(rules);
  if (!isIsoDate(input.applicationOn)) throw invalid('applicationOn must be a calendar day, YYYY-MM-DD.');
  const complaints = checkComplaints(input.complaints, 'complaints');
  const communityComplaints = checkComplaints(input.communityComplaints ?? [], 'communityComplaints');
  if (input.discretion !== undefined) {
    if (!rules.discretionAllowed)
      throw new ThresholdError(
        'CASE_REVIEW.DISCRETION_NOT_ALLOWED',
        "The partnership's threshold rules do not allow accepting an application below the threshold.",
        { rulesVersion: rules.version },
      );
    if (!nonEmpty(input.discretion?.reason))
      throw new ThresholdError(
        'CASE_REVIEW.DISCRETION_REASON_REQUIRED',
        'Accepting an application below the threshold needs the reason, which is recorded with the decision.',
      );
  }

  const assessed = complaints.map((c, i) => assess(c, i, input.applicationOn, rules));
  const counting = assessed.filter((a) => a.reasons.length === 0);

  // One report counts per incident; the others of a counted incident name it.
  const countedFor = new Map<string, Assessed>();
  for (const a of [...counting].sort(countsFirst))
    if (!countedFor.has(a.complaint.incidentId)) countedFor.set(a.complaint.incidentId, a);

  const verdicts: ComplaintVerdict[] = assessed.map((a) => {
    const base = { reportId: a.complaint.reportId, incidentId: a.complaint.incidentId, statutory: a.statutory };
    if (a.reasons.length > 0) return { ...base, qualifies: false, reasons: a.reasons };
    const counted = countedFor.get(a.complaint.incidentId)!;
    if (counted === a) return { ...base, qualifies: true, reasons: [] };
    return {
      ...base,
      qualifies: false,
      reasons: ['SAME_INCIDENT_AS_ANOTHER'],
      sameAsReportId: counted.complaint.reportId,
    };
  });

  const qualifyingIncidents = distinctIncidents(counting);
  const statutoryQualifyingIncidents = distinctIncidents(assessed.filter((a) => a.statutory));
  const hateIncident = counting.some((a) => a.complaint.category === 'hate');
  const community = rules.community.enabled
    ? communityCount(complaints, communityComplaints, input.applicationOn, rules.community.windowMonths)
    : null;

  const communityMet =
    community !== null &&
    community.reports >= rules.community.reports &&
    community.reporters >= rules.community.minDistinctReporters;
  const basis: ThresholdBasis | null =
    statutoryQualifyingIncidents >= STATUTORY_MAX_QUALIFYING_COMPLAINTS
      ? 'statutory_number'
      : qualifyingIncidents >= rules.qualifyingComplaints
        ? 'local_number'
        : rules.oneHateIncidentMeets && hateIncident
          ? 'hate_incident'
          : communityMet
            ? 'community'
            : input.discretion !== undefined
              ? 'discretion'
              : null;

  const notMetReasons: NotMetReason[] = [];
  if (basis === null) {
    notMetReasons.push('TOO_FEW_QUALIFYING_COMPLAINTS');
    if (rules.oneHateIncidentMeets) notMetReasons.push('NO_QUALIFYING_HATE_INCIDENT');
    if (community !== null && community.reports < rules.community.reports)
      notMetReasons.push('COMMUNITY_TOO_FEW_REPORTS');
    if (community !== null && community.reporters < rules.community.minDistinctReporters)
      notMetReasons.push('COMMUNITY_TOO_FEW_REPORTERS');
  }

  return {
    rulesVersion: rules.version,
    complaints: verdicts,
    qualifyingIncidents,
    statutoryQualifyingIncidents,
    requiredIncidents: rules.qualifyingComplaints,
    met: basis !== null,
    basis,
    notMetReasons,
    community,
  };
}

/**
 * The community threshold's count: the applicant's and everyone else's reports about the problem
 * (each report once), made to a relevant body, within one month of the behaviour, not after the
 * application, and within the community window before it. It counts distinct incidents, and the
 * distinct people or organisations who reported any of them.
 */
function communityCount(
  own: Complaint[],
  others: Complaint[],
  applicationOn: string,
  windowMonths: number,
): { reports: number; reporters: number } {
  const byReport = new Map<string, Complaint>();
  for (const c of [...own, ...others]) if (!byReport.has(c.reportId)) byReport.set(c.reportId, c);
  const counted = [...byReport.values()].filter(
    (c) =>
      c.agencyIsRelevantBody &&
      c.reportedOn <= applicationOn &&
      reportedInTime(c) &&
      applicationWithin(c, applicationOn, windowMonths),
  );
  return {
    reports: new Set(counted.map((c) => c.incidentId)).size,
    reporters: new Set(counted.map((c) => c.reporterKey)).size,
  };
}
