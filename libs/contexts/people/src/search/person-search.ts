import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SearchTokenizer } from '@hubline/privacy';
import type { PersonalDetails } from '../domain/personal-details';
import { nameSoundTokens } from './person-tokens';

export interface SearchCriteria {
  name?: string;
  dateOfBirth?: string;
  postcode?: string;
  /** The searching agency's own reference for the person. */
  agencyReference?: string;
}

export const MATCH_KINDS = ['agency_reference', 'date_of_birth', 'name_sound', 'postcode'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface DuplicateCandidate {
  personId: string;
  matchedOn: MatchKind[];
}

/** At most this many possible duplicates are named in a refusal. */
const MAX_CANDIDATES = 20;

/**
 * Finds people by keyed search tokens (never by plaintext): the same tokens the people projection
 * stored, computed here from what the caller typed. Merged records are never found.
 */
@Injectable()
export class PersonSearch {
  constructor(
    private readonly db: DataSource,
    private readonly tokenizer: SearchTokenizer,
  ) {}

  /** The tokens a person must all hold to match; empty when the criteria give nothing to search by. */
  requiredTokens(partnershipId: string, agencyId: string, criteria: SearchCriteria): string[] {
    const tokens: string[] = [];
    // A name matches when every part of it sounds like one of the person's names.
    if (criteria.name) tokens.push(...nameSoundTokens(this.tokenizer, partnershipId, criteria.name));
    if (criteria.dateOfBirth) tokens.push(this.tokenizer.dateOfBirth(partnershipId, criteria.dateOfBirth).token);
    if (criteria.postcode) tokens.push(this.tokenizer.postcode(partnershipId, criteria.postcode).token);
    if (criteria.agencyReference)
      tokens.push(this.tokenizer.agencyReference(partnershipId, agencyId, criteria.agencyReference).token);
    return [...new Set(tokens)];
  }

  /** People (active or erased, never merged) holding every required token, newest first. */
  async find(
    partnershipId: string,
    tokens: string[],
    limit: number,
  ): Promise<{ personIds: string[]; truncated: boolean }> {
    if (tokens.length === 0) return { personIds: [], truncated: false };
    const rows: Array<{ person_id: string }> = await this.db.query(
      `SELECT t.person_id FROM people.search_tokens t JOIN people.people p ON p.person_id = t.person_id AND p.status <> 'merged'
        WHERE t.partnership_id = $1 AND t.token = ANY($2::text[])
        GROUP BY t.person_id, p.registered_at
       HAVING count(DISTINCT t.token) = $3
        ORDER BY p.registered_at DESC, t.person_id LIMIT $4`,
      [partnershipId, tokens, tokens.length, limit + 1],
    );
    return { personIds: rows.slice(0, limit).map((r) => r.person_id), truncated: rows.length > limit };
  }

  /**
   * Active people who may be the person about to be registered: the same date of birth and a
   * name that sounds alike; or the registering agency's same reference; or the same postcode and
   * a family name that sounds alike.
   */
  async possibleDuplicates(
    partnershipId: string,
    agencyId: string,
    details: PersonalDetails,
    agencyReference?: string,
  ): Promise<DuplicateCandidate[]> {
    const names = [details.givenName, details.familyName, ...details.aliases].flatMap((n) =>
      nameSoundTokens(this.tokenizer, partnershipId, n),
    );
    const familyNames = nameSoundTokens(this.tokenizer, partnershipId, details.familyName);
    const dob = details.dateOfBirth ? this.tokenizer.dateOfBirth(partnershipId, details.dateOfBirth).token : null;
    const postcode = details.postcode ? this.tokenizer.postcode(partnershipId, details.postcode).token : null;
    const reference = agencyReference
      ? this.tokenizer.agencyReference(partnershipId, agencyId, agencyReference).token
      : null;
    const wanted = [...new Set([...names, dob, postcode, reference].filter((t): t is string => t !== null))];
    const rows: Array<{ person_id: string; tokens: string[] }> = await this.db.query(
      `SELECT t.person_id, array_agg(t.token) AS tokens FROM people.search_tokens t
         JOIN people.people p ON p.person_id = t.person_id AND p.status = 'active'
        WHERE t.partnership_id = $1 AND t.token = ANY($2::text[])
        GROUP BY t.person_id, p.registered_at ORDER BY p.registered_at, t.person_id`,
      [partnershipId, wanted],
    );
    const candidates: DuplicateCandidate[] = [];
    for (const row of rows) {
      const held = new Set(row.tokens);
      const matched = new Set<MatchKind>();
      const nameSounds = names.some((t) => held.has(t));
      if (dob && held.has(dob) && nameSounds) matched.add('date_of_birth').add('name_sound');
      if (reference && held.has(reference)) matched.add('agency_reference');
      if (postcode && held.has(postcode) && familyNames.some((t) => held.has(t)))
        matched.add('postcode').add('name_sound');
      if (matched.size)
        candidates.push({ personId: row.person_id, matchedOn: MATCH_KINDS.filter((k) => matched.has(k)) });
    }
    return candidates.slice(0, MAX_CANDIDATES);
  }
}
