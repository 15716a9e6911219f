/**
 * A referral to a Locality Action Group: one case about one or more victims of high-harm ASB or
 * hate crime, from referral through the LAG chair's decision, the multi-agency action plan and
 * reviews, to closure (and reopening, which keeps the history).
 *
 *   none ─Refer→ referred ─AcceptReferral→ accepted ─CloseReferral→ closed ─ReopenReferral→ accepted
 *                         └DeclineReferral→ declined (final: a later concern is a new referral)
 *
 * Read in this order: codes.ts (the fixed lists), events.ts (the stored contracts), state.ts and
 * evolve.ts (what a stream folds into), decide.ts (which command goes where), then one file per
 * command or pair of commands with its business rules.
 *
 * Who may act is decided here, on the state the command is decided on (authorisation.ts): commands
 * whose rules depend on it carry the acting user's facts (LagActor). What the decider cannot see
 * is checked by the caller before deciding: that the locality, ward and agencies belong to the
 * partnership and are active, that a user acts for the agency named, that the people exist, and
 * that the acting user holds the route's role (a LAG chair accepts, declines, closes and reopens).
 */
export * from './codes';
export { referralStream, type ReferralEvent, type VictimReferredData, type CaseInvolvementChangedData } from './events';
export {
  initialState,
  outstandingActionIds,
  type ReferralState,
  type ReferralRecord,
  type ExistingReferral,
  type AgreedAction,
  type Involvement,
} from './state';
export { evolve } from './evolve';
export { involvementOf } from './involvement';
export { decide, type ReferralCommand } from './decide';
export type { ReferCommand } from './refer';
export type { LagActor } from './authorisation';
