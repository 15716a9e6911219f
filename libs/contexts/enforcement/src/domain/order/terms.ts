import { addDays, addMonths, addYears, isIsoDate } from '@hubline/calendar';
import { ONE_OFF, type OrderKind } from '../codes';
import { EnforcementError } from '../errors';

export const day = (value: string | null | undefined, what: string): string => {
  if (!isIsoDate(value))
    throw new EnforcementError('ORDER.INVALID_DATE', `${what} must be a calendar day (YYYY-MM-DD).`);
  return value;
};

/**
 * The end an order of this kind may have, from the day it was served:
 * - a warning letter or a penalty notice has none (a one-off step);
 * - an Acceptable Behaviour Contract, a closure notice and a closure order must have one: a
 *   closure notice lasts at most 48 hours (s.77), a closure order at most 3 months, or 6 once
 *   extended (s.82);
 * - a Part 1 injunction on someone under 18 at most 12 months (s.1(6)); on an adult, any or none;
 * - a CBO on an adult at least 2 years or none (indefinite); under 18, 1 to 3 years (s.25(5));
 * - a CPW or CPN may have one or none.
 */
export function checkTerm(
  kind: OrderKind,
  servedOn: string,
  expiresOn: string | null,
  facts: { subjectUnder18: boolean | null; extended: boolean },
): void {
  if (ONE_OFF.includes(kind)) {
    if (expiresOn !== null)
      throw new EnforcementError('ORDER.NO_EXPIRY_FOR_KIND', 'A warning letter or penalty notice has no end date.');
    return;
  }
  const under18 = facts.subjectUnder18 === true;
  const required =
    kind === 'acceptable_behaviour_contract' ||
    kind === 'closure_notice' ||
    kind === 'closure_order' ||
    (under18 && (kind === 'civil_injunction' || kind === 'criminal_behaviour_order'));
  if (expiresOn === null) {
    if (required) throw new EnforcementError('ORDER.EXPIRY_REQUIRED', 'This kind of order needs its end date.');
    return;
  }
  if (expiresOn <= servedOn)
    throw new EnforcementError('ORDER.EXPIRY_BEFORE_SERVICE', 'The end date must be after the day it was served.');
  const outOfBounds = (why: string) => new EnforcementError('ORDER.TERM_OUT_OF_BOUNDS', why);
  switch (kind) {
    case 'closure_notice':
      if (expiresOn > addDays(servedOn, 2)) throw outOfBounds('A closure notice lasts at most 48 hours (s.77).');
      return;
    case 'closure_order':
      if (expiresOn > addMonths(servedOn, facts.extended ? 6 : 3))
        throw outOfBounds(
          facts.extended
            ? 'A closure order lasts at most 6 months in all, extensions included (s.82).'
            : 'A closure order lasts at most 3 months; extend it by a variation (s.82).',
        );
      return;
    case 'civil_injunction':
      if (under18 && expiresOn > addMonths(servedOn, 12))
        throw outOfBounds('An injunction on someone under 18 lasts at most 12 months (s.1(6)).');
      return;
    case 'criminal_behaviour_order':
      if (under18 && (expiresOn < addYears(servedOn, 1) || expiresOn > addYears(servedOn, 3)))
        throw outOfBounds('A CBO on someone under 18 lasts from 1 to 3 years (s.25(5)).');
      if (!under18 && expiresOn < addYears(servedOn, 2))
        throw outOfBounds('A CBO on an adult lasts at least 2 years, or has no end (s.25(5)).');
      return;
    default:
      return;
  }
}
