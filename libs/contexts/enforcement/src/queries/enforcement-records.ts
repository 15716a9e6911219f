import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, loadState, type EventStore } from '@hubline/event-store';
import { evolveOrder, initialOrderState, ONE_OFF, orderStream, type OrderKind } from '../domain';
import { OrdersReadModel } from './orders-read-model';

/** An order naming a person, for retention: open while it has effect, else ended on its last day. */
export interface OrderNaming {
  personId: string;
  orderId: string;
  open: boolean;
  /** Noon (UTC) of the last day it had effect, so the partnership's calendar day is that day; null while open. */
  endedAt: string | null;
}

type Facts = { kind: OrderKind; servedOn: string; expiresOn: string | null; dischargedOn: string | null };

/** How an order stands on `today` for record-keeping: a one-off step ends the day it was served. */
function endOf(f: Facts, today: string): { open: boolean; endedAt: string | null } {
  const last = f.dischargedOn ?? (ONE_OFF.includes(f.kind) ? f.servedOn : f.expiresOn);
  if (last === null || last >= today) return { open: true, endedAt: null };
  return { open: false, endedAt: `${last}T12:00:00.000Z` };
}

/**
 * The enforcement context's published facade for retention: which orders name which people and
 * when they stopped having effect. Ids and instants only, no personal data.
 */
@Injectable()
export class EnforcementRecords {
  constructor(
    private readonly readModel: OrdersReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Every order of the partnership, from the read model. */
  async namings(partnershipId: string, today: string): Promise<OrderNaming[]> {
    return (await this.readModel.orders(partnershipId)).map((r) => ({
      personId: r.person_id,
      orderId: r.order_id,
      ...endOf({ kind: r.kind, servedOn: r.served_on, expiresOn: r.expires_on, dischargedOn: r.discharged_on }, today),
    }));
  }

  /** How each order stands, from its own stream: for a decision that must not act on a read model that lags. */
  async endsFromEvents(
    orderIds: string[],
    today: string,
  ): Promise<Array<{ caseId: string; open: boolean; endedAt: string | null }>> {
    return Promise.all(
      orderIds.map(async (orderId) => {
        const { state } = await loadState(this.store, orderStream(orderId), {
          initialState: initialOrderState,
          evolve: evolveOrder,
        });
        // An order the stream does not hold (never, in practice) keeps the person: treat it as open.
        if (state.status === 'none') return { caseId: orderId, open: true, endedAt: null };
        const r = state.record;
        const dischargedOn = state.status === 'discharged' ? state.dischargedOn : null;
        return {
          caseId: orderId,
          ...endOf({ kind: r.kind, servedOn: r.servedOn, expiresOn: r.expiresOn, dischargedOn }, today),
        };
      }),
    );
  }
}
