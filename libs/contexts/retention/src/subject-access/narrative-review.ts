/**
 * Free text released in a subject access export may name or locate someone else. These flags
 * point the reviewer at each place that may, so that redacting it is a decision and not an
 * accident. A finding names its kind and its span in the text (UTF-16 offsets, end exclusive)
 * only: never whose name it is, nor anything the text does not already hold.
 */
export const FINDING_KINDS = ['name_in_register', 'house_number', 'address', 'postcode'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  start: number;
  end: number;
}

export interface ReviewFlag {
  /** Where the narrative sits in the export, e.g. `lagCases[0].aboutTheVictim.incidentSummary`. */
  path: string;
  findings: Finding[];
}

/** The export's fields that hold free text written about people. */
export const NARRATIVE_FIELDS: ReadonlySet<string> = new Set([
  'incidentSummary',
  'multiAgencyReason',
  'note',
  'description',
  'outcome',
  'notes',
  // ASB reports and case reviews.
  'narrative',
  'summary',
  'findings',
  'text',
  'views',
  'toldToVictim',
  'detail',
  // Enforcement orders.
  'conditions',
  'whatHappened',
]);

const STREET =
  '(?:Road|Rd|Street|St|Avenue|Ave|Drive|Close|Lane|Way|Court|Crescent|Parade|Place|Gardens|Terrace|Grove|Walk|Rise|Hill|Square|Row|Mews|View|Green|Park|Estate|House|Flats|Tower)';
const PATTERNS: Array<{ kind: FindingKind; pattern: RegExp }> = [
  // A UK postcode, whole or its outward part followed by the inward part.
  { kind: 'postcode', pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi },
  // "12 Orsett Road", "12a Dock Road", "Flat 3, Heron Court", "Orsett Road".
  {
    kind: 'address',
    pattern: new RegExp(`\\b(?:\\d+[a-z]?,?\\s+)?(?:[A-Z][a-z'-]+\\s+){1,3}${STREET}\\b`, 'g'),
  },
  // "no. 24", "number 9", "No 3", "flat 2", "house 14", "#12".
  {
    kind: 'house_number',
    pattern: /(?:\b(?:no\.?|number|flat|house|apartment|apt\.?|unit)\s*\d+[a-z]?\b|#\d+\b)/gi,
  },
];

/** Capitalised words (names are written so); `'` and `-` stay inside a word ("O'Brien", "Smith-Jones"). */
const WORD = /\p{Lu}[\p{L}'’-]*\p{L}/gu;

/** The words of a text worth checking against the register's names. */
export function candidateNames(text: string): string[] {
  return [...text.matchAll(WORD)].map((m) => m[0]);
}

/**
 * What in `text` may identify or locate a third party: `names` are the words of the text that the
 * register holds as someone else's name (see PeopleSubjectAccess.namesOfOthers). Sorted by
 * position; an address that contains a house number is reported once, as the address.
 */
export function reviewNarrative(text: string, names: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const { kind, pattern } of PATTERNS)
    for (const m of text.matchAll(pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (findings.some((f) => f.start <= start && end <= f.end)) continue;
      findings.push({ kind, start, end });
    }
  for (const m of text.matchAll(WORD))
    if (names.has(m[0]))
      findings.push({ kind: 'name_in_register', start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Every narrative string under `root` (keys in NARRATIVE_FIELDS), with its path. */
export function narrativesOf(root: unknown, path: string): Array<{ path: string; text: string }> {
  const found: Array<{ path: string; text: string }> = [];
  const walk = (value: unknown, at: string, key: string | null) => {
    if (typeof value === 'string') {
      if (key !== null && NARRATIVE_FIELDS.has(key) && value.trim()) found.push({ path: at, text: value });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`, key));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, `${at}.${k}`, k);
  };
  walk(root, path, null);
  return found;
}
