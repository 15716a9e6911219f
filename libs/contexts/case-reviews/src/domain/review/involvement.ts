import type { CaseReviewEvent } from './events';
import { evolve } from './evolve';
import { openEscalation, type CaseReviewState, type Involvement } from './state';

/**
 * Who works the review, for the access context: the coordinator's agency, every agency asked for
 * information, on a panel, or owning a recommendation, and the PFCC's office once escalated to it.
 * The person is the victim. Open until closed, and again while the PFCC's office reviews it.
 */
export function involvementOf(state: CaseReviewState): Involvement | null {
  if (state.status === 'none') return null;
  const r = state.record;
  const agencyIds = [
    r.coordinatorAgencyId,
    ...Object.values(r.requests).map((q) => q.agencyId),
    ...r.panels.flatMap((p) => p.agencyIds),
    ...Object.values(r.recommendations).map((x) => x.owningAgencyId),
    ...r.escalations.map((e) => e.pfccAgencyId),
  ];
  return {
    personIds: r.victimPersonId ? [r.victimPersonId] : [],
    agencyIds: [...new Set(agencyIds)],
    open: state.status !== 'closed' || openEscalation(r) !== null,
  };
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Appends CaseInvolvementChanged when the events change who is involved, or whether the review is open. */
export function withInvolvement(state: CaseReviewState, events: CaseReviewEvent[]): CaseReviewEvent[] {
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
  return [
    ...events,
    {
      type: 'CaseInvolvementChanged',
      data: {
        partnershipId: after.record.partnershipId,
        caseId: after.record.reviewId,
        caseType: 'asb_case_review',
        ...next,
      },
    },
  ];
}
