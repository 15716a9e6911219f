import { jaroWinkler, nameSimilarity, transposedDate } from './name-similarity';

const person = (givenName: string, familyName: string, aliases: string[] = []) => ({ givenName, familyName, aliases });

describe('name similarity', () => {
  it('computes Jaro-Winkler as published (Winkler 1990 examples)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('scores names taken down by ear as alike', () => {
    expect(nameSimilarity(person('Aysha', 'Rahmen'), person('Aisha', 'Rahman'))).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity(person('Dan', 'Witmore'), person('Dan', 'Whitmore'))).toBeGreaterThanOrEqual(0.95);
    expect(nameSimilarity(person('Dan', 'Witmore'), person('Daniel', 'Whitmore'))).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity(person('Zoë', "O'Brien"), person('Zoe', 'OBrien'))).toBe(1);
  });

  it('finds a name recorded the other way round, or under an alias', () => {
    expect(nameSimilarity(person('Rahman', 'Aisha'), person('Aisha', 'Rahman'))).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity(person('Jo', 'Bloggs'), person('Joanne', 'Smith', ['Jo Bloggs']))).toBe(1);
  });

  it('keeps different people apart', () => {
    expect(nameSimilarity(person('Aisha', 'Rahman'), person('Oliver', 'Smith'))).toBeLessThan(0.6);
    expect(nameSimilarity(person('John', 'Smith'), person('John', 'Jones'))).toBeLessThan(0.85);
    expect(nameSimilarity(person('Amelia', 'Taylor'), person('Emily', 'Taylor'))).toBeLessThan(0.9);
  });
});

describe('transposed dates of birth', () => {
  it('swaps day and month when both could be either', () => {
    expect(transposedDate('1985-03-07')).toBe('1985-07-03');
    expect(transposedDate('1985-12-01')).toBe('1985-01-12');
  });
  it('has none when the swap is no date or the same date', () => {
    expect(transposedDate('1985-03-25')).toBeNull();
    expect(transposedDate('1985-04-04')).toBeNull();
    expect(transposedDate('not a date')).toBeNull();
  });
});
