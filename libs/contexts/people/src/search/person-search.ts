import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { EVENT_STORE, loadState, type EventStore } from '@hubline/event-store';
import { isErased, PersonalDataVault, SearchTokenizer, type Sealed } from '@hubline/privacy';
import {
  DEFAULT_DUPLICATE_SETTINGS,
  duplicateSettingsStream,
  evolveDuplicateSettings,
  type DuplicateSettings,
} from '../domain/duplicate-settings';
import type { PersonalDetails } from '../domain/personal-details';
import { openDetails } from '../sealing';
import {
  candidatesShown,
  confidenceOf,
  NAME_SIMILAR,
  type DuplicateCandidate,
  type DuplicateEvidence,
  type DuplicateReason,
} from './duplicate-scoring';
import { nameSimilarity, transposedDate } from './name-similarity';
import { nameSoundTokens } from './person-tokens';

export type { DuplicateCandidate } from './duplicate-scoring';

export interface SearchCriteria {
  name?: string;
  dateOfBirth?: string;
  postcode?: string;
  /** The searching agency's own reference for the person. */
  agencyReference?: string;
}

/**
 * The people (active or erased, never merged) holding every one of the tokens `$2` (`$3` of them)
 * in partnership `$1`, newest first, at most `$4`: their ids and when they were registered. A
 * search reads them and their rows in one statement (`PeopleDirectory.search`).
 */
export const MATCHING_PEOPLE = `SELECT t.person_id, p.registered_at
   FROM people.search_tokens t JOIN people.people p ON p.person_id = t.person_id AND p.status <> 'merged'
  WHERE t.partnership_id = $1 AND t.token = ANY($2::text[])
  GROUP BY t.person_id, p.registered_at
 HAVING count(DISTINCT t.token) = $3
  ORDER BY p.registered_at DESC, t.person_id LIMIT $4`;

/** At most this many possible duplicates are named in a refusal. */
const MAX_CANDIDATES = 20;
/** At most this many people sharing a family name's sound, a date of birth or a postcode are compared. */
const MAX_COMPARED = 500;

/**
 * Finds people by keyed search tokens (never by plaintext): the same tokens the people projection
 * stored, computed here from what the caller typed. Merged records are never found.
 */
@Injectable()
export class PersonSearch {
  constructor(
    private readonly db: DataSource,
    private readonly tokenizer: SearchTokenizer,
    private readonly vault: PersonalDataVault,
    private readonly policy: PersonalDataPolicy,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The partnership's duplicate check settings in force, folded from their own stream (a handful of events). */
  async duplicateSettings(partnershipId: string): Promise<DuplicateSettings & { version: number }> {
    const { state, version } = await loadState(this.store, duplicateSettingsStream(partnershipId), {
      initialState: DEFAULT_DUPLICATE_SETTINGS,
      evolve: evolveDuplicateSettings,
    });
    return { ...state, version };
  }

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

  /**
   * Active people who may be the person about to be registered, with what was found about each
   * (before the caller's access is applied: see `candidatesShown`). Compared: everyone whose names
   * include one sounding like the family name (or an alias's), or with the same or transposed date
   * of birth, the same postcode or the registering agency's same reference, found by keyed tokens;
   * their names are then opened here to be scored, and never leave this method.
   */
  async duplicateEvidence(
    partnershipId: string,
    agencyId: string,
    details: PersonalDetails,
    agencyReference?: string,
    nameSimilar: number = NAME_SIMILAR,
  ): Promise<DuplicateEvidence[]> {
    const familySounds = [details.familyName, ...details.aliases].flatMap((n) =>
      nameSoundTokens(this.tokenizer, partnershipId, n),
    );
    const token = (kind: 'dob' | 'postcode', value: string | null | undefined) =>
      value
        ? (kind === 'dob'
            ? this.tokenizer.dateOfBirth(partnershipId, value)
            : this.tokenizer.postcode(partnershipId, value)
          ).token
        : null;
    const dob = token('dob', details.dateOfBirth);
    const transposed = details.dateOfBirth ? transposedDate(details.dateOfBirth) : null;
    const dobSwapped = token('dob', transposed);
    const postcode = token('postcode', details.postcode);
    const reference = agencyReference
      ? this.tokenizer.agencyReference(partnershipId, agencyId, agencyReference).token
      : null;
    const wanted = [
      ...new Set([...familySounds, dob, dobSwapped, postcode, reference].filter((t): t is string => t !== null)),
    ];
    if (wanted.length === 0) return [];
    const rows: Array<{ person_id: string; personal: Sealed | null; tokens: string[] }> = await this.db.query(
      `SELECT t.person_id, p.personal, array_agg(t.token) AS tokens FROM people.search_tokens t
         JOIN people.people p ON p.person_id = t.person_id AND p.status = 'active'
        WHERE t.partnership_id = $1 AND t.token = ANY($2::text[])
        GROUP BY t.person_id, p.personal, p.registered_at
        ORDER BY count(DISTINCT t.token) DESC, p.registered_at, t.person_id LIMIT $3`,
      [partnershipId, wanted, MAX_COMPARED],
    );
    const opened = await openDetails(
      this.vault,
      rows.map((r) => ({ personId: r.person_id, sealed: r.personal })),
    );
    return rows.map((row, i) => {
      const held = new Set(row.tokens);
      const theirs = opened[i];
      const nameScore = isErased(theirs) ? 0 : nameSimilarity(details, theirs);
      const reasons = new Set<DuplicateReason>();
      if (reference && held.has(reference)) reasons.add('agency_reference');
      if (nameScore >= nameSimilar) reasons.add('name_similar');
      if (dob && held.has(dob)) reasons.add('dob_match');
      if (dobSwapped && held.has(dobSwapped)) reasons.add('dob_transposed');
      if (postcode && held.has(postcode)) reasons.add('postcode_match');
      const theirDob = isErased(theirs) ? undefined : theirs.dateOfBirth;
      const datesOfBirthDiffer =
        !!details.dateOfBirth && !!theirDob && !reasons.has('dob_match') && !reasons.has('dob_transposed');
      return { personId: row.person_id, nameScore, reasons, datesOfBirthDiffer };
    });
  }

  /** The possible duplicates the caller may be shown (decision 0019), most likely first. */
  async possibleDuplicates(
    actor: Actor,
    details: PersonalDetails,
    agencyReference?: string,
    /**
     * The id the new person is to have. A re-run of a keyed registration whose first run was
     * registered before its process died (decision 0020) finds that person: not a duplicate.
     */
    registering?: string,
  ): Promise<{ shown: DuplicateCandidate[]; withheld: string[] }> {
    const settings = await this.duplicateSettings(actor.partnershipId);
    const evidence = (
      await this.duplicateEvidence(
        actor.partnershipId,
        actor.agencyId,
        details,
        agencyReference,
        settings.nameSimilarity,
      )
    ).filter((e) => e.personId !== registering);
    if (evidence.length === 0) return { shown: [], withheld: [] };
    const access = await this.policy.assess(
      actor,
      evidence.map((e) => e.personId),
    );
    const shown = candidatesShown(evidence, access, MAX_CANDIDATES, settings);
    const listed = new Set(shown.map((c) => c.personId));
    // Matched on more than a sound alone, but not listed: recorded for the auditor, like a search's.
    const withheld = evidence
      .filter((e) => !listed.has(e.personId) && confidenceOf(e.reasons, e.datesOfBirthDiffer) !== null)
      .map((e) => e.personId);
    return { shown, withheld };
  }
}
