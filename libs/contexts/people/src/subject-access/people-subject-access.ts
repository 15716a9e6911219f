import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type JsonValue } from '@hubline/event-store';
import { isSealed, PersonalDataVault, SearchTokenizer, type Sealed } from '@hubline/privacy';
import { personStream } from '../domain/person';

/** One record of the person, as a subject access export shows it: every event, decrypted. */
export interface PersonRecordForSubjectAccess {
  personId: string;
  status: string;
  events: Array<{ type: string; recordedAt: string; data: Record<string, JsonValue> }>;
}

/**
 * What the people context holds about a person, for a subject access request: their record and
 * any records merged into it (the same human being), each read from its own stream with what was
 * sealed with their key opened (or shown as erased). The caller checks the requester may see it
 * and records the consultation.
 */
@Injectable()
export class PeopleSubjectAccess {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly tokenizer: SearchTokenizer,
  ) {}

  /**
   * Which of `words` are a name (given, family or alias part) of someone in the partnership's
   * register other than `ids` (the requester's own records), compared by keyed search tokens, never
   * by plaintext. A word that is also one of the requester's own names is left out. Says only
   * which words, never whose name they are.
   */
  async namesOfOthers(partnershipId: string, ids: string[], words: string[]): Promise<Set<string>> {
    const tokenOf = new Map<string, string>();
    for (const word of new Set(words)) {
      const token = this.tokenizer.name(partnershipId, word).find((t) => t.kind === 'name')?.token;
      if (token) tokenOf.set(word, token);
    }
    if (tokenOf.size === 0) return new Set();
    const rows: Array<{ token: string; others: boolean; own: boolean }> = await this.db.query(
      `SELECT token, bool_or(NOT (person_id = ANY($3::uuid[]))) AS others, bool_or(person_id = ANY($3::uuid[])) AS own
         FROM people.search_tokens WHERE partnership_id = $1 AND kind = 'name' AND token = ANY($2::text[])
        GROUP BY token`,
      [partnershipId, [...new Set(tokenOf.values())], ids],
    );
    const named = new Set(rows.filter((r) => r.others && !r.own).map((r) => r.token));
    return new Set([...tokenOf].filter(([, token]) => named.has(token)).map(([word]) => word));
  }

  /** Empty: no such person in the partnership. */
  async records(partnershipId: string, personId: string): Promise<PersonRecordForSubjectAccess[]> {
    const records: Array<{ person_id: string; status: string }> = await this.db.query(
      `WITH RECURSIVE record AS (
         SELECT person_id, status FROM people.people WHERE partnership_id = $1 AND person_id = $2
         UNION SELECT p.person_id, p.status FROM people.people p JOIN record r ON p.merged_into = r.person_id WHERE p.partnership_id = $1
       ) SELECT person_id, status FROM record`,
      [partnershipId, personId],
    );
    return Promise.all(
      records.map(async (r) => ({ personId: r.person_id, status: r.status, events: await this.events(r.person_id) })),
    );
  }

  private async events(personId: string): Promise<PersonRecordForSubjectAccess['events']> {
    const events = await this.store.readStream(personStream(personId));
    return Promise.all(
      events.map(async (e) => {
        const data: Record<string, JsonValue> = {};
        for (const [key, value] of Object.entries(e.data))
          data[key] = isSealed(value) ? ((await this.vault.open(personId, value as Sealed)) as JsonValue) : value;
        return { type: e.type, recordedAt: e.recordedAt, data };
      }),
    );
  }
}
