import { randomBytes } from 'node:crypto';
import { SearchTokenizer } from '@hubline/privacy';
import type { PersonalDetails } from '../domain/personal-details';
import { detailTokens, nameSoundTokens } from './person-tokens';

const tokenizer = new SearchTokenizer(randomBytes(32));
const aPerson = (over: Partial<PersonalDetails> = {}): PersonalDetails => ({
  givenName: 'John',
  familyName: 'Smith',
  aliases: ['Johnny Boy'],
  dateOfBirth: '1980-02-01',
  postcode: 'RM17 6SL',
  vulnerabilities: [],
  protectedCharacteristics: [],
  ...over,
});

describe('person search tokens', () => {
  it('covers every name (given, family, aliases), the date of birth and the postcode, once each', () => {
    const tokens = detailTokens(tokenizer, 'csp-1', aPerson());
    expect(new Set(tokens.map((t) => t.token)).size).toBe(tokens.length);
    const held = new Set(tokens.map((t) => t.token));
    for (const name of ['John', 'Smith', 'Johnny', 'Boy'])
      expect(nameSoundTokens(tokenizer, 'csp-1', name).every((t) => held.has(t))).toBe(true);
    expect(held.has(tokenizer.dateOfBirth('csp-1', '1980-02-01').token)).toBe(true);
    expect(held.has(tokenizer.postcode('csp-1', 'rm176sl').token)).toBe(true);
  });

  it('leaves out what is not known', () => {
    const kinds = detailTokens(tokenizer, 'csp-1', aPerson({ dateOfBirth: undefined, postcode: undefined })).map(
      (t) => t.kind,
    );
    expect(kinds).not.toContain('dob');
    expect(kinds).not.toContain('postcode');
  });

  it('lets "Jon Smyth" find "John Smith", but not "Mary Smith"', () => {
    const held = new Set(detailTokens(tokenizer, 'csp-1', aPerson()).map((t) => t.token));
    expect(nameSoundTokens(tokenizer, 'csp-1', 'Jon Smyth').every((t) => held.has(t))).toBe(true);
    expect(nameSoundTokens(tokenizer, 'csp-1', 'Mary Smith').every((t) => held.has(t))).toBe(false);
  });

  it('holds no term in clear: every token is a keyed hash', () => {
    // Digits can occur in any hex string by chance, so the check is on the shape of each token.
    const tokens = detailTokens(tokenizer, 'csp-1', aPerson());
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(t.token).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(tokens)).not.toMatch(/john|smith|johnny|RM17|1980-02-01/i);
  });
});
