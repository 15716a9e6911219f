import { deriveKey, hmacHex } from './crypto';

/**
 * Searchable without plaintext: read models keep keyed hashes (HMAC-SHA-256 under a key derived
 * from the master key, scoped to the partnership) of normalised terms, never the terms. A name
 * gives one token per part and one per part's sound (Soundex), so "Jon Smyth" finds "John Smith".
 */
export type TokenKind = 'name' | 'name_sound' | 'dob' | 'postcode' | 'agency_ref';

export interface SearchToken {
  kind: TokenKind;
  token: string;
}

/** Lower case, accents removed, only letters, digits, apostrophes and single spaces. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/'/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function nameParts(name: string): string[] {
  return normaliseName(name)
    .split(' ')
    .filter((p) => p.length > 0);
}

/** UK postcodes compare without spaces, upper case. */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/** American Soundex (the census rules: h and w do not separate equal codes). */
export function soundex(word: string): string {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!letters) return '';
  let result = letters[0].toUpperCase();
  let previous = SOUNDEX_CODES[letters[0]] ?? '';
  for (const ch of letters.slice(1)) {
    const code = SOUNDEX_CODES[ch];
    if (code && code !== previous) result += code;
    if (ch !== 'h' && ch !== 'w') previous = code ?? '';
    if (result.length === 4) break;
  }
  return result.padEnd(4, '0');
}

export class SearchTokenizer {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = deriveKey(masterKey, 'search-tokens/v1');
  }

  private token(partnershipId: string, kind: TokenKind, term: string): SearchToken {
    return { kind, token: hmacHex(this.key, `${partnershipId}\u0000${kind}\u0000${term}`) };
  }

  name(partnershipId: string, name: string): SearchToken[] {
    const parts = nameParts(name);
    const tokens = parts.flatMap((p) => [
      this.token(partnershipId, 'name', p),
      this.token(partnershipId, 'name_sound', soundex(p)),
    ]);
    return dedupe(tokens);
  }

  dateOfBirth(partnershipId: string, isoDate: string): SearchToken {
    return this.token(partnershipId, 'dob', isoDate);
  }

  postcode(partnershipId: string, postcode: string): SearchToken {
    return this.token(partnershipId, 'postcode', normalisePostcode(postcode));
  }

  agencyReference(partnershipId: string, agencyId: string, reference: string): SearchToken {
    return this.token(partnershipId, 'agency_ref', `${agencyId}\u0000${reference.trim().toUpperCase()}`);
  }
}

function dedupe(tokens: SearchToken[]): SearchToken[] {
  const seen = new Set<string>();
  return tokens.filter((t) => (seen.has(t.token) ? false : (seen.add(t.token), true)));
}
