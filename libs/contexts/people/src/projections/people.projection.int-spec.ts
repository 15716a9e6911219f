import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { PersonalDataVault, SearchTokenizer } from '@hubline/privacy';
import { contextModule } from '../../../../../test/support/context-module';
import {
  applyOneByOne,
  expectReplaysChangeNothing,
  expectSameRowsInBatches,
  recordedInOrder,
  statementsSent,
} from '../../../../../test/support/set-apply';
import { PeopleModule, PEOPLE_MIGRATIONS } from '../index';
import type { PersonalDetails } from '../domain/personal-details';
import { PeopleProjection } from './people.projection';

/**
 * The register applied in sets (`applyBatch`) against the same log applied event by event
 * (`apply`), on the real tables and vault: registrations, changed details, agency references,
 * merges and people forgotten (their keys destroyed, as the command does before the projection
 * sees the event), with several events of one person in one batch.
 */
describe('people register applied in sets', () => {
  let moduleRef: TestingModule;
  let db: DataSource;
  let vault: PersonalDataVault;
  let projection: PeopleProjection;
  let log: RecordedEvent[];
  const partnershipId = randomUUID();
  const police = randomUUID();
  const council = randomUUID();

  const details = (given: string, family: string, extra: Partial<PersonalDetails> = {}): PersonalDetails => ({
    givenName: given,
    familyName: family,
    aliases: [],
    vulnerabilities: [],
    protectedCharacteristics: [],
    ...extra,
  });

  beforeAll(async () => {
    moduleRef = await contextModule('people_sets', {
      contexts: [PeopleModule],
      migrations: PEOPLE_MIGRATIONS,
      projections: [],
    });
    db = moduleRef.get(DataSource);
    vault = moduleRef.get(PersonalDataVault);
    projection = new PeopleProjection(vault, moduleRef.get(SearchTokenizer));

    const events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data'>> = [];
    const on = (personId: string, type: string, data: Record<string, unknown>) =>
      events.push({ streamId: `person-${personId}`, type, data: { personId, partnershipId, ...data } as never });
    const seal = (personId: string, value: unknown) => vault.seal(personId, value as never);
    const people: string[] = [];
    for (let i = 0; i < 24; i++) {
      const personId = randomUUID();
      people.push(personId);
      await vault.createKey(personId, partnershipId);
      on(personId, 'PersonRegistered', {
        registeredByAgencyId: i % 2 ? police : council,
        registeredAt: new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString(),
        personal: await seal(
          personId,
          details(`Given${i}`, `Family${i % 5}`, i % 3 ? { dateOfBirth: '1990-01-0' + ((i % 9) + 1) } : {}),
        ),
      });
      // Some people change details and get references right away: in the same batch as registering.
      if (i % 4 === 0)
        on(personId, 'PersonDetailsChanged', {
          changedAt: new Date(Date.UTC(2026, 10, 1, 10, i)).toISOString(),
          personal: await seal(personId, details(`Renamed${i}`, `Family${i % 5}`, { postcode: 'RM17 6SL' })),
        });
      if (i % 3 === 0)
        on(personId, 'PersonAgencyReferenceAdded', { agencyId: police, reference: await seal(personId, `P-${i}`) });
    }
    for (const [i, personId] of people.entries()) {
      if (i % 5 === 1)
        on(personId, 'PersonAgencyReferenceAdded', { agencyId: council, reference: await seal(personId, `C-${i}`) });
      if (i % 6 === 2)
        on(personId, 'PersonDetailsChanged', {
          changedAt: new Date(Date.UTC(2026, 10, 2, 10, i)).toISOString(),
          personal: await seal(personId, details(`Again${i}`, 'Smith', { aliases: [`Alias ${i}`] })),
        });
    }
    // Merges: a duplicate into a survivor, once more (no change), and a merged person changing after.
    const merge = (mergedId: string, survivorId: string, day: number) =>
      events.push({
        streamId: `person-${mergedId}`,
        type: 'PeopleMerged',
        data: {
          partnershipId,
          survivorId,
          mergedId,
          mergedAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
          reason: 'duplicate',
        },
      });
    merge(people[5], people[6], 3);
    merge(people[5], people[6], 3);
    on(people[5], 'PersonAgencyReferenceAdded', { agencyId: council, reference: await seal(people[5], 'C-late') });
    // Forgotten: one with references and tokens, one forgotten right after a change (same batch),
    // one merged then forgotten; their keys are destroyed before the projection sees anything.
    for (const [personId, day] of [
      [people[0], 4],
      [people[8], 4],
      [people[5], 5],
    ] as const) {
      on(personId, 'PersonForgotten', {
        forgottenAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
        forgottenBy: randomUUID(),
        legalGround: 'article_17_1_a',
        reason: 'no longer needed',
      });
      await vault.forget(personId);
    }
    on(people[8], 'PersonDetailsChanged', {
      changedAt: new Date(Date.UTC(2026, 10, 6)).toISOString(),
      personal: { v: 1, iv: 'x', ct: 'x', tag: 'x' },
    });
    log = recordedInOrder(events);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('applied in batches, leaves exactly the rows of applying the log event by event', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    expect(oneByOne['people.people']).toHaveLength(24);
    expect(oneByOne['people.search_tokens'].length).toBeGreaterThan(24);
    expect(oneByOne['people.people'].filter((r) => r.includes('"erased"'))).toHaveLength(3);
    await expectSameRowsInBatches(db, projection, log, oneByOne, [1, 2, 5, 16, 500]);
  });

  it('a batch applied again after a crash in it, twice in one go, or after everything, changes nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    await expectReplaysChangeNothing(db, projection, log, oneByOne, [3, 16]);
  });

  it('worked out in parts, each written while the next is worked out, leaves the same rows; replays change nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    const whole = projection.partEvents;
    try {
      for (const partEvents of [1, 3]) {
        projection.partEvents = partEvents;
        // Each part's writes are sent before the next part is worked out: one upsert of people per part.
        const upserts = (await statementsSent(db, (m) => projection.applyBatch(log.slice(0, 12), m))).filter((sql) =>
          /\bINSERT INTO people\.people\b/i.test(sql),
        ).length;
        expect({ partEvents, upserts: upserts > 1 }).toEqual({ partEvents, upserts: true });
        await expectSameRowsInBatches(db, projection, log, oneByOne, [2, 5, 16, 500]);
        await expectReplaysChangeNothing(db, projection, log, oneByOne, [5, 16]);
      }
    } finally {
      projection.partEvents = whole;
    }
  });

  it("a part's failed write fails the batch, and leaves no rejection unhandled", async () => {
    const whole = projection.partEvents;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      projection.partEvents = 1;
      await db.transaction((m) => projection.reset(m));
      const registrations = log.filter((e) => e.type === 'PersonRegistered').slice(0, 6);
      // The first person's partnership is no uuid: its part's upsert fails while later parts are worked out.
      const broken = [
        { ...registrations[0], data: { ...(registrations[0].data as object), partnershipId: 'not-a-uuid' } },
        ...registrations.slice(1),
      ] as RecordedEvent[];
      await expect(db.transaction((m) => projection.applyBatch(broken, m))).rejects.toThrow(/uuid/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      // Nothing of the batch stays.
      expect(await db.query('SELECT count(*)::int AS n FROM people.people')).toEqual([{ n: 0 }]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      projection.partEvents = whole;
    }
  });

  it("deletes no search tokens for people registered in the batch, and replaces a replayed registration's", async () => {
    const registrations = log.filter((e) => e.type === 'PersonRegistered');
    await db.transaction((m) => projection.reset(m));
    const deletes = async (events: RecordedEvent[]) =>
      (await statementsSent(db, (m) => projection.applyBatch(events, m))).filter((sql) => /^\s*DELETE\b/i.test(sql))
        .length;
    // New people: nothing of theirs is stored, so there is nothing to delete.
    expect(await deletes(registrations)).toBe(0);
    const tokens = async () =>
      (await db.query('SELECT person_id, kind, token FROM people.search_tokens ORDER BY 1, 2, 3')) as unknown[];
    const first = await tokens();
    expect(first.length).toBeGreaterThan(registrations.length);
    // The same registrations again (a replay): their rows exist, their details' tokens are replaced.
    expect(await deletes(registrations)).toBe(1);
    expect(await tokens()).toEqual(first);
  });
});
