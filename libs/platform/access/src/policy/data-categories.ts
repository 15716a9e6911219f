/**
 * The kinds of information about a person, as information-sharing agreements, consents and
 * disclosures name them (the sharing context uses this list).
 * What an agency may read of a person is a set of these; every field shown maps to one.
 */
export const DATA_CATEGORIES = [
  'identity',
  'contact',
  'address',
  'incident_details',
  'risk_assessment',
  'vulnerabilities',
  'case_actions',
  'health',
  'criminal_offence',
  'special_category',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** The categories in their fixed order, each once. */
export const sortedCategories = (categories: Iterable<DataCategory>): DataCategory[] => {
  const set = new Set(categories);
  return DATA_CATEGORIES.filter((c) => set.has(c));
};
