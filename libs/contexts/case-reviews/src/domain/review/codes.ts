/** The fixed lists a case review's codes come from: codes, so the figures count without opening anything. */

/** How the application reached the single point of contact (several ways must be offered: 2025 guidance). */
export const APPLICATION_ROUTES = ['online', 'phone', 'paper', 'in_person', 'email'] as const;
export type ApplicationRoute = (typeof APPLICATION_ROUTES)[number];

/** How the applicant is told something (acknowledgement, outcome). */
export const CONTACT_ROUTES = ['letter', 'email', 'phone', 'in_person'] as const;
export type ContactRoute = (typeof CONTACT_ROUTES)[number];

/** Who applied: the victim, someone on their behalf with their consent, or a business or community group. Never anonymous. */
export const APPLICANT_KINDS = ['victim', 'on_behalf', 'business', 'community_group'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Who applies on a victim's behalf. */
export const ON_BEHALF_RELATIONSHIPS = ['family', 'carer', 'councillor', 'mp', 'professional', 'other'] as const;
export type OnBehalfRelationship = (typeof ON_BEHALF_RELATIONSHIPS)[number];

export const RECOMMENDATION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const isOutstanding = (s: RecommendationStatus) => s === 'open' || s === 'in_progress';

/** Why a review is closed, as the victim is told (with the sealed explanation). */
export const CLOSURE_REASONS = [
  'action_plan_agreed',
  'threshold_not_met',
  'withdrawn_by_applicant',
  'pfcc_review_upheld',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** What the applicant asks the PFCC's office to review. */
export const ESCALATION_GROUNDS = ['handling', 'threshold_not_met'] as const;
export type EscalationGround = (typeof ESCALATION_GROUNDS)[number];

export const PFCC_DECISIONS = ['upheld', 'referred_back'] as const;
export type PfccDecision = (typeof PFCC_DECISIONS)[number];

/** Working days an information request gives the asked agency by default (Sch 4 para 7). */
export const INFORMATION_REQUEST_WORKING_DAYS = 5;

/** The data categories an agency's answer to an information request discloses about the victim. */
export const SUPPLIED_CATEGORIES = ['incident_details', 'case_actions'] as const;

/** Where a "threshold not met" decision may be queried: the PFCC's review (Crime and Policing Act 2026). */
export const QUERY_ROUTE = 'pfcc_review' as const;
