import type { DataCategory } from '@hubline/access';

/**
 * Why a registered person may be the one about to be registered:
 * - `agency_reference`: the registering agency's own reference for them is the same;
 * - `name_similar`: the names are alike (Jaro-Winkler with phonetic keys, `nameSimilarity`);
 * - `dob_match`: the same date of birth; `dob_transposed`: the same with day and month swapped;
 * - `postcode_match`: the same postcode.
 */
export const DUPLICATE_REASONS = [
  'agency_reference',
  'name_similar',
  'dob_match',
  'dob_transposed',
  'postcode_match',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DUPLICATE_CONFIDENCES = ['high', 'medium', 'low'] as const;
export type DuplicateConfidence = (typeof DUPLICATE_CONFIDENCES)[number];

/** Names at least this alike (0 to 1) count as `name_similar`, until a partnership sets its own (0.85 to 0.95). */
export const NAME_SIMILAR = 0.88;

/** What was found about one registered person, before the caller's access is applied. */
export interface DuplicateEvidence {
  personId: string;
  nameScore: number;
  reasons: ReadonlySet<DuplicateReason>;
  /** Both dates of birth are known and are neither the same nor transposed. */
  datesOfBirthDiffer: boolean;
}

export interface DuplicateCandidate {
  personId: string;
  confidence: DuplicateConfidence;
  reasons: DuplicateReason[];
  /** Your agency may not see this person (decision 0019): only the id, and only for an exact date of birth with a similar name. */
  locked?: true;
}

/** Which data category each reason tells the caller something about. */
export const REASON_CATEGORY: Record<DuplicateReason, DataCategory> = {
  agency_reference: 'identity',
  name_similar: 'identity',
  dob_match: 'identity',
  dob_transposed: 'identity',
  postcode_match: 'address',
};

/**
 * How likely a duplicate is, from the reasons the caller may be told (so the confidence says
 * nothing they may not know), or null when it is not one:
 * - high: the same agency reference; or a similar name and the same date of birth;
 * - medium: a similar name and the date of birth transposed or the same postcode; or the same date
 *   of birth and postcode (a changed name);
 * - low: a similar name alone, unless both dates of birth are known and differ.
 */
export function confidenceOf(
  reasons: ReadonlySet<DuplicateReason>,
  datesOfBirthDiffer: boolean,
): DuplicateConfidence | null {
  const has = (r: DuplicateReason) => reasons.has(r);
  if (has('agency_reference')) return 'high';
  if (has('name_similar') && has('dob_match')) return 'high';
  if (has('name_similar') && (has('dob_transposed') || has('postcode_match'))) return 'medium';
  if (has('dob_match') && has('postcode_match')) return 'medium';
  if (has('name_similar') && !datesOfBirthDiffer) return 'low';
  return null;
}

/**
 * The candidates a caller may be shown (decision 0019: a candidate list reveals no more than the
 * caller may see). `access` is the policy's answer per person: visible, and the categories granted.
 * - a person the caller may see: every reason of a category granted (a postcode match only with
 *   `address`), the confidence judged on those alone;
 * - a person the caller may not see: listed `locked`, by id only, when the name typed is similar and
 *   the date of birth typed is exactly theirs (what 0019 already accepts registration reveals),
 *   never on a name alone, a transposed date or a postcode;
 * - candidates of low confidence only when the partnership's setting lists them;
 * ordered by confidence, then by how alike the names are.
 */
export function candidatesShown(
  evidence: DuplicateEvidence[],
  access: ReadonlyMap<string, { visible: boolean; categories: readonly DataCategory[] }>,
  limit: number,
  options: { showLowConfidence: boolean } = { showLowConfidence: true },
): DuplicateCandidate[] {
  const shown: Array<DuplicateCandidate & { nameScore: number }> = [];
  for (const e of evidence) {
    const a = access.get(e.personId);
    if (a?.visible) {
      const reasons = new Set([...e.reasons].filter((r) => a.categories.includes(REASON_CATEGORY[r])));
      const confidence = confidenceOf(reasons, e.datesOfBirthDiffer);
      // A partnership may leave out a similar name alone (its setting); stronger evidence is always listed.
      if (confidence && (confidence !== 'low' || options.showLowConfidence))
        shown.push({
          personId: e.personId,
          confidence,
          reasons: DUPLICATE_REASONS.filter((r) => reasons.has(r)),
          nameScore: e.nameScore,
        });
    } else if (e.reasons.has('name_similar') && e.reasons.has('dob_match')) {
      shown.push({
        personId: e.personId,
        confidence: 'high',
        reasons: ['name_similar', 'dob_match'],
        locked: true,
        nameScore: e.nameScore,
      });
    }
  }
  const rank = (c: DuplicateConfidence) => DUPLICATE_CONFIDENCES.indexOf(c);
  return shown
    .sort((x, y) => rank(x.confidence) - rank(y.confidence) || y.nameScore - x.nameScore)
    .slice(0, limit)
    .map(({ nameScore: _, ...c }) => c);
}
