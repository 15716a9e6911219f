/**
 * Fixed lists of the enforcement context (stored in events: add codes, never change their meaning),
 * and the law each order kind follows (Anti-social Behaviour, Crime and Policing Act 2014; decision 0030).
 */

export const ORDER_KINDS = [
  'warning_letter',
  'acceptable_behaviour_contract',
  'community_protection_warning',
  'community_protection_notice',
  'civil_injunction',
  'criminal_behaviour_order',
  'closure_notice',
  'closure_order',
  'pspo_fixed_penalty_notice',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The agency kinds of the partnerships context, repeated here because a domain folder imports no other library's runtime code. */
export type IssuerKind =
  | 'police'
  | 'local_authority'
  | 'housing_provider'
  | 'fire_and_rescue'
  | 'probation'
  | 'youth_offending'
  | 'health'
  | 'voluntary'
  | 'policing_body';

/** Which agencies may serve (or, for a court order, apply for or request) each kind. */
export const ISSUERS: Record<OrderKind, readonly IssuerKind[]> = {
  // Informal, non-statutory steps: agencies with an enforcement or tenancy role.
  warning_letter: ['police', 'local_authority', 'housing_provider', 'youth_offending', 'fire_and_rescue'],
  acceptable_behaviour_contract: ['police', 'local_authority', 'housing_provider', 'youth_offending'],
  // s.43 and s.53: a constable, the local authority, or a person the council designated (a social landlord).
  community_protection_warning: ['police', 'local_authority', 'housing_provider'],
  community_protection_notice: ['police', 'local_authority', 'housing_provider'],
  // s.5: the applicants for an injunction under Part 1 (the council, a housing provider, the chief officer of police).
  civil_injunction: ['police', 'local_authority', 'housing_provider'],
  // s.22: made on conviction on the prosecution's application, at the request of the police or the council.
  criminal_behaviour_order: ['police', 'local_authority'],
  // s.76 and s.80: a police officer of inspector rank or above, or the local authority.
  closure_notice: ['police', 'local_authority'],
  closure_order: ['police', 'local_authority'],
  // s.68: a constable, a PCSO or a person the council authorised.
  pspo_fixed_penalty_notice: ['police', 'local_authority'],
};

/** Orders a court makes: the court is recorded, and only a court varies or discharges them. */
export const COURT_ORDERS: readonly OrderKind[] = ['civil_injunction', 'criminal_behaviour_order', 'closure_order'];
/** One-off steps, never "in force": a letter, a penalty. */
export const ONE_OFF: readonly OrderKind[] = ['warning_letter', 'pspo_fixed_penalty_notice'];
/** Kinds whose subject's age decides the term (Part 1 injunction s.1(6), CBO s.25(5)). */
export const AGE_BOUND: readonly OrderKind[] = ['civil_injunction', 'criminal_behaviour_order'];

export const BREACH_RESPONSES = [
  'warning',
  'fixed_penalty_notice',
  'prosecution',
  'arrest',
  'arrest_warrant_sought',
  'committal_application',
  'remedial_action',
  'escalation',
  'no_further_action',
  'under_investigation',
] as const;
export type BreachResponse = (typeof BREACH_RESPONSES)[number];

const COMMON: readonly BreachResponse[] = ['warning', 'no_further_action', 'under_investigation'];
/**
 * The responses the law allows to a breach of each kind: breach of a Part 1 injunction is contempt
 * (arrest under a power of arrest, a warrant, committal), not an offence; breach of a CBO or a
 * closure notice or order is an offence; a CPN breach may be met with a fixed penalty (s.52),
 * prosecution (s.48) or remedial works (s.47). A penalty notice cannot be breached.
 */
export const RESPONSES: Record<OrderKind, readonly BreachResponse[]> = {
  warning_letter: [...COMMON, 'escalation'],
  acceptable_behaviour_contract: [...COMMON, 'escalation'],
  community_protection_warning: [...COMMON, 'escalation'],
  community_protection_notice: [...COMMON, 'fixed_penalty_notice', 'prosecution', 'remedial_action', 'escalation'],
  civil_injunction: [...COMMON, 'arrest', 'arrest_warrant_sought', 'committal_application'],
  criminal_behaviour_order: [...COMMON, 'arrest', 'prosecution'],
  closure_notice: [...COMMON, 'arrest', 'prosecution'],
  closure_order: [...COMMON, 'arrest', 'prosecution'],
  pspo_fixed_penalty_notice: [],
};

export const DISCHARGE_REASONS = [
  'discharged_by_court',
  'appeal_allowed',
  'complied',
  'withdrawn',
  'superseded',
  'served_in_error',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];
/** A court order ends by the court (or an appeal), or was recorded in error. */
export const COURT_DISCHARGE_REASONS: readonly DischargeReason[] = [
  'discharged_by_court',
  'appeal_allowed',
  'served_in_error',
];

/** The highest fixed penalty for breach of a PSPO the partnership may record, in pounds. */
export const MAX_PENALTY_POUNDS = 1000;

/** The expiry warning window: days before an order's end it is "expiring". */
export const DEFAULT_EXPIRY_WINDOW_DAYS = 28;
export const EXPIRY_WINDOW_BOUNDS = { min: 7, max: 90 } as const;
