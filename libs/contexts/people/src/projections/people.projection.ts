import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { isErased, PersonalDataVault, SearchTokenizer, type SearchToken } from '@hubline/privacy';
import type { Projection } from '@hubline/projections';
import { PERSON_EVENT_TYPES, type PersonEvent, type SealedJson } from '../domain/person';
import { openDetails, openReferences } from '../sealing';
import { detailTokens } from '../search/person-tokens';

/**
 * The people register: status, the sealed copy of the details, agency references, and keyed search
 * tokens computed by opening the sealed data. It never stores plaintext. A forgotten person's
 * tokens are deleted and sealed copies set to NULL; replayed from zero after a key was destroyed,
 * their data no longer opens, so no tokens come back.
 */
@Injectable()
export class PeopleProjection implements Projection {
  readonly name = 'people.register';
  readonly tables = ['people.people', 'people.agency_references', 'people.search_tokens'];
  readonly eventTypes: ReadonlySet<string> = new Set(PERSON_EVENT_TYPES);

  constructor(
    private readonly vault: PersonalDataVault,
    private readonly tokenizer: SearchTokenizer,
  ) {}

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as PersonEvent;
    switch (event.type) {
      case 'PersonRegistered': {
        const d = event.data;
        await m.query(
          `INSERT INTO people.people (person_id, partnership_id, status, registered_by_agency_id, personal, version, registered_at, updated_at)
           VALUES ($1, $2, 'active', $3, $4, $5, $6, $6) ON CONFLICT (person_id) DO NOTHING`,
          [
            d.personId,
            d.partnershipId,
            d.registeredByAgencyId,
            JSON.stringify(d.personal),
            recorded.revision,
            d.registeredAt,
          ],
        );
        await this.replaceDetailTokens(m, d.partnershipId, d.personId, d.personal);
        return;
      }
      case 'PersonDetailsChanged': {
        const d = event.data;
        await m.query(
          `UPDATE people.people SET personal = $2, version = $3, updated_at = $4 WHERE person_id = $1 AND status <> 'erased'`,
          [d.personId, JSON.stringify(d.personal), recorded.revision, d.changedAt],
        );
        await this.replaceDetailTokens(m, d.partnershipId, d.personId, d.personal);
        return;
      }
      case 'PersonAgencyReferenceAdded': {
        const d = event.data;
        await m.query(
          'INSERT INTO people.agency_references (person_id, agency_id, reference) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [d.personId, d.agencyId, JSON.stringify(d.reference)],
        );
        const [reference] = await openReferences(this.vault, [{ personId: d.personId, sealed: d.reference }]);
        if (!isErased(reference))
          await this.insertTokens(m, d.partnershipId, d.personId, [
            this.tokenizer.agencyReference(d.partnershipId, d.agencyId, reference),
          ]);
        await this.touch(m, d.personId, recorded);
        return;
      }
      case 'PeopleMerged': {
        const d = event.data;
        await m.query(
          `UPDATE people.people SET status = 'merged', merged_into = $2, version = $3, updated_at = $4 WHERE person_id = $1 AND status = 'active'`,
          [d.mergedId, d.survivorId, recorded.revision, d.mergedAt],
        );
        return;
      }
      case 'PersonForgotten': {
        const d = event.data;
        await m.query(
          `UPDATE people.people SET status = 'erased', merged_into = NULL, personal = NULL, forgotten_at = $2, version = $3, updated_at = $2 WHERE person_id = $1`,
          [d.personId, d.forgottenAt, recorded.revision],
        );
        await m.query('UPDATE people.agency_references SET reference = NULL WHERE person_id = $1', [d.personId]);
        await m.query('DELETE FROM people.search_tokens WHERE person_id = $1', [d.personId]);
        return;
      }
      default: {
        const unexpected: never = event;
        return unexpected;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE people.people, people.agency_references, people.search_tokens');
  }

  private async touch(m: EntityManager, personId: string, recorded: RecordedEvent): Promise<void> {
    await m.query('UPDATE people.people SET version = $2, updated_at = $3 WHERE person_id = $1', [
      personId,
      recorded.revision,
      recorded.recordedAt,
    ]);
  }

  /** Details tokens follow the current details; agency reference tokens stay. */
  private async replaceDetailTokens(
    m: EntityManager,
    partnershipId: string,
    personId: string,
    personal: SealedJson,
  ): Promise<void> {
    await m.query(`DELETE FROM people.search_tokens WHERE person_id = $1 AND kind <> 'agency_ref'`, [personId]);
    const [details] = await openDetails(this.vault, [{ personId, sealed: personal }]);
    if (isErased(details)) return;
    await this.insertTokens(m, partnershipId, personId, detailTokens(this.tokenizer, partnershipId, details));
  }

  private async insertTokens(
    m: EntityManager,
    partnershipId: string,
    personId: string,
    tokens: SearchToken[],
  ): Promise<void> {
    if (tokens.length === 0) return;
    await m.query(
      `INSERT INTO people.search_tokens (partnership_id, person_id, kind, token)
       SELECT $1, $2, k, t FROM unnest($3::text[], $4::text[]) AS x(k, t) ON CONFLICT DO NOTHING`,
      [partnershipId, personId, tokens.map((t) => t.kind), tokens.map((t) => t.token)],
    );
  }
}
