import { addDays } from '@hubline/calendar';
import { ONE_OFF, type OrderKind } from './codes';

export type Standing = 'in_force' | 'expiring' | 'ended' | 'discharged' | 'issued';

/**
 * How an order stands on a day: a one-off step (a letter, a penalty) is `issued`; a discharged
 * order `discharged`; one past its end `ended`; one ending within `windowDays` `expiring`; else
 * `in_force`. "Expiring" orders are in force too.
 */
export function standingOf(
  order: { kind: OrderKind; status: 'served' | 'discharged'; expiresOn: string | null },
  today: string,
  windowDays: number,
): Standing {
  if (ONE_OFF.includes(order.kind)) return 'issued';
  if (order.status === 'discharged') return 'discharged';
  if (order.expiresOn !== null && order.expiresOn < today) return 'ended';
  if (order.expiresOn !== null && order.expiresOn <= addDays(today, windowDays)) return 'expiring';
  return 'in_force';
}
