import type { BreachResponse, DischargeReason, OrderKind } from '../codes';
import type { Sealed } from '../sealed';

export const orderStream = (orderId: string) => `enforcement-order-${orderId}`;

// ---- events (stored contracts: names and meanings never change; days `YYYY-MM-DD`, times ISO instants) ----

/** What only some kinds carry: null where the kind has none. */
export type OrderParticulars = {
  /** The court that made a court order (injunction, CBO, closure order). */
  court: string | null;
  /** A CBO: the day of the conviction it was made on. */
  convictionOn: string | null;
  /** An injunction or CBO: whether the subject was under 18 when it was made (it bounds the term). */
  subjectUnder18: boolean | null;
  /** An injunction: whether a power of arrest is attached (s.4). */
  powerOfArrest: boolean | null;
  /** A CPN: the CPW served on the person first (s.43(5)). */
  warningOrderId: string | null;
  /** A CPW or CPN served by a social landlord: the council's designation under s.53. */
  designationReference: string | null;
  /** A PSPO fixed penalty: the order it enforces and the amount in pounds. */
  pspoReference: string | null;
  penaltyPounds: number | null;
};

export type EnforcementOrderServedData = {
  orderId: string;
  partnershipId: string;
  kind: OrderKind;
  /** The registered person it was served on (an alleged perpetrator). */
  personId: string;
  /** The serving agency (for a court order: the applicant), and its own reference. */
  agencyId: string;
  agencyReference: string;
  servedOn: string;
  /** The last day it has effect; null when it has none (indefinite, or a one-off step). */
  expiresOn: string | null;
  /** The LAG case it was taken in, if any. */
  lagCaseId: string | null;
  particulars: OrderParticulars;
  /** The conditions or requirements, sealed with the person's key; null for a penalty notice. */
  conditions: Sealed | null;
  servedByUserId: string;
  recordedAt: string;
};

export type EnforcementOrderVariedData = {
  orderId: string;
  partnershipId: string;
  personId: string;
  variedOn: string;
  /** The end after the variation (null: none), and before it. */
  expiresOn: string | null;
  previousExpiresOn: string | null;
  /** The conditions as varied, sealed; null when they did not change. */
  conditions: Sealed | null;
  /** A court order: the court that varied it. */
  court: string | null;
  variedByUserId: string;
  variedByAgencyId: string;
  recordedAt: string;
};

export type EnforcementOrderDischargedData = {
  orderId: string;
  partnershipId: string;
  personId: string;
  dischargedOn: string;
  reason: DischargeReason;
  dischargedByUserId: string;
  dischargedByAgencyId: string;
  recordedAt: string;
};

export type EnforcementOrderBreachedData = {
  orderId: string;
  breachId: string;
  partnershipId: string;
  personId: string;
  kind: OrderKind;
  occurredOn: string;
  /** What happened, sealed with the person's key. */
  whatHappened: Sealed;
  response: BreachResponse;
  /** The agency that recorded the breach (any agency of the partnership may). */
  recordedByAgencyId: string;
  recordedByUserId: string;
  recordedAt: string;
};

export type EnforcementBreachRespondedData = {
  orderId: string;
  breachId: string;
  partnershipId: string;
  personId: string;
  response: BreachResponse;
  respondedOn: string;
  respondedByAgencyId: string;
  respondedByUserId: string;
  recordedAt: string;
};

export type OrderEvent =
  | { type: 'EnforcementOrderServed'; data: EnforcementOrderServedData }
  | { type: 'EnforcementOrderVaried'; data: EnforcementOrderVariedData }
  | { type: 'EnforcementOrderDischarged'; data: EnforcementOrderDischargedData }
  | { type: 'EnforcementOrderBreached'; data: EnforcementOrderBreachedData }
  | { type: 'EnforcementBreachResponded'; data: EnforcementBreachRespondedData };

export const ORDER_EVENT_TYPES: ReadonlyArray<OrderEvent['type']> = [
  'EnforcementOrderServed',
  'EnforcementOrderVaried',
  'EnforcementOrderDischarged',
  'EnforcementOrderBreached',
  'EnforcementBreachResponded',
];
