import { DATA_CATEGORIES as READABLE_CATEGORIES } from '@hubline/access';
import { DATA_CATEGORIES } from '../domain';

describe('the data categories', () => {
  it('are the same list in what may be disclosed and in what the personal-data policy lets an agency read', () => {
    // A category disclosed but unknown to the policy would never be shown; one the policy knows but
    // no disclosure can name would never be granted.
    expect([...DATA_CATEGORIES]).toEqual([...READABLE_CATEGORIES]);
  });
});
