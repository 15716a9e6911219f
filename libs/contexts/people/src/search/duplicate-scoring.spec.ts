import type { DataCategory } from '@hubline/access';
import { candidatesShown, confidenceOf, type DuplicateEvidence, type DuplicateReason } from './duplicate-scoring';

const evidence = (personId: string, reasons: DuplicateReason[], nameScore = 0.9, datesOfBirthDiffer = false) =>
  ({ personId, reasons: new Set(reasons), nameScore, datesOfBirthDiffer }) satisfies DuplicateEvidence;
const ALL: DataCategory[] = ['identity', 'address', 'contact'];

describe('judging possible duplicates', () => {
  it.each([
    [['agency_reference'], false, 'high'],
    [['name_similar', 'dob_match'], false, 'high'],
    [['name_similar', 'dob_transposed'], false, 'medium'],
    [['name_similar', 'postcode_match'], true, 'medium'],
    [['dob_match', 'postcode_match'], false, 'medium'],
    [['name_similar'], false, 'low'],
    [['name_similar'], true, null],
    [['dob_match'], false, null],
    [['postcode_match'], false, null],
    [['dob_transposed', 'postcode_match'], false, null],
  ] as Array<[DuplicateReason[], boolean, string | null]>)(
    '%j (dates differ: %s) is %s',
    (reasons, differ, expected) => {
      expect(confidenceOf(new Set(reasons), differ)).toBe(expected);
    },
  );

  it('shows a visible person every reason of a category granted, judged on those alone', () => {
    const found = [evidence('a', ['name_similar', 'postcode_match'])];
    expect(candidatesShown(found, new Map([['a', { visible: true, categories: ALL }]]), 20)).toEqual([
      { personId: 'a', confidence: 'medium', reasons: ['name_similar', 'postcode_match'] },
    ]);
    // Without their address, the postcode match is neither told nor counted.
    expect(candidatesShown(found, new Map([['a', { visible: true, categories: ['identity'] }]]), 20)).toEqual([
      { personId: 'a', confidence: 'low', reasons: ['name_similar'] },
    ]);
  });

  it('lists a person the caller may not see only, locked, for a similar name and the same date of birth', () => {
    const locked = new Map<string, { visible: boolean; categories: DataCategory[] }>();
    expect(
      candidatesShown(
        [
          evidence('a', ['name_similar', 'dob_match', 'postcode_match']),
          evidence('b', ['name_similar']),
          evidence('c', ['name_similar', 'dob_transposed']),
          evidence('d', ['dob_match', 'postcode_match']),
        ],
        locked,
        20,
      ),
    ).toEqual([{ personId: 'a', confidence: 'high', reasons: ['name_similar', 'dob_match'], locked: true }]);
  });

  it('orders by confidence, then by how alike the names are, and keeps to the limit', () => {
    const access = new Map(['a', 'b', 'c', 'd'].map((id) => [id, { visible: true, categories: ALL }]));
    const shown = candidatesShown(
      [
        evidence('a', ['name_similar'], 0.99),
        evidence('b', ['name_similar', 'dob_match'], 0.9),
        evidence('c', ['name_similar', 'dob_transposed'], 0.95),
        evidence('d', ['name_similar', 'dob_transposed'], 0.97),
      ],
      access,
      3,
    );
    expect(shown.map((c) => c.personId)).toEqual(['b', 'd', 'c']);
  });
});
