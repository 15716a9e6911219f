import { isSealed, type PersonalDataVault, type Sealed } from '@hubline/privacy';
import type { ReviewRow } from './case-reviews-read-model';

export type Narrative = string | { erased: true };
type Step = ReviewRow['steps'][number];

/** Every value in `value` with each sealed text replaced by what `replace` gives (a field given `undefined` is left out). */
function mapSealed(value: unknown, replace: (sealed: Sealed) => unknown): unknown {
  if (isSealed(value)) return replace(value);
  if (Array.isArray(value)) return value.map((v) => mapSealed(v, replace));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, mapSealed(v, replace)] as const)
        .filter(([, v]) => v !== undefined),
    );
  return value;
}

/** The review's steps with every sealed text opened with the key it names (`{erased: true}` once that key is destroyed). */
export async function openStepTexts(vault: PersonalDataVault, row: ReviewRow): Promise<Step[]> {
  const keyId = row.state.record.sealedWith;
  const sealed: Sealed[] = [];
  row.steps.forEach((s) => mapSealed(s.data, (x) => sealed.push(x)));
  const opened = await vault.openMany(sealed.map((s) => ({ personId: keyId, sealed: s })));
  const byRef = new Map<Sealed, Narrative>(
    sealed.map((s, i) => [s, typeof opened[i] === 'string' ? opened[i] : { erased: true }]),
  );
  return row.steps.map((s) => ({ ...s, data: mapSealed(s.data, (x) => byRef.get(x)) as Step['data'] }));
}

/** The review's steps with every sealed text put as `instead` (left out when `instead` is undefined). */
export function stepsWithTextsAs(row: ReviewRow, instead: unknown): Step[] {
  return row.steps.map((s) => ({ ...s, data: mapSealed(s.data, () => instead) as Step['data'] }));
}
