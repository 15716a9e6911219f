import { LagError } from '../errors';
import { involvementOf } from './involvement';
import type { ExistingReferral } from './state';

/**
 * Who is acting, as the caller knows them: the user, the agency they act for, and whether they
 * hold the LAG chair role. Commands whose rules depend on who acts carry it, so the decider judges
 * it on the state it folds, and judges it again on the new state when a concurrent write makes
 * the command run a second time.
 */
export type LagActor = { userId: string; agencyId: string; chair: boolean };

/**
 * A chair may act on any case; anyone else only for an agency already involved in it. Otherwise
 * an agency could make itself involved (and so see the victim) by acting on a stranger's case.
 */
export function requireInvolved(actor: LagActor, current: ExistingReferral): void {
  if (actor.chair) return;
  if (!involvementOf(current)?.agencyIds.includes(actor.agencyId)) {
    throw new LagError('LAG.AGENCY_NOT_INVOLVED', 'Your agency is not involved in this case; ask the LAG chair.');
  }
}

/**
 * Between meetings a practitioner agrees actions for their own agency only: owning an action
 * involves an agency in the case, and so lets it see the victim. A chair may give one to any agency.
 */
export function requireOwnAgencyForNewAction(actor: LagActor, owningAgencyId: string): void {
  if (!actor.chair && owningAgencyId !== actor.agencyId)
    throw new LagError('LAG.NOT_YOUR_AGENCY', 'Between meetings you can only agree actions for your own agency.');
}

/** Progress on an action is reported by the agency that owns it, or by the chair. */
export function requireActionOwner(actor: LagActor, owningAgencyId: string): void {
  if (!actor.chair && owningAgencyId !== actor.agencyId)
    throw new LagError(
      'LAG.NOT_YOUR_AGENCY',
      'Only the agency that owns this action, or the LAG chair, can update it.',
    );
}
