/**
 * An ASB Case Review (the "Community Trigger": ASB, Crime and Policing Act 2014 ss.104-105, Sch 4):
 *
 *   none ─Apply→ received ─DecideThreshold→ in_review (met) ─SendOutcome→ outcome_sent ─Close→ closed
 *                         └───────────────→ not_met ─SendOutcome (the threshold letter)─┘
 *   outcome_sent | closed ─EscalateToPfcc→ escalated ─upheld→ back; ─referred_back→ received (a new round)
 *
 * Read codes.ts, events.ts, state.ts, evolve.ts, decide.ts, then one file per group of commands.
 */
export * from './codes';
export * from './events';
export * from './state';
export { evolve } from './evolve';
export { decide, type CaseReviewCommand } from './decide';
export { involvementOf } from './involvement';
export { explainNotMet } from './threshold-decision';
export type { ReviewActor } from './guards';
export type { ApplicantInput } from './apply';
