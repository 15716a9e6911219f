import { randomBytes } from 'node:crypto';
import { SearchTokenizer, nameParts, normalisePostcode, soundex } from './search-tokens';

describe('search tokens', () => {
  const tokenizer = new SearchTokenizer(randomBytes(32));

  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Ashcraft', 'A261'],
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'],
    ['Smith', 'S530'],
    ['Smyth', 'S530'],
    ['John', 'J500'],
    ['Jon', 'J500'],
    ['Lee', 'L000'],
  ])('soundex(%s) = %s', (word, code) => expect(soundex(word)).toBe(code));

  it('normalises names and postcodes', () => {
    expect(nameParts("  Siobhán  O'Neill-Smith ")).toEqual(['siobhan', 'oneill', 'smith']);
    expect(normalisePostcode('rm17 6sl')).toBe('RM176SL');
  });

  it('matches different spellings by sound, without containing the name', () => {
    const a = tokenizer
      .name('p1', 'John Smith')
      .filter((t) => t.kind === 'name_sound')
      .map((t) => t.token);
    const b = tokenizer
      .name('p1', 'Jon Smyth')
      .filter((t) => t.kind === 'name_sound')
      .map((t) => t.token);
    expect(a.sort()).toEqual(b.sort());
    expect(JSON.stringify(a)).not.toMatch(/john|smith|J500|S530/i);
  });

  it('scopes tokens to a partnership and to a key', () => {
    expect(tokenizer.dateOfBirth('p1', '1980-02-01')).not.toEqual(tokenizer.dateOfBirth('p2', '1980-02-01'));
    expect(new SearchTokenizer(randomBytes(32)).postcode('p1', 'RM17 6SL')).not.toEqual(
      tokenizer.postcode('p1', 'RM17 6SL'),
    );
    expect(tokenizer.postcode('p1', 'rm176sl')).toEqual(tokenizer.postcode('p1', 'RM17 6SL'));
  });
});
