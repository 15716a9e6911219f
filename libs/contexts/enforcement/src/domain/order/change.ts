import {
  BREACH_RESPONSES,
  COURT_DISCHARGE_REASONS,
  COURT_ORDERS,
  DISCHARGE_REASONS,
  ONE_OFF,
  RESPONSES,
  type BreachResponse,
} from '../codes';
import { EnforcementError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import type { OrderEvent } from './events';
import type { ExistingOrder } from './state';
import { checkTerm, day } from './terms';

/** The facts about the acting officer the who-may rules judge. */
export type EnforcementActor = { userId: string; agencyId: string };

type Base = { orderId: string; partnershipId: string; actor: EnforcementActor; now: string; today: string };

export type VaryOrder = Base & {
  type: 'VaryOrder';
  variedOn: string;
  /** Undefined: the end stays; null: no end any more; a day: the new end. */
  expiresOn?: string | null;
  /** The conditions as varied, sealed; null when they do not change. */
  conditions: Sealed | null;
  court: string | null;
};

export type DischargeOrder = Base & { type: 'DischargeOrder'; dischargedOn: string; reason: string };

export type RecordBreach = Base & {
  type: 'RecordBreach';
  breachId: string;
  occurredOn: string;
  whatHappened: Sealed;
  response: string;
};

export type RespondToBreach = Base & {
  type: 'RespondToBreach';
  breachId: string;
  response: string;
  respondedOn: string;
};

function requireServingAgency(order: ExistingOrder, actor: EnforcementActor): void {
  if (order.record.agencyId !== actor.agencyId)
    throw new EnforcementError(
      'ORDER.NOT_YOUR_AGENCY',
      'Only an officer of the agency that served (or applied for) the order may change it.',
    );
}

function requireNotDischarged(order: ExistingOrder): void {
  if (order.status === 'discharged')
    throw new EnforcementError('ORDER.DISCHARGED', 'This order was discharged.', { dischargedOn: order.dischargedOn });
}

function onOrAfterService(order: ExistingOrder, value: string, today: string, what: string): string {
  const d = day(value, what);
  if (d < order.record.servedOn)
    throw new EnforcementError('ORDER.BEFORE_SERVICE', `${what} cannot be before the order was served.`);
  if (d > today) throw new EnforcementError('ORDER.IN_FUTURE', `${what} cannot be after today.`);
  return d;
}

/**
 * The serving agency records a variation: new conditions, a new end, or both, while the order is
 * in force (a court order by the court that varies it). A one-off step is not varied. The new end
 * follows the kind's rules, counted from service; a closure order may be extended to 6 months.
 */
export function varyOrder(c: VaryOrder, order: ExistingOrder): OrderEvent[] {
  requireNotDischarged(order);
  requireServingAgency(order, c.actor);
  const r = order.record;
  if (ONE_OFF.includes(r.kind))
    throw new EnforcementError('ORDER.NOT_VARIABLE', 'A warning letter or penalty notice is not varied.');
  const variedOn = onOrAfterService(order, c.variedOn, c.today, 'The day of the variation');
  if (r.expiresOn !== null && variedOn > r.expiresOn)
    throw new EnforcementError('ORDER.EXPIRED', 'This order had ended before that day.', { expiresOn: r.expiresOn });
  const expiresOn =
    c.expiresOn === undefined ? r.expiresOn : c.expiresOn === null ? null : day(c.expiresOn, 'The end date');
  if (c.conditions === null && expiresOn === r.expiresOn)
    throw new EnforcementError('ORDER.NOTHING_TO_VARY', 'A variation changes the conditions, the end date, or both.');
  const court = c.court?.trim() || null;
  const isCourtOrder = COURT_ORDERS.includes(r.kind);
  if (isCourtOrder && !court)
    throw new EnforcementError('ORDER.COURT_REQUIRED', 'A court order is varied by a court: name it.');
  if (!isCourtOrder && court)
    throw new EnforcementError(
      'ORDER.NOT_A_COURT_ORDER',
      'Only an injunction, a CBO or a closure order names a court.',
    );
  checkTerm(r.kind, r.servedOn, expiresOn, { subjectUnder18: r.particulars.subjectUnder18, extended: true });
  return [
    {
      type: 'EnforcementOrderVaried',
      data: {
        orderId: c.orderId,
        partnershipId: c.partnershipId,
        personId: r.personId,
        variedOn,
        expiresOn,
        previousExpiresOn: r.expiresOn,
        conditions: c.conditions,
        court,
        variedByUserId: c.actor.userId,
        variedByAgencyId: c.actor.agencyId,
        recordedAt: c.now,
      },
    },
  ];
}

/** The serving agency records that the order ended early, with the reason (a court order by its court). */
export function dischargeOrder(c: DischargeOrder, order: ExistingOrder): OrderEvent[] {
  requireNotDischarged(order);
  requireServingAgency(order, c.actor);
  const reason = requireKnown(DISCHARGE_REASONS, c.reason, 'reason');
  const r = order.record;
  if (COURT_ORDERS.includes(r.kind) && !COURT_DISCHARGE_REASONS.includes(reason))
    throw new EnforcementError(
      'ORDER.DISCHARGE_REASON_NOT_FOR_KIND',
      `A court order ends by the court: ${COURT_DISCHARGE_REASONS.join(', ')}.`,
    );
  const dischargedOn = onOrAfterService(order, c.dischargedOn, c.today, 'The day of the discharge');
  if (r.expiresOn !== null && dischargedOn > r.expiresOn && reason !== 'served_in_error')
    throw new EnforcementError('ORDER.EXPIRED', 'This order had already ended that day.', { expiresOn: r.expiresOn });
  return [
    {
      type: 'EnforcementOrderDischarged',
      data: {
        orderId: c.orderId,
        partnershipId: c.partnershipId,
        personId: r.personId,
        dischargedOn,
        reason,
        dischargedByUserId: c.actor.userId,
        dischargedByAgencyId: c.actor.agencyId,
        recordedAt: c.now,
      },
    },
  ];
}

function responseFor(
  kind: ExistingOrder['record']['kind'],
  value: string,
  powerOfArrest: boolean | null,
): BreachResponse {
  const response = requireKnown(BREACH_RESPONSES, value, 'response');
  if (!RESPONSES[kind].includes(response))
    throw new EnforcementError(
      'ORDER.RESPONSE_NOT_FOR_KIND',
      `That response does not apply to a breach of this kind of order; it may be: ${RESPONSES[kind].join(', ')}.`,
    );
  if (kind === 'civil_injunction' && response === 'arrest' && powerOfArrest !== true)
    throw new EnforcementError(
      'ORDER.NO_POWER_OF_ARREST',
      'This injunction has no power of arrest attached: apply for a warrant (arrest_warrant_sought) instead (s.9).',
    );
  return response;
}

/**
 * Any agency of the partnership records a breach: when it happened (while the order had effect:
 * on or after service, not after its end or discharge, not in the future), what happened (sealed)
 * and the response, among those the law allows for the kind. A penalty notice cannot be breached.
 */
export function recordBreach(c: RecordBreach, order: ExistingOrder): OrderEvent[] {
  const r = order.record;
  if (RESPONSES[r.kind].length === 0)
    throw new EnforcementError('ORDER.NOT_BREACHABLE', 'A penalty notice is paid or prosecuted, not breached.');
  const occurredOn = onOrAfterService(order, c.occurredOn, c.today, 'The day of the breach');
  const endedOn = order.status === 'discharged' ? order.dischargedOn : null;
  if ((r.expiresOn !== null && occurredOn > r.expiresOn) || (endedOn !== null && occurredOn > endedOn))
    throw new EnforcementError(
      'ORDER.BREACH_AFTER_END',
      'The order had ended by that day: there was nothing to breach.',
    );
  const response = responseFor(r.kind, c.response, r.particulars.powerOfArrest);
  return [
    {
      type: 'EnforcementOrderBreached',
      data: {
        orderId: c.orderId,
        breachId: c.breachId,
        partnershipId: c.partnershipId,
        personId: r.personId,
        kind: r.kind,
        occurredOn,
        whatHappened: c.whatHappened,
        response,
        recordedByAgencyId: c.actor.agencyId,
        recordedByUserId: c.actor.userId,
        recordedAt: c.now,
      },
    },
  ];
}

/** A breach recorded as under investigation gets its response once decided, by any agency of the partnership. */
export function respondToBreach(c: RespondToBreach, order: ExistingOrder): OrderEvent[] {
  const r = order.record;
  const breach = r.breaches.find((b) => b.breachId === c.breachId);
  if (!breach) throw new EnforcementError('ORDER.BREACH_NOT_FOUND', 'No such breach of this order.');
  if (breach.response !== 'under_investigation')
    throw new EnforcementError('ORDER.BREACH_ALREADY_ANSWERED', 'This breach already has its response.', {
      response: breach.response,
    });
  const response = responseFor(r.kind, c.response, r.particulars.powerOfArrest);
  if (response === 'under_investigation')
    throw new EnforcementError('ORDER.BREACH_ALREADY_ANSWERED', 'The breach is already under investigation.');
  const respondedOn = day(c.respondedOn, 'The day of the response');
  if (respondedOn < breach.occurredOn)
    throw new EnforcementError('ORDER.BEFORE_SERVICE', 'The response cannot be before the breach.');
  if (respondedOn > c.today) throw new EnforcementError('ORDER.IN_FUTURE', 'The response cannot be after today.');
  return [
    {
      type: 'EnforcementBreachResponded',
      data: {
        orderId: c.orderId,
        breachId: c.breachId,
        partnershipId: c.partnershipId,
        personId: r.personId,
        response,
        respondedOn,
        respondedByAgencyId: c.actor.agencyId,
        respondedByUserId: c.actor.userId,
        recordedAt: c.now,
      },
    },
  ];
}
