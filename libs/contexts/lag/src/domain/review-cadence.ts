import { addDays } from '@hubline/calendar';
import { LagError } from './errors';
import { RISK_BANDS, type RiskBand } from './risk-matrix';

/**
 * Days between reviews of an accepted case, per band; `null` means no scheduled review.
 * Configured per partnership and passed into the referral decider with each command that sets
 * a review date, so a changed configuration applies from the next decision on.
 */
export type ReviewCadence = Record<RiskBand, number | null>;

/**
 * High every 14 days and medium every 28, as LAGs commonly do. Very high every 7: such a case can
 * call an urgent meeting and should not then wait a fortnight. Standard every 56 days rather than
 * never: a standard-risk case is only on a LAG through professional concern or repeat
 * victimisation, and an open case with no review date would drift unnoticed.
 */
export const DEFAULT_REVIEW_CADENCE: ReviewCadence = { very_high: 7, high: 14, medium: 28, standard: 56 };

/** Whole positive days (or null) for every band, and a higher band never reviewed less often. */
export function validateReviewCadence(cadence: ReviewCadence): ReviewCadence {
  const problems: string[] = [];
  for (const band of RISK_BANDS) {
    const days = cadence[band];
    if (days === undefined || (days !== null && (!Number.isInteger(days) || days < 1)))
      problems.push(`${band}: a whole number of days from 1, or null.`);
  }
  if (!problems.length) {
    // RISK_BANDS runs lowest first.
    for (let i = 1; i < RISK_BANDS.length; i++) {
      const [lowerBand, higherBand] = [RISK_BANDS[i - 1], RISK_BANDS[i]];
      const lower = cadence[lowerBand];
      const higher = cadence[higherBand];
      if (higher === null && lower !== null)
        problems.push(`${higherBand} has no scheduled review but ${lowerBand} has.`);
      else if (higher !== null && lower !== null && higher > lower)
        problems.push(`${higherBand} is reviewed less often than ${lowerBand}.`);
    }
  }
  if (problems.length) throw new LagError('REVIEW.INVALID_CADENCE', 'The review cadence is not valid.', { problems });
  return cadence;
}

/** The date the next review is due, counted from `fromDate` (a `YYYY-MM-DD` day); null when the band has none. */
export function nextReviewDate(fromDate: string, band: RiskBand, cadence: ReviewCadence): string | null {
  const days = cadence[band];
  return days === null ? null : addDays(fromDate, days);
}

/** Due on the date itself, overdue from the day after. Also serves for action due dates. */
export function isOverdue(dueDate: string | null, today: string): boolean {
  return dueDate !== null && today > dueDate;
}
