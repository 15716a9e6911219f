import type { CaseInvolvementChangedData, ReferralEvent } from './events';
import { evolve } from './evolve';
import type { Involvement, ReferralState } from './state';

/**
 * The people and agencies involved: the referring agency, the agency of each chair who opened the
 * referral to decide on it, the accepting chair's, and every action owner.
 */
export function involvementOf(state: ReferralState): Involvement | null {
  if (state.status === 'none') return null;
  const r = state.record;
  const agencyIds = [
    r.referringAgencyId,
    ...r.decisionAgencyIds,
    ...(r.acceptance ? [r.acceptance.agencyId] : []),
    ...Object.values(r.actions).map((a) => a.owningAgencyId),
  ];
  return {
    personIds: [...r.victimIds, ...r.perpetratorIds],
    agencyIds: [...new Set(agencyIds)],
    open: state.status === 'referred' || state.status === 'accepted',
  };
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Appends CaseInvolvementChanged when the events change who is involved or whether the case is
 * open. An agency that once owned an action stays involved after the action ends: it has seen the
 * case, and the access context must still be able to explain why.
 */
export function withInvolvement(state: ReferralState, events: ReferralEvent[]): ReferralEvent[] {
  const after = events.reduce(evolve, state);
  const next = involvementOf(after);
  if (after.status === 'none' || !next) return events;
  const last = after.record.involvement;
  if (
    last &&
    last.open === next.open &&
    sameSet(last.personIds, next.personIds) &&
    sameSet(last.agencyIds, next.agencyIds)
  )
    return events;
  const data: CaseInvolvementChangedData = {
    partnershipId: after.record.partnershipId,
    caseId: after.record.referralId,
    caseType: 'lag_referral',
    ...next,
  };
  return [...events, { type: 'CaseInvolvementChanged', data }];
}
