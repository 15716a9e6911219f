/**
 * The fixed lists a referral's codes come from. Codes, not free text, so that reports for the
 * board can count them without opening any record.
 */
export const REFERRAL_CATEGORIES = ['asb', 'hate_crime'] as const;
export type ReferralCategory = (typeof REFERRAL_CATEGORIES)[number];

/**
 * The five strands of hate crime monitored nationally, plus two that several police forces record
 * locally (alternative subculture; sex or gender, i.e. misogyny). They are kept separate so that
 * reports can still count the five national strands on their own.
 */
export const PROTECTED_CHARACTERISTICS = [
  'race',
  'religion',
  'sexual_orientation',
  'disability',
  'transgender_identity',
  'alternative_subculture',
  'sex',
] as const;
export type ProtectedCharacteristic = (typeof PROTECTED_CHARACTERISTICS)[number];

/** Vulnerabilities as codes, so they can be counted for the board without opening any record. */
export const VULNERABILITIES = [
  'physical_disability',
  'learning_disability',
  'mental_health',
  'long_term_illness',
  'older_person',
  'child_or_young_person',
  'socially_isolated',
  'substance_misuse',
  'language_barrier',
  'domestic_abuse',
  'financial_hardship',
  'carer',
  'other',
] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

/** Enforcement and support actions seen in LAG action plans. */
export const ACTION_KINDS = [
  'warning_letter',
  'acceptable_behaviour_contract',
  'community_protection_warning',
  'community_protection_notice',
  'civil_injunction',
  'criminal_behaviour_order',
  'closure_order',
  'eviction',
  'pspo_fixed_penalty',
  'support_referral',
  'target_hardening',
  'mediation',
  'other',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** `completed` and `cancelled` are final. */
export const ACTION_STATUSES = ['open', 'in_progress', 'completed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const isOutstanding = (status: ActionStatus) => status === 'open' || status === 'in_progress';

export const DECLINE_REASONS = [
  'criteria_not_met',
  'insufficient_information',
  'managed_by_another_process',
  'duplicate_referral',
  'outside_area',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Why the LAG stops managing the case. */
export const CLOSURE_REASONS = [
  'risk_reduced',
  'action_plan_completed',
  'victim_moved',
  'perpetrator_moved',
  'victim_disengaged',
  'transferred_to_another_process',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** What changed for the victim: the measure of a LAG's success. One or more per closure. */
export const CLOSURE_OUTCOMES = [
  'victim_feels_safer',
  'incidents_stopped',
  'incidents_reduced',
  'victim_supported',
  'victim_rehoused',
  'enforcement_in_place',
  'no_improvement',
  'victim_declined_support',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/** A referral is flagged repeat when a victim was last referred this many months ago or less. */
export const REPEAT_WINDOW_MONTHS = 12;
