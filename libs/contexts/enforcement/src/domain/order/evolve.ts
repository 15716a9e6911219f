import type { OrderEvent } from './events';
import type { OrderState } from './state';

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'EnforcementOrderServed': {
      const { conditions: _conditions, ...record } = event.data;
      return { status: 'served', record: { ...record, breaches: [] } };
    }
    case 'EnforcementOrderVaried':
      if (state.status === 'none') return state;
      return { ...state, record: { ...state.record, expiresOn: event.data.expiresOn } };
    case 'EnforcementOrderDischarged':
      if (state.status === 'none') return state;
      return {
        status: 'discharged',
        record: state.record,
        dischargedOn: event.data.dischargedOn,
        reason: event.data.reason,
      };
    case 'EnforcementOrderBreached': {
      if (state.status === 'none') return state;
      const { breachId, occurredOn, response } = event.data;
      return {
        ...state,
        record: { ...state.record, breaches: [...state.record.breaches, { breachId, occurredOn, response }] },
      };
    }
    case 'EnforcementBreachResponded': {
      if (state.status === 'none') return state;
      const breaches = state.record.breaches.map((b) =>
        b.breachId === event.data.breachId ? { ...b, response: event.data.response } : b,
      );
      return { ...state, record: { ...state.record, breaches } };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
