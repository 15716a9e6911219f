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

  it('remembering, gives every term the token it would have without, however often it comes', () => {
    const remembering = tokenizer.remembering();
    const names = ['John Smith', 'Jon Smyth', 'John Smith', 'Mary-Jane Smith', '  john   SMITH ', 'Siobhán Ó Néill'];
    for (const partnership of ['p1', 'p2', 'p1'])
      for (const name of names) expect(remembering.name(partnership, name)).toEqual(tokenizer.name(partnership, name));
    expect(remembering.postcode('p1', 'rm17 6sl')).toEqual(tokenizer.postcode('p1', 'RM17 6SL'));
    expect(remembering.dateOfBirth('p1', '1980-02-01')).toEqual(tokenizer.dateOfBirth('p1', '1980-02-01'));
    expect(remembering.agencyReference('p1', 'a1', ' ab-1 ')).toEqual(tokenizer.agencyReference('p1', 'a1', 'AB-1'));
    // What a caller does with the tokens it was given does not change the next answer.
    remembering.name('p1', 'John Smith')[0].token = 'changed';
    expect(remembering.name('p1', 'John Smith')).toEqual(tokenizer.name('p1', 'John Smith'));
  });
});
