import type { DomainEvent } from '@hubline/event-store';
import type { LegalHoldFact } from './person';

/**
 * The legal holds of a partnership, as the retention context publishes them: its policy stream
 * (`retention-policy-<partnershipId>`) with LegalHoldPlaced and LegalHoldReleased, stored contracts
 * whose names and meanings never change. Forgetting folds this stream itself just before deciding,
 * so a hold placed a moment ago is seen, without waiting for any read model.
 */
export const legalHoldsStream = (partnershipId: string) => `retention-policy-${partnershipId}`;

export type LegalHolds = Readonly<Record<string, LegalHoldFact>>;

type Placed = { personId: string; reason: string; placedBy: string; placedAt: string };

export const noLegalHolds: LegalHolds = {};

/** Only the holds: the stream's other events (the retention period) change nothing here. */
export function evolveLegalHolds(holds: LegalHolds, event: DomainEvent): LegalHolds {
  if (event.type === 'LegalHoldPlaced') {
    const { personId, reason, placedBy, placedAt } = event.data as unknown as Placed;
    return { ...holds, [personId]: { reason, placedBy, placedAt } };
  }
  if (event.type === 'LegalHoldReleased') {
    const { personId } = event.data as unknown as Pick<Placed, 'personId'>;
    const rest = { ...holds };
    delete rest[personId];
    return rest;
  }
  return holds;
}
