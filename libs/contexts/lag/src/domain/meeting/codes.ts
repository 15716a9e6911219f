/** The fixed lists a meeting's codes come from, and its defaults. */
/** Referrals close this many days before a meeting unless the partnership sets another number. */
export const DEFAULT_REFERRAL_CUT_OFF_DAYS = 10;

export const AGENDA_ITEMS = ['new', 'review'] as const;
export type AgendaItem = (typeof AGENDA_ITEMS)[number];

export const DISCUSSION_DECISIONS = [
  'information_shared',
  'actions_agreed',
  'actions_reviewed',
  'risk_to_be_reassessed',
  'continue_review',
  'refer_to_another_process',
  'case_to_close',
  'tell_victim_about_case_review',
] as const;
export type DiscussionDecision = (typeof DISCUSSION_DECISIONS)[number];

/** What the chair decides when agencies present are not covered by a sharing agreement for a case. */
export const NOT_COVERED_DECISIONS = ['exclude', 'share'] as const;
export type NotCoveredDecision = (typeof NOT_COVERED_DECISIONS)[number];

/** Why a chair adds a case after the cut-off (codes, so the record holds no free text). */
export const LATE_ADDITION_REASONS = ['risk_escalated', 'new_incident', 'safeguarding_concern', 'other'] as const;
export type LateAdditionReason = (typeof LATE_ADDITION_REASONS)[number];
/** The bands a chair may add after the cut-off: high-risk cases do not wait a month for the next meeting. */
export const LATE_ADDITION_BANDS = ['high', 'very_high'] as const;

/** Why a meeting moved to another day or time (codes, so the record holds no free text). */
export const RESCHEDULE_REASONS = [
  'brought_forward',
  'chair_unavailable',
  'agencies_unavailable',
  'venue_unavailable',
  'not_quorate',
  'bank_holiday',
  'other',
] as const;
export type RescheduleReason = (typeof RESCHEDULE_REASONS)[number];

export const CANCELLATION_REASONS = ['not_quorate', 'chair_unavailable', 'no_cases', 'rescheduled', 'other'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];
