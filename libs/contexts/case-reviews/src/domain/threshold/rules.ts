import { ThresholdError } from './errors';

/**
 * The most qualifying complaints a partnership may require before the threshold for an ASB Case
 * Review is met: s.104(4) of the Anti-social Behaviour, Crime and Policing Act 2014 says "at least
 * three (or ... a different number specified in the review procedures)", and the Act's notes and
 * the statutory guidance read that number as a cap: a partnership may set it lower, never higher.
 */
export const STATUTORY_MAX_QUALIFYING_COMPLAINTS = 3;

/** The Act's window: the application is made within six months beginning with the complaint. */
export const STATUTORY_WINDOW_MONTHS = 6;

/** The kind of behaviour a complaint was about. `hate`: motivated by a protected characteristic. */
export type ComplaintCategory = 'personal' | 'nuisance' | 'environmental' | 'hate';
export const COMPLAINT_CATEGORIES: readonly ComplaintCategory[] = ['personal', 'nuisance', 'environmental', 'hate'];

/**
 * A partnership's threshold rules, as its published review procedure sets them (s.104(5): below
 * the statutory number, "in accordance with the review procedures"). Each version is kept, and
 * every threshold decision records the version it was judged under.
 */
export interface ThresholdRules {
  /** The version in force, recorded with every decision. */
  version: number;
  /**
   * The number of qualifying complaints (distinct incidents) that meets the threshold: 1 to 3.
   * A number above 3 is refused: the law caps it.
   */
  qualifyingComplaints: number;
  /**
   * The months before the application in which a complaint counts: 6 (the Act's) to 12. A longer
   * window lets older complaints count towards the local number; the statutory number always
   * counts in the Act's six months. A window shorter than six months is refused: it would drop
   * complaints the law counts.
   */
  windowMonths: number;
  /** One qualifying hate incident in the window meets the threshold (the Essex procedure). */
  oneHateIncidentMeets: boolean;
  /**
   * The community threshold: `reports` distinct incidents about the same problem, from at least
   * `minDistinctReporters` different people or organisations, each reported within `windowMonths`
   * months before the application. Off by default.
   */
  community: { enabled: boolean; reports: number; windowMonths: number; minDistinctReporters: number };
  /**
   * A senior manager may accept an application below the threshold, weighing the persistence of
   * the behaviour, the harm or potential harm, and the adequacy of the response (s.104(5)); the
   * reason is recorded with the decision.
   */
  discretionAllowed: boolean;
}

/** What a partnership has until its administrator sets its own: the Act's three in six months. */
export const DEFAULT_THRESHOLD_RULES: ThresholdRules = {
  version: 1,
  qualifyingComplaints: 3,
  windowMonths: 6,
  oneHateIncidentMeets: false,
  community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
  discretionAllowed: true,
};

/** The ranges a partnership's values must be in (a version is a whole number from 1). */
export const THRESHOLD_RULE_RANGES = {
  qualifyingComplaints: { min: 1, max: STATUTORY_MAX_QUALIFYING_COMPLAINTS },
  windowMonths: { min: STATUTORY_WINDOW_MONTHS, max: 12 },
  communityReports: { min: 2, max: 20 },
  communityWindowMonths: { min: 1, max: 12 },
  /** At least two: the community threshold is about a problem more than one person reports. */
  communityMinDistinctReporters: { min: 2 },
} as const;

const wholeIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * Checks a partnership's rules; throws `CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT` when the
 * number asked for is above three, `CASE_REVIEW.INVALID_THRESHOLD_RULES` (with every problem in
 * `details.problems`) for anything else out of range or of the wrong type.
 */
export function validateThresholdRules(rules: ThresholdRules): void {
  if (typeof rules !== 'object' || rules === null)
    throw new ThresholdError('CASE_REVIEW.INVALID_THRESHOLD_RULES', 'The threshold rules are missing.', {
      problems: ['rules: an object.'],
    });
  const r = rules as unknown as Record<string, unknown>;
  if (
    typeof r.qualifyingComplaints === 'number' &&
    Number.isInteger(r.qualifyingComplaints) &&
    r.qualifyingComplaints > STATUTORY_MAX_QUALIFYING_COMPLAINTS
  )
    throw new ThresholdError(
      'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT',
      `The law caps the threshold at ${STATUTORY_MAX_QUALIFYING_COMPLAINTS} qualifying complaints; a partnership may set a lower number, never a higher one.`,
      { max: STATUTORY_MAX_QUALIFYING_COMPLAINTS, asked: r.qualifyingComplaints },
    );

  const { qualifyingComplaints, windowMonths, communityReports, communityWindowMonths } = THRESHOLD_RULE_RANGES;
  const problems: string[] = [];
  if (!wholeIn(r.version, 1, Number.MAX_SAFE_INTEGER)) problems.push('version: a whole number from 1.');
  if (!wholeIn(r.qualifyingComplaints, qualifyingComplaints.min, qualifyingComplaints.max))
    problems.push(
      `qualifyingComplaints: a whole number from ${qualifyingComplaints.min} to ${qualifyingComplaints.max}.`,
    );
  if (!wholeIn(r.windowMonths, windowMonths.min, windowMonths.max))
    problems.push(`windowMonths: a whole number of months from ${windowMonths.min} to ${windowMonths.max}.`);
  if (typeof r.oneHateIncidentMeets !== 'boolean') problems.push('oneHateIncidentMeets: true or false.');
  if (typeof r.discretionAllowed !== 'boolean') problems.push('discretionAllowed: true or false.');
  const c = r.community as Record<string, unknown> | null | undefined;
  if (typeof c !== 'object' || c === null) problems.push('community: the community threshold settings.');
  else {
    if (typeof c.enabled !== 'boolean') problems.push('community.enabled: true or false.');
    if (!wholeIn(c.reports, communityReports.min, communityReports.max))
      problems.push(`community.reports: a whole number from ${communityReports.min} to ${communityReports.max}.`);
    if (!wholeIn(c.windowMonths, communityWindowMonths.min, communityWindowMonths.max))
      problems.push(
        `community.windowMonths: a whole number of months from ${communityWindowMonths.min} to ${communityWindowMonths.max}.`,
      );
    const maxReporters = wholeIn(c.reports, communityReports.min, communityReports.max)
      ? (c.reports as number)
      : communityReports.max;
    if (!wholeIn(c.minDistinctReporters, THRESHOLD_RULE_RANGES.communityMinDistinctReporters.min, maxReporters))
      problems.push(
        `community.minDistinctReporters: a whole number from ${THRESHOLD_RULE_RANGES.communityMinDistinctReporters.min} to the number of reports.`,
      );
  }
  if (problems.length)
    throw new ThresholdError('CASE_REVIEW.INVALID_THRESHOLD_RULES', 'The threshold rules are not valid.', { problems });
}
