import { DATA_CATEGORIES } from '@hubline/access';
import { PROTECTED_CHARACTERISTICS } from './domain/personal-details';
import { characteristicCategory, PROFILE_CATEGORIES, splitCategories, SUMMARY_CATEGORIES } from './person-categories';

describe('the data categories of a person record', () => {
  it('counts disability and pregnancy as health data and every other protected characteristic as special category', () => {
    expect(PROTECTED_CHARACTERISTICS.filter((c) => characteristicCategory(c) === 'health')).toEqual([
      'disability',
      'pregnancy_maternity',
    ]);
    expect(
      PROTECTED_CHARACTERISTICS.filter((c) => characteristicCategory(c) !== 'health').every(
        (c) => characteristicCategory(c) === 'special_category',
      ),
    ).toBe(true);
  });

  it('lists the categories of a view in the order of the shared list, each once, so logs and `withheld` compare', () => {
    for (const held of [SUMMARY_CATEGORIES, PROFILE_CATEGORIES]) {
      expect(held).toEqual(DATA_CATEGORIES.filter((c) => held.includes(c)));
    }
  });

  it('splits what a view holds into the categories shown and withheld, whatever else was granted', () => {
    expect(splitCategories(PROFILE_CATEGORIES, ['identity', 'address', 'criminal_offence'])).toEqual({
      shown: ['identity', 'address'],
      withheld: ['contact', 'vulnerabilities', 'health', 'special_category'],
    });
    expect(splitCategories(SUMMARY_CATEGORIES, DATA_CATEGORIES)).toEqual({
      shown: ['identity', 'address'],
      withheld: [],
    });
  });
});
