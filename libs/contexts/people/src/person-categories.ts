import type { DataCategory } from '@hubline/access';
import type { ProtectedCharacteristic } from './domain/personal-details';

/**
 * Which data category each field of a person's record belongs to, field by field. A reader is shown
 * a field only when the personal-data policy grants its category; the categories of fields held
 * back are listed as `withheld`, whether or not the person has data in them (so `withheld` itself
 * reveals nothing about the person).
 *
 * - identity: names, aliases, date of birth, agencies' references;
 * - address: address and postcode;
 * - contact: contact preferences and their notes;
 * - vulnerabilities: the vulnerabilities recorded;
 * - health: the protected characteristics that are health data (disability, pregnancy and maternity);
 * - special_category: the other protected characteristics (race, religion or belief, sexual
 *   orientation, gender reassignment, and, as hate-crime markers, the rest).
 * Record-keeping fields (status, version, who registered the record, when) are not personal data.
 */
export const SUMMARY_CATEGORIES: readonly DataCategory[] = ['identity', 'address'];
// In the order of DATA_CATEGORIES, as the consultation log and `withheld` list them.
export const PROFILE_CATEGORIES: readonly DataCategory[] = [
  'identity',
  'contact',
  'address',
  'vulnerabilities',
  'health',
  'special_category',
];

const HEALTH_CHARACTERISTICS: readonly ProtectedCharacteristic[] = ['disability', 'pregnancy_maternity'];

export const characteristicCategory = (c: ProtectedCharacteristic): DataCategory =>
  HEALTH_CHARACTERISTICS.includes(c) ? 'health' : 'special_category';

/** What a reader granted `granted` may see of a view holding `held`: the categories shown and withheld. */
export function splitCategories(
  held: readonly DataCategory[],
  granted: readonly DataCategory[],
): { shown: DataCategory[]; withheld: DataCategory[] } {
  return {
    shown: held.filter((c) => granted.includes(c)),
    withheld: held.filter((c) => !granted.includes(c)),
  };
}
