import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type JsonValue } from '@hubline/event-store';
import { isSealed, PersonalDataVault, type Sealed } from '@hubline/privacy';
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
  ) {}

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
