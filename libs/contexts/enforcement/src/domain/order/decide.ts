import { EnforcementError } from '../errors';
import {
  dischargeOrder,
  recordBreach,
  respondToBreach,
  varyOrder,
  type DischargeOrder,
  type RecordBreach,
  type RespondToBreach,
  type VaryOrder,
} from './change';
import type { OrderEvent } from './events';
import { serveOrder, type ServeOrder } from './serve';
import type { ExistingOrder, OrderState } from './state';

export type OrderCommand = ServeOrder | VaryOrder | DischargeOrder | RecordBreach | RespondToBreach;

/** An order of another partnership is, to this caller, no order at all. */
export function existingOrder(state: OrderState, partnershipId: string): ExistingOrder {
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new EnforcementError('ORDER.NOT_FOUND', 'No such enforcement order in your partnership.');
  return state;
}

/** Decides a command against an order: the events to append, or an EnforcementError. */
export function decideOrder(command: OrderCommand, state: OrderState): OrderEvent[] {
  if (command.type === 'ServeOrder') return serveOrder(command, state);
  const order = existingOrder(state, command.partnershipId);
  switch (command.type) {
    case 'VaryOrder':
      return varyOrder(command, order);
    case 'DischargeOrder':
      return dischargeOrder(command, order);
    case 'RecordBreach':
      return recordBreach(command, order);
    case 'RespondToBreach':
      return respondToBreach(command, order);
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
