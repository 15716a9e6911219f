import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type JsonObject } from '@hubline/event-store';
import { PROJECTIONS_MIGRATIONS, ProjectionRunner } from '@hubline/projections';
import { ACCESS_MIGRATIONS } from '../index';
import type { Actor } from '../roles';
import { PersonAgenciesProjection } from './person-agencies.projection';
import { DATA_CATEGORIES, type DataCategory } from './data-categories';
import { PersonalDataPolicy, type AccessBasisProvider, type PersonAccess } from './personal-data-policy';
import { openLogDatabase } from '../../../../../test/support/log-database';

/**
 * Who may read which person, decided from the published events of the people and case contexts
 * as the person-agencies projection keeps them in PostgreSQL. (The sharing basis is a further
 * reason the sharing context plugs in; its own integration test covers it.)
 */
describe('the personal-data policy', () => {
  let store: PostgresEventStore;
  let ds: DataSource;
  let runner: ProjectionRunner;
  let policy: PersonalDataPolicy;
  let partnershipId: string;
  let police: string;
  let council: string;
  let housing: string;

  beforeAll(async () => {
    ({ store, db: ds } = await openLogDatabase('access_policy', {
      migrations: [...PROJECTIONS_MIGRATIONS, ...ACCESS_MIGRATIONS],
    }));
    runner = new ProjectionRunner(new PersonAgenciesProjection(), store, ds, {
      batchSize: 50,
      standbyRetryMs: 50,
      maxBackoffMs: 200,
    });
    runner.start();
    policy = new PersonalDataPolicy(ds, []);
  });
  beforeEach(() => {
    [partnershipId, police, council, housing] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  });
  afterAll(async () => {
    await runner?.stop();
    await ds?.destroy();
    await store?.close();
  });

  // ---- the published events, in the shapes libs/contexts/people and libs/contexts/lag append them ----
  async function append(stream: string, type: string, data: JsonObject, agencyId: string): Promise<void> {
    const { position } = await store.append(
      stream,
      [{ id: randomUUID(), type, data, metadata: { userId: randomUUID(), agencyId } }],
      'any',
    );
    await runner.waitFor(position);
  }
  async function registered(by: string, partnership = partnershipId): Promise<string> {
    const personId = randomUUID();
    await append(
      `person-${personId}`,
      'PersonRegistered',
      { personId, partnershipId: partnership, registeredByAgencyId: by, registeredAt: new Date().toISOString() },
      by,
    );
    return personId;
  }
  const referenceAdded = (personId: string, agencyId: string) =>
    append(`person-${personId}`, 'PersonAgencyReferenceAdded', { personId, partnershipId, agencyId }, agencyId);
  const merged = (survivorId: string, mergedId: string) =>
    append(`person-${survivorId}`, 'PeopleMerged', { partnershipId, survivorId, mergedId }, police);
  const involvement = (caseId: string, personIds: string[], agencyIds: string[], open: boolean) =>
    append(
      `lag-referral-${caseId}`,
      'CaseInvolvementChanged',
      { partnershipId, caseId, caseType: 'lag_referral', personIds, agencyIds, open },
      police,
    );

  const actor = (agencyId: string, partnership = partnershipId): Actor => ({
    userId: randomUUID(),
    subject: `${randomUUID()}@thurrock.test`,
    displayName: 'Officer',
    partnershipId: partnership,
    agencyId,
    roles: ['practitioner'],
  });
  const access = async (agencyId: string, personId: string, partnership = partnershipId): Promise<PersonAccess> =>
    (await policy.assess(actor(agencyId, partnership), [personId])).get(personId)!;
  const sorted = (ids: string[]) => [...ids].sort();

  it('lets the agency that registered a person see them, and shows everyone else the locked view', async () => {
    const personId = await registered(police);
    expect(await access(police, personId)).toEqual({
      personId,
      visible: true,
      reasons: ['recorded_by_agency'],
      categories: [...DATA_CATEGORIES],
      involvedAgencyIds: [police],
    });
    expect(await access(council, personId)).toEqual({
      personId,
      visible: false,
      reasons: [],
      categories: [],
      involvedAgencyIds: [police],
    });
  });

  it("counts an agency's own reference for the person as holding their record", async () => {
    const personId = await registered(police);
    await referenceAdded(personId, housing);
    expect(await access(housing, personId)).toMatchObject({ visible: true, reasons: ['recorded_by_agency'] });
    expect(sorted((await access(council, personId)).involvedAgencyIds)).toEqual(sorted([police, housing]));
    expect((await access(council, personId)).visible).toBe(false);
  });

  it('opens a person to the agencies of an open case about them, and locks them again when it closes', async () => {
    const [victim, perpetrator] = [await registered(police), await registered(police)];
    const caseId = randomUUID();
    await involvement(caseId, [victim, perpetrator], [police, council], true);
    for (const personId of [victim, perpetrator]) {
      expect(await access(council, personId)).toEqual({
        personId,
        visible: true,
        reasons: ['open_case'],
        categories: [...DATA_CATEGORIES],
        involvedAgencyIds: expect.arrayContaining([police, council]),
      });
    }
    expect(sorted((await access(police, victim)).reasons)).toEqual(sorted(['recorded_by_agency', 'open_case']));
    expect((await access(housing, victim)).visible).toBe(false);

    await involvement(caseId, [victim, perpetrator], [police, council], false);
    expect(await access(council, victim)).toEqual({
      personId: victim,
      visible: false,
      reasons: [],
      categories: [],
      involvedAgencyIds: [police],
    });
    expect(await access(police, victim)).toMatchObject({ visible: true, reasons: ['recorded_by_agency'] });
  });

  it('follows the latest involvement of a case: an agency taken off it loses access', async () => {
    const victim = await registered(police);
    const caseId = randomUUID();
    await involvement(caseId, [victim], [police, council, housing], true);
    expect((await access(housing, victim)).visible).toBe(true);
    await involvement(caseId, [victim], [police, council], true);
    expect((await access(housing, victim)).visible).toBe(false);
    expect((await access(council, victim)).visible).toBe(true);
  });

  it('gives the surviving record of a merge every agency link of the merged one', async () => {
    const [survivor, duplicate] = [await registered(police), await registered(housing)];
    await involvement(randomUUID(), [duplicate], [council], true);
    await merged(survivor, duplicate);
    expect(sorted((await access(housing, survivor)).reasons)).toEqual(['recorded_by_agency']);
    expect((await access(council, survivor)).reasons).toEqual(['open_case']);
    expect(sorted((await access(police, survivor)).involvedAgencyIds)).toEqual(sorted([police, housing, council]));
  });

  it('lets nothing cross partnerships: an agency id or a person id from another partnership opens nothing', async () => {
    const personId = await registered(police);
    await involvement(randomUUID(), [personId], [police, council], true);
    const elsewhere = randomUUID();
    // The same agency ids acting in another partnership (as a shared police force might) see no one, not even the locked view.
    expect(await access(police, personId, elsewhere)).toEqual({
      personId,
      visible: false,
      reasons: [],
      categories: [],
      involvedAgencyIds: [],
    });
    expect(await access(council, personId, elsewhere)).toEqual({
      personId,
      visible: false,
      reasons: [],
      categories: [],
      involvedAgencyIds: [],
    });
  });

  it('answers for each person asked about, unknown ones locked and empty, in one call', async () => {
    const [mine, theirs] = [await registered(council), await registered(police)];
    const unknown = randomUUID();
    const answer = await policy.assess(actor(council), [mine, theirs, unknown]);
    expect([...answer.keys()]).toEqual([mine, theirs, unknown]);
    expect(answer.get(mine)).toMatchObject({ visible: true, reasons: ['recorded_by_agency'] });
    expect(answer.get(theirs)).toMatchObject({ visible: false, involvedAgencyIds: [police] });
    expect(answer.get(unknown)).toEqual({
      personId: unknown,
      visible: false,
      reasons: [],
      categories: [],
      involvedAgencyIds: [],
    });
    expect((await policy.assess(actor(council), [])).size).toBe(0);
  });

  describe('with a further reason plugged in (as the sharing basis is)', () => {
    /** A provider that grants what it was told to, as a disclosure's categories would. */
    const granting = (grants: Map<string, DataCategory[][]>): AccessBasisProvider => ({
      grantsFor: async (_actor, personIds) =>
        new Map(
          personIds
            .filter((id) => grants.has(id))
            .map((id) => [id, grants.get(id)!.map((categories) => ({ reason: 'sharing_basis' as const, categories }))]),
        ),
    });

    it('grants only the union of the categories the further reason covers, and nothing without identity', async () => {
      const [shared, noIdentity] = [await registered(police), await registered(police)];
      const withProvider = new PersonalDataPolicy(ds, [
        granting(
          new Map([
            [
              shared,
              [
                ['identity', 'address'],
                ['health', 'identity'],
              ],
            ],
            [noIdentity, [['health']]],
          ]),
        ),
      ]);
      const answer = await withProvider.assess(actor(council), [shared, noIdentity]);
      expect(answer.get(shared)).toMatchObject({
        visible: true,
        reasons: ['sharing_basis'],
        categories: ['identity', 'address', 'health'],
      });
      expect(answer.get(noIdentity)).toMatchObject({ visible: false, reasons: ['sharing_basis'], categories: [] });
    });

    it('lets holding the record or an open case cover every category, whatever else was disclosed', async () => {
      const personId = await registered(police);
      await involvement(randomUUID(), [personId], [police, council], true);
      const withProvider = new PersonalDataPolicy(ds, [granting(new Map([[personId, [['identity']]]]))]);
      const answer = (await withProvider.assess(actor(council), [personId])).get(personId)!;
      expect(answer.categories).toEqual([...DATA_CATEGORIES]);
      expect(sorted(answer.reasons)).toEqual(sorted(['open_case', 'sharing_basis']));
    });
  });
});
