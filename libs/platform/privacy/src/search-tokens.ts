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
  /** Tokens already computed, by the message hashed (`remembering` tokenizers only). */
  private readonly tokens: Map<string, string> | null = null;
  /** A name's tokens, by partnership and name as given (`remembering` tokenizers only). */
  private readonly names: Map<string, SearchToken[]> | null = null;

  /** `copyOf` is for `remembering`: the copy keeps the original's derived key, not derived again. */
  constructor(masterKey: Buffer, copyOf?: { key: Buffer; remember: true }) {
    this.key = copyOf?.key ?? deriveKey(masterKey, 'search-tokens/v1');
    if (copyOf?.remember) {
      this.tokens = new Map();
      this.names = new Map();
    }
  }

  /**
   * The same tokens, each term hashed once: for one batch of work where terms repeat (family
   * names, given names, their sounds). It holds the terms it has seen, in plaintext, as long as it
   * lives: keep it for one batch, never in a long-lived object.
   */
  remembering(): SearchTokenizer {
    return new SearchTokenizer(Buffer.alloc(0), { key: this.key, remember: true });
  }

  private token(partnershipId: string, kind: TokenKind, term: string): SearchToken {
    const message = `${partnershipId}\u0000${kind}\u0000${term}`;
    let token = this.tokens?.get(message);
    if (token === undefined) {
      token = hmacHex(this.key, message);
      this.tokens?.set(message, token);
    }
    return { kind, token };
  }

  name(partnershipId: string, name: string): SearchToken[] {
    const key = `${partnershipId}\u0000${name}`;
    const known = this.names?.get(key);
    if (known) return known.map((t) => ({ ...t }));
    const parts = nameParts(name);
    const tokens = dedupe(
      parts.flatMap((p) => [this.token(partnershipId, 'name', p), this.token(partnershipId, 'name_sound', soundex(p))]),
    );
    this.names?.set(
      key,
      tokens.map((t) => ({ ...t })),
    );
    return tokens;
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
