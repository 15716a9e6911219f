import type { BreachResponse, DischargeReason } from '../codes';
import type { EnforcementOrderServedData } from './events';

/** An order's facts without sealed text (the state never holds what it does not need). */
export type OrderRecord = Omit<EnforcementOrderServedData, 'conditions'> & {
  breaches: Array<{ breachId: string; occurredOn: string; response: BreachResponse }>;
};

export type OrderState =
  | { status: 'none' }
  | { status: 'served'; record: OrderRecord }
  | { status: 'discharged'; record: OrderRecord; dischargedOn: string; reason: DischargeReason };

export type ExistingOrder = Exclude<OrderState, { status: 'none' }>;

export const initialOrderState: OrderState = { status: 'none' };
