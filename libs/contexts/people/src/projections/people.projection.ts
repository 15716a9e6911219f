import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { isErased, PersonalDataVault, SearchTokenizer, type SearchToken } from '@hubline/privacy';
import { Parameters, sendWrites, type Projection } from '@hubline/projections';
import { PERSON_EVENT_TYPES, type PersonEvent, type SealedJson } from '../domain/person';
import type { PersonalDetails } from '../domain/personal-details';
import { openDetails, openReferences } from '../sealing';
import { detailTokens } from '../search/person-tokens';

/** Events of a batch worked out before their writes are sent (`PeopleProjection.partEvents`). */
const PART_EVENTS = 500;

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

  /**
   * One event, statement by statement: the reference `applyBatch` must match (the projection's
   * tests compare the two on the same log).
   */
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

  /**
   * How many events of a batch are worked out before their writes are sent (a part; at least one
   * person's events, each person's in one part). While the database writes a part, the next one's
   * sealed values are opened and its tokens hashed: alone, the register was idle half the time,
   * waiting for its writes, and opening and hashing is the other half.
   */
  partEvents = PART_EVENTS;

  /**
   * A batch in a few statements a part, whatever its size: the rows of the batch's people read in
   * one query; then, part by part (`partEvents`; each person's events in one part, so the parts
   * touch different rows), the part's sealed values opened with one key look-up, its events folded
   * in log order in memory (as `apply` would change the rows one after the other), and its writes
   * sent (`PartChanges`: what it empties first, then its persons, references and search tokens in
   * one statement). A part's writes go while the next part is worked out, in order, in the batch's
   * transaction. Applying the batch again finds its changes made and makes them again: nothing
   * moves.
   */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    const batch = events.map((recorded) => ({
      recorded,
      event: { type: recorded.type, data: recorded.data } as PersonEvent,
    }));
    const parts = partsByPerson(batch, this.partEvents);
    if (parts.length === 0) return;
    const rows = m.query(
      `SELECT person_id, partnership_id::text, status, merged_into::text, registered_by_agency_id::text, personal::text, version::text,
              registered_at::text, updated_at::text, forgotten_at::text
         FROM people.people WHERE person_id = ANY($1::uuid[])`,
      [parts.flatMap((part) => part.people)],
    ) as Promise<PersonRow[]>;
    // Handled here as well, for when a part's key look-up fails first.
    rows.catch(() => undefined);
    let persons: Map<string, { row: PersonRow; dirty: boolean }> | null = null;
    let writing: Promise<void> = Promise.resolve();
    for (const part of parts) {
      const sealed: Array<{ personId: string; sealed: SealedJson }> = [];
      for (const { event } of part.events)
        if (event.type === 'PersonRegistered' || event.type === 'PersonDetailsChanged')
          sealed.push({ personId: event.data.personId, sealed: event.data.personal });
        else if (event.type === 'PersonAgencyReferenceAdded')
          sealed.push({ personId: event.data.personId, sealed: event.data.reference });
      const opened = await this.vault.openMany(sealed);
      persons ??= new Map((await rows).map((row) => [row.person_id, { row, dirty: false }]));
      const changes = this.fold(part, persons, opened);
      // Sent after the parts before it, on the batch's connection; not awaited, so the next part
      // is worked out meanwhile.
      writing = writing.then(() => changes.write(m));
      writing.catch(() => undefined);
    }
    await writing;
  }

  /** A part's events folded into its people's rows, in log order; its writes returned. */
  private fold(
    { events: batch, people }: Part,
    persons: Map<string, { row: PersonRow; dirty: boolean }>,
    opened: unknown[],
  ): PartChanges {
    const tokens = new TokenChanges();
    const references = new ReferenceChanges();
    let next = 0;
    const nextOpened = () => opened[next++];

    for (const { recorded, event } of batch) {
      switch (event.type) {
        case 'PersonRegistered': {
          const d = event.data;
          // No row before this batch: no tokens stored either (they are written with the row), so
          // there is nothing to delete. A replayed registration finds its row, and deletes as before.
          const first = !persons.has(d.personId);
          if (first)
            persons.set(d.personId, {
              dirty: true,
              row: {
                person_id: d.personId,
                partnership_id: d.partnershipId,
                status: 'active',
                merged_into: null,
                registered_by_agency_id: d.registeredByAgencyId,
                personal: JSON.stringify(d.personal),
                version: String(recorded.revision),
                registered_at: d.registeredAt,
                updated_at: d.registeredAt,
                forgotten_at: null,
              },
            });
          const detailTokens = this.detailTokensOf(d.partnershipId, nextOpened());
          if (first) tokens.add(d.personId, d.partnershipId, detailTokens);
          else tokens.replaceDetails(d.personId, d.partnershipId, detailTokens);
          break;
        }
        case 'PersonDetailsChanged': {
          const d = event.data;
          const person = persons.get(d.personId);
          if (person && person.row.status !== 'erased') {
            Object.assign(person.row, {
              personal: JSON.stringify(d.personal),
              version: String(recorded.revision),
              updated_at: d.changedAt,
            });
            person.dirty = true;
          }
          tokens.replaceDetails(d.personId, d.partnershipId, this.detailTokensOf(d.partnershipId, nextOpened()));
          break;
        }
        case 'PersonAgencyReferenceAdded': {
          const d = event.data;
          references.add(d.personId, d.agencyId, JSON.stringify(d.reference));
          const reference = nextOpened();
          if (typeof reference === 'string')
            tokens.add(d.personId, d.partnershipId, [
              this.tokenizer.agencyReference(d.partnershipId, d.agencyId, reference),
            ]);
          const person = persons.get(d.personId);
          if (person) {
            Object.assign(person.row, { version: String(recorded.revision), updated_at: recorded.recordedAt });
            person.dirty = true;
          }
          break;
        }
        case 'PeopleMerged': {
          const d = event.data;
          const person = persons.get(d.mergedId);
          if (person && person.row.status === 'active') {
            Object.assign(person.row, {
              status: 'merged',
              merged_into: d.survivorId,
              version: String(recorded.revision),
              updated_at: d.mergedAt,
            });
            person.dirty = true;
          }
          break;
        }
        case 'PersonForgotten': {
          const d = event.data;
          const person = persons.get(d.personId);
          if (person) {
            Object.assign(person.row, {
              status: 'erased',
              merged_into: null,
              personal: null,
              forgotten_at: d.forgottenAt,
              version: String(recorded.revision),
              updated_at: d.forgottenAt,
            });
            person.dirty = true;
          }
          references.forget(d.personId);
          tokens.forget(d.personId);
          break;
        }
        default: {
          const unexpected: never = event;
          return unexpected;
        }
      }
    }

    const changed = people.flatMap((id) => {
      const person = persons.get(id);
      return person?.dirty ? [person.row] : [];
    });
    return new PartChanges(changed, references, tokens);
  }

  private detailTokensOf(partnershipId: string, details: unknown): SearchToken[] {
    return isErased(details) ? [] : detailTokens(this.tokenizer, partnershipId, details as PersonalDetails);
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

/** A row of people.people with every value as the text PostgreSQL reads back unchanged. */
interface PersonRow {
  person_id: string;
  partnership_id: string;
  status: 'active' | 'merged' | 'erased';
  merged_into: string | null;
  registered_by_agency_id: string;
  personal: string | null;
  version: string;
  registered_at: string;
  updated_at: string;
  forgotten_at: string | null;
}

interface Part {
  /** The part's events, in log order. */
  events: Array<{ recorded: RecordedEvent; event: PersonEvent }>;
  /** The people they concern (a merge concerns the merged record), each in this part only. */
  people: string[];
}

/** The person whose row an event changes. */
const personOf = (event: PersonEvent): string =>
  event.type === 'PeopleMerged' ? event.data.mergedId : event.data.personId;

/**
 * The batch's events in parts of about `size` events: people in the order of their first event,
 * each person's events, in log order, in one part, so that no two parts touch the same rows.
 */
function partsByPerson(batch: Part['events'], size: number): Part[] {
  const byPerson = new Map<string, Part['events']>();
  for (const item of batch) {
    const id = personOf(item.event);
    const list = byPerson.get(id);
    if (list) list.push(item);
    else byPerson.set(id, [item]);
  }
  const parts: Part[] = [];
  let part: Part | null = null;
  for (const [id, events] of byPerson) {
    if (!part || part.events.length >= size) parts.push((part = { events: [], people: [] }));
    part.people.push(id);
    part.events.push(...events);
  }
  // Each person's events stay in log order; across people, a part's order does not matter.
  return parts;
}

/**
 * A part's writes: first what it empties (references of people forgotten, search tokens replaced),
 * statement by statement, then every insert (persons in one upsert, references, search tokens) as
 * one statement (`sendWrites`): they touch different tables. A part of registrations, the most
 * common, is one statement.
 */
class PartChanges {
  constructor(
    private readonly changed: PersonRow[],
    private readonly references: ReferenceChanges,
    private readonly tokens: TokenChanges,
  ) {}

  async write(m: EntityManager): Promise<void> {
    await this.references.clear(m);
    await this.tokens.clear(m);
    const { list: values, add } = new Parameters();
    const statements: string[] = [];
    const changed = this.changed;
    if (changed.length > 0)
      statements.push(
        `INSERT INTO people.people (person_id, partnership_id, status, merged_into, registered_by_agency_id, personal, version, registered_at, updated_at, forgotten_at)
         SELECT * FROM unnest(${add(changed.map((r) => r.person_id))}::uuid[], ${add(changed.map((r) => r.partnership_id))}::uuid[],
                              ${add(changed.map((r) => r.status))}::text[], ${add(changed.map((r) => r.merged_into))}::uuid[],
                              ${add(changed.map((r) => r.registered_by_agency_id))}::uuid[], ${add(changed.map((r) => r.personal))}::jsonb[],
                              ${add(changed.map((r) => r.version))}::bigint[], ${add(changed.map((r) => r.registered_at))}::timestamptz[],
                              ${add(changed.map((r) => r.updated_at))}::timestamptz[], ${add(changed.map((r) => r.forgotten_at))}::timestamptz[])
         ON CONFLICT (person_id) DO UPDATE SET partnership_id = excluded.partnership_id, status = excluded.status, merged_into = excluded.merged_into,
           registered_by_agency_id = excluded.registered_by_agency_id, personal = excluded.personal, version = excluded.version,
           registered_at = excluded.registered_at, updated_at = excluded.updated_at, forgotten_at = excluded.forgotten_at`,
      );
    const references = this.references.insert(add);
    if (references) statements.push(references);
    const tokens = this.tokens.insert(add);
    if (tokens) statements.push(tokens);
    await sendWrites(m, { statements, values });
  }
}

/**
 * A batch's agency references. Forgetting empties every reference the person has, so a reference
 * added before the person's last forgetting in the batch is written empty, and the stored ones of
 * the forgotten are emptied before the batch's are inserted (`ON CONFLICT DO NOTHING`, as `apply`).
 */
class ReferenceChanges {
  private readonly added: Array<{ personId: string; agencyId: string; reference: string | null }> = [];
  private readonly forgotten = new Set<string>();

  add(personId: string, agencyId: string, reference: string): void {
    this.added.push({ personId, agencyId, reference });
  }

  forget(personId: string): void {
    this.forgotten.add(personId);
    for (const a of this.added) if (a.personId === personId) a.reference = null;
  }

  /** Empties the stored references of the people forgotten. */
  async clear(m: EntityManager): Promise<void> {
    if (this.forgotten.size > 0)
      await m.query('UPDATE people.agency_references SET reference = NULL WHERE person_id = ANY($1::uuid[])', [
        [...this.forgotten],
      ]);
  }

  /** The insert of the part's references, its parameters numbered by `add`; null when there are none. */
  insert(add: Parameters['add']): string | null {
    if (this.added.length === 0) return null;
    return `INSERT INTO people.agency_references (person_id, agency_id, reference)
       SELECT * FROM unnest(${add(this.added.map((a) => a.personId))}::uuid[], ${add(this.added.map((a) => a.agencyId))}::uuid[],
                            ${add(this.added.map((a) => a.reference))}::jsonb[]) ON CONFLICT DO NOTHING`;
  }
}

/**
 * A batch's search tokens per person: which stored ones go (the details' tokens, or all of them
 * once forgotten) and which are added, folded in log order as `apply` deletes and inserts them.
 */
class TokenChanges {
  private readonly people = new Map<
    string,
    { drop: 'details' | 'all' | null; add: Array<SearchToken & { partnershipId: string }> }
  >();

  replaceDetails(personId: string, partnershipId: string, tokens: SearchToken[]): void {
    const p = this.of(personId);
    if (p.drop !== 'all') p.drop = 'details';
    p.add = [...p.add.filter((t) => t.kind === 'agency_ref'), ...tokens.map((t) => ({ ...t, partnershipId }))];
  }

  add(personId: string, partnershipId: string, tokens: SearchToken[]): void {
    this.of(personId).add.push(...tokens.map((t) => ({ ...t, partnershipId })));
  }

  forget(personId: string): void {
    const p = this.of(personId);
    p.drop = 'all';
    p.add = [];
  }

  /** Deletes the stored tokens the part replaces: all of the people forgotten, the details' of the others. */
  async clear(m: EntityManager): Promise<void> {
    const people = [...this.people.entries()];
    const dropAll = people.filter(([, p]) => p.drop === 'all').map(([id]) => id);
    const dropDetails = people.filter(([, p]) => p.drop === 'details').map(([id]) => id);
    if (dropAll.length > 0)
      await m.query('DELETE FROM people.search_tokens WHERE person_id = ANY($1::uuid[])', [dropAll]);
    if (dropDetails.length > 0)
      await m.query(`DELETE FROM people.search_tokens WHERE person_id = ANY($1::uuid[]) AND kind <> 'agency_ref'`, [
        dropDetails,
      ]);
  }

  /** The insert of the part's tokens, its parameters numbered by `add`; null when there are none. */
  insert(add: Parameters['add']): string | null {
    const rows = [...this.people.entries()].flatMap(([personId, p]) => p.add.map((t) => ({ ...t, personId })));
    if (rows.length === 0) return null;
    return `INSERT INTO people.search_tokens (partnership_id, person_id, kind, token)
       SELECT * FROM unnest(${add(rows.map((r) => r.partnershipId))}::uuid[], ${add(rows.map((r) => r.personId))}::uuid[],
                            ${add(rows.map((r) => r.kind))}::text[], ${add(rows.map((r) => r.token))}::text[]) ON CONFLICT DO NOTHING`;
  }

  private of(personId: string) {
    let p = this.people.get(personId);
    if (!p) this.people.set(personId, (p = { drop: null, add: [] }));
    return p;
  }
}
