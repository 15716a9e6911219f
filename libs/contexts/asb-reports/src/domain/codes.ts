/** Fixed lists of the ASB reports context (stored in events: add codes, never change their meaning). */

/** The three ASB categories of the 2014 Act's guidance, and a hate incident or crime. */
export const ASB_CATEGORIES = ['personal', 'nuisance', 'environmental', 'hate'] as const;
export type AsbCategory = (typeof ASB_CATEGORIES)[number];

/**
 * The protected characteristics a hate report names: the people context's codes (Equality Act
 * 2010), repeated here because a domain folder imports no other library's runtime code; a unit
 * test holds the two lists equal.
 */
export const HATE_CHARACTERISTICS = [
  'age',
  'disability',
  'gender_reassignment',
  'marriage_civil_partnership',
  'pregnancy_maternity',
  'race',
  'religion_belief',
  'sex',
  'sexual_orientation',
] as const;
export type HateCharacteristic = (typeof HATE_CHARACTERISTICS)[number];

/** Who made the report: a registered person, or a business or community group by name. */
export const REPORTER_KINDS = ['person', 'business', 'community_group'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];
export type Reporter = { kind: 'person'; personId: string } | { kind: 'business' | 'community_group'; name: string };

/** Why a report was withdrawn: it should never have been recorded as it was. */
export const WITHDRAWAL_REASONS = ['recorded_in_error', 'duplicate_entry', 'wrong_person', 'wrong_agency'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/** Why a link between two reports was undone. */
export const UNLINK_REASONS = ['different_incident', 'linked_in_error'] as const;
export type UnlinkReason = (typeof UNLINK_REASONS)[number];

/** Why an explanation still owed stopped being due: its reports no longer make two incidents. */
export const DUTY_WITHDRAWAL_REASONS = ['reports_linked_as_one_incident', 'report_withdrawn'] as const;
export type DutyWithdrawalReason = (typeof DUTY_WITHDRAWAL_REASONS)[number];

/** How the Case Review was explained to the victim. */
export const EXPLANATION_METHODS = ['in_person', 'phone', 'letter', 'email', 'other'] as const;
export type ExplanationMethod = (typeof EXPLANATION_METHODS)[number];

/** Reports of one victim in one ward with behaviour days this close are suggested as one incident. */
export const SAME_INCIDENT_WINDOW_DAYS = 3;
/** A second distinct incident reported within this many calendar months makes the explanation due. */
export const EXPLANATION_WINDOW_MONTHS = 6;
