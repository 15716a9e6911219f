import { AGE_BOUND, COURT_ORDERS, ISSUERS, ORDER_KINDS, MAX_PENALTY_POUNDS, type IssuerKind } from '../codes';
import { EnforcementError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import type { OrderEvent, OrderParticulars } from './events';
import type { OrderState } from './state';
import { checkTerm, day } from './terms';

/** The CPW a CPN names, as its own stream folds it now (loaded by the handler). */
export type PriorWarning = {
  orderId: string;
  kind: string;
  personId: string;
  servedOn: string;
  discharged: boolean;
};

export type ServeOrder = {
  type: 'ServeOrder';
  orderId: string;
  partnershipId: string;
  kind: string;
  personId: string;
  agencyId: string;
  /** The serving agency's kind, from the partnerships context: it decides who may serve what. */
  agencyKind: IssuerKind;
  agencyReference: string;
  servedOn: string;
  expiresOn: string | null;
  lagCaseId: string | null;
  particulars: Partial<OrderParticulars>;
  /** The CPW named by `particulars.warningOrderId`, when there is one. */
  priorWarning: PriorWarning | null;
  conditions: Sealed | null;
  servedByUserId: string;
  now: string;
  today: string;
};

/**
 * An agency records an order it served on a registered person: the kind (only the agencies the
 * law lets serve or apply for it), its reference, when it was served (never in the future), its
 * end (as the kind allows, see `checkTerm`), the particulars the kind needs (the court of a court
 * order; the conviction of a CBO; the CPW a CPN follows; a social landlord's designation; the
 * PSPO and amount of a penalty) and none it does not, and the sealed conditions (every kind but a
 * penalty notice has them).
 */
export function serveOrder(c: ServeOrder, state: OrderState): OrderEvent[] {
  if (state.status !== 'none') throw new EnforcementError('ORDER.ALREADY_EXISTS', 'This order already exists.');
  const kind = requireKnown(ORDER_KINDS, c.kind, 'order kind');
  if (!ISSUERS[kind].includes(c.agencyKind))
    throw new EnforcementError(
      'ORDER.AGENCY_MAY_NOT_ISSUE',
      `An agency of your kind may not serve or apply for this order; it is for: ${ISSUERS[kind].join(', ')}.`,
    );
  const reference = c.agencyReference.trim();
  if (!reference) throw new EnforcementError('ORDER.REFERENCE_REQUIRED', "The serving agency's reference is required.");
  const servedOn = day(c.servedOn, 'The day it was served');
  if (servedOn > c.today)
    throw new EnforcementError('ORDER.SERVED_IN_FUTURE', 'An order cannot be served after today.');
  const expiresOn = c.expiresOn === null ? null : day(c.expiresOn, 'The end date');
  const particulars = particularsOf(c, kind, servedOn);
  checkTerm(kind, servedOn, expiresOn, { subjectUnder18: particulars.subjectUnder18, extended: false });
  if (kind === 'pspo_fixed_penalty_notice' && c.conditions !== null)
    throw new EnforcementError('ORDER.NOT_APPLICABLE_TO_KIND', 'A penalty notice has no conditions of its own.');
  if (kind !== 'pspo_fixed_penalty_notice' && c.conditions === null)
    throw new EnforcementError(
      'ORDER.CONDITIONS_REQUIRED',
      'The conditions or requirements of the order are required.',
    );
  return [
    {
      type: 'EnforcementOrderServed',
      data: {
        orderId: c.orderId,
        partnershipId: c.partnershipId,
        kind,
        personId: c.personId,
        agencyId: c.agencyId,
        agencyReference: reference,
        servedOn,
        expiresOn,
        lagCaseId: c.lagCaseId,
        particulars,
        conditions: c.conditions,
        servedByUserId: c.servedByUserId,
        recordedAt: c.now,
      },
    },
  ];
}

const notFor = (what: string) =>
  new EnforcementError('ORDER.NOT_APPLICABLE_TO_KIND', `${what} does not apply to this kind of order.`);

function particularsOf(c: ServeOrder, kind: (typeof ORDER_KINDS)[number], servedOn: string): OrderParticulars {
  const p = c.particulars;
  const given = (v: unknown) => v !== undefined && v !== null;

  const court = p.court?.trim() || null;
  if (COURT_ORDERS.includes(kind) && !court)
    throw new EnforcementError('ORDER.COURT_REQUIRED', 'A court order needs the court that made it.');
  if (!COURT_ORDERS.includes(kind) && court)
    throw new EnforcementError(
      'ORDER.NOT_A_COURT_ORDER',
      'Only an injunction, a CBO or a closure order names a court.',
    );

  if (AGE_BOUND.includes(kind) && typeof p.subjectUnder18 !== 'boolean')
    throw new EnforcementError(
      'ORDER.AGE_REQUIRED',
      'Say whether the person was under 18 when it was made: it bounds the term.',
    );
  if (!AGE_BOUND.includes(kind) && given(p.subjectUnder18)) throw notFor('Whether the person was under 18');

  let convictionOn: string | null = null;
  if (kind === 'criminal_behaviour_order') {
    if (!given(p.convictionOn))
      throw new EnforcementError(
        'ORDER.CONVICTION_REQUIRED',
        'A CBO is made on conviction: the day of the conviction is required.',
      );
    convictionOn = day(p.convictionOn, 'The day of the conviction');
    if (convictionOn > servedOn)
      throw new EnforcementError(
        'ORDER.CONVICTION_AFTER_ORDER',
        'A CBO is made on or after the conviction, not before.',
      );
  } else if (given(p.convictionOn)) throw notFor('A conviction');

  if (kind !== 'civil_injunction' && given(p.powerOfArrest)) throw notFor('A power of arrest');

  let warningOrderId: string | null = null;
  if (kind === 'community_protection_notice') {
    const w = c.priorWarning;
    if (!given(p.warningOrderId) || !w)
      throw new EnforcementError(
        'ORDER.WARNING_REQUIRED',
        'A CPN may be served only after a written warning (a CPW) was served on the person (s.43(5)).',
      );
    if (
      w.kind !== 'community_protection_warning' ||
      w.personId !== c.personId ||
      w.discharged ||
      w.servedOn >= servedOn
    )
      throw new EnforcementError(
        'ORDER.WARNING_NOT_VALID',
        'The warning named must be a CPW served on the same person before this notice, and not discharged.',
      );
    warningOrderId = w.orderId;
  } else if (given(p.warningOrderId)) throw notFor('A prior warning');

  const designationReference = p.designationReference?.trim() || null;
  const designated = kind === 'community_protection_warning' || kind === 'community_protection_notice';
  if (designated && c.agencyKind === 'housing_provider' && !designationReference)
    throw new EnforcementError(
      'ORDER.DESIGNATION_REQUIRED',
      "A social landlord serves a CPW or CPN only as a person the council designated (s.53): give the designation's reference.",
    );
  if (designationReference && !(designated && c.agencyKind === 'housing_provider')) throw notFor('A designation');

  let pspoReference: string | null = null;
  let penaltyPounds: number | null = null;
  if (kind === 'pspo_fixed_penalty_notice') {
    pspoReference = p.pspoReference?.trim() || null;
    penaltyPounds = p.penaltyPounds ?? null;
    if (
      !pspoReference ||
      penaltyPounds === null ||
      !Number.isInteger(penaltyPounds) ||
      penaltyPounds < 1 ||
      penaltyPounds > MAX_PENALTY_POUNDS
    )
      throw new EnforcementError(
        'ORDER.PENALTY_REQUIRED',
        `A penalty notice names the PSPO it enforces and an amount of 1 to ${MAX_PENALTY_POUNDS} pounds.`,
      );
  } else if (given(p.pspoReference) || given(p.penaltyPounds)) throw notFor('A PSPO and penalty');

  return {
    court,
    convictionOn,
    subjectUnder18: AGE_BOUND.includes(kind) ? (p.subjectUnder18 as boolean) : null,
    powerOfArrest: kind === 'civil_injunction' ? p.powerOfArrest === true : null,
    warningOrderId,
    designationReference,
    pspoReference,
    penaltyPounds,
  };
}
