import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import {
  applyOneByOne,
  expectReplaysChangeNothing,
  expectSameRowsInBatches,
  recordedInOrder,
} from '../../../../../test/support/set-apply';
import { planOf, statementsThrough } from '../../../../../test/support/statements';
import { ACCESS_MIGRATIONS } from '../index';
import { PersonAgenciesProjection } from './person-agencies.projection';
import { openProjectionDatabase } from '../../../../../test/support/log-database';

/**
 * The agencies linked to each person, applied in sets against event by event: people recorded,
 * cases whose involvement changes several times in one batch, merges that copy links gathered
 * just before them.
 */
describe('person agencies applied in sets', () => {
  let db: DataSource;
  const projection = new PersonAgenciesProjection();
  const partnershipId = randomUUID();
  const agencies = Array.from({ length: 4 }, () => randomUUID());
  let log: RecordedEvent[];

  beforeAll(async () => {
    db = await openProjectionDatabase('person_agencies_sets', ACCESS_MIGRATIONS);

    const people = Array.from({ length: 12 }, () => randomUUID());
    const cases = Array.from({ length: 4 }, () => randomUUID());
    const events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data'>> = [];
    const person = (personId: string, type: string, data: Record<string, unknown>) =>
      events.push({ streamId: `person-${personId}`, type, data: { personId, partnershipId, ...data } as never });
    const involvement = (caseId: string, personIds: string[], agencyIds: string[], open = true) =>
      events.push({
        streamId: `lag-referral-${caseId}`,
        type: 'CaseInvolvementChanged',
        data: { partnershipId, caseId, caseType: 'lag_referral', personIds, agencyIds, open },
      });
    const merge = (mergedId: string, survivorId: string) =>
      events.push({
        streamId: `person-${mergedId}`,
        type: 'PeopleMerged',
        data: { partnershipId, survivorId, mergedId, mergedAt: new Date().toISOString(), reason: 'duplicate' },
      });

    for (const [i, p] of people.entries()) person(p, 'PersonRegistered', { registeredByAgencyId: agencies[i % 2] });
    involvement(cases[0], [people[0], people[1]], [agencies[0]]);
    involvement(cases[1], [people[2]], [agencies[1], agencies[2]]);
    person(people[3], 'PersonAgencyReferenceAdded', { agencyId: agencies[3] });
    involvement(cases[0], [people[0], people[1], people[4]], [agencies[0], agencies[3]]);
    merge(people[4], people[5]);
    involvement(cases[2], [people[5], people[6]], [agencies[2]]);
    involvement(cases[0], [people[1]], [agencies[1]], false);
    person(people[5], 'PersonAgencyReferenceAdded', { agencyId: agencies[2] });
    merge(people[2], people[7]);
    involvement(cases[1], [people[7]], [agencies[1]]);
    involvement(cases[3], [people[8], people[9]], [agencies[0], agencies[1], agencies[2]]);
    person(people[8], 'PersonAgencyReferenceAdded', { agencyId: agencies[3] });
    merge(people[8], people[10]);
    involvement(cases[3], [], [agencies[0]], false);
    involvement(cases[2], [people[5], people[6], people[11]], [agencies[2], agencies[3]]);
    // A person and an agency named twice: each link is still one row.
    involvement(cases[1], [people[7], people[11], people[7]], [agencies[1], agencies[1], agencies[3]]);
    log = recordedInOrder(events);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('applied in batches, leaves exactly the rows of applying the log event by event', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    expect(oneByOne['access.person_agencies'].length).toBeGreaterThan(20);
    await expectSameRowsInBatches(db, projection, log, oneByOne, [1, 2, 3, 5, 8, 100]);
  });

  it('a batch applied again after a crash in it, twice in one go, or after everything, changes nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    await expectReplaysChangeNothing(db, projection, log, oneByOne, [3, 7]);
  });

  it("finds a batch's case links through the case index, however many cases the batch holds", async () => {
    // More cases than PostgreSQL expands an id list into when it proves a partial index applies (100).
    const batch = recordedInOrder(
      Array.from({ length: 150 }, () => randomUUID()).map((caseId) => ({
        streamId: `lag-referral-${caseId}`,
        type: 'CaseInvolvementChanged',
        data: {
          partnershipId,
          caseId,
          caseType: 'lag_referral',
          personIds: [randomUUID()],
          agencyIds: [agencies[0]],
          open: true,
        },
      })),
    );
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      const m = runner.manager;
      // Links of 20,000 other cases, so that a plan reads like one on a partnership's table.
      await m.query(
        `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, case_type, open)
         SELECT $1, gen_random_uuid(), $2, 'case', gen_random_uuid()::text, 'lag_referral', true FROM generate_series(1, 20000)`,
        [partnershipId, agencies[1]],
      );
      await m.query('ANALYZE access.person_agencies');
      const deletes = (await statementsThrough(m, () => projection.applyBatch(batch, m))).filter((s) =>
        /DELETE FROM access\.person_agencies/i.test(s.sql),
      );
      expect(deletes).toHaveLength(1);
      expect(await planOf(m, deletes[0])).toMatch(/Index Scan (using|on) person_agencies_case/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it("writes only the links an involvement changes, leaving a case's other links as they were", async () => {
    const caseId = randomUUID();
    const [kept, dropped] = [randomUUID(), randomUUID()];
    const involvement = (personIds: string[], agencyIds: string[], open: boolean) => ({
      streamId: `lag-referral-${caseId}`,
      type: 'CaseInvolvementChanged',
      data: { partnershipId, caseId, caseType: 'lag_referral', personIds, agencyIds, open },
    });
    const [first, second, closed] = recordedInOrder([
      involvement([kept, dropped], [agencies[0]], true),
      involvement([kept], [agencies[0], agencies[1]], true),
      involvement([kept], [agencies[0], agencies[1]], false),
    ]);
    /** Each link of the case with the transaction that last wrote its row (`xmin`). */
    const links = async () =>
      Object.fromEntries(
        (
          (await db.query(
            `SELECT person_id, agency_id, open, xmin::text AS written_by FROM access.person_agencies WHERE case_id = $1`,
            [caseId],
          )) as Array<{ person_id: string; agency_id: string; open: boolean; written_by: string }>
        ).map((r) => [`${r.person_id} ${r.agency_id}`, { open: r.open, writtenBy: r.written_by }]),
      );
    await db.transaction((m) => projection.applyBatch([first], m));
    const before = await links();
    expect(Object.keys(before).sort()).toEqual([`${kept} ${agencies[0]}`, `${dropped} ${agencies[0]}`].sort());

    await db.transaction((m) => projection.applyBatch([second], m));
    const after = await links();
    expect(Object.keys(after).sort()).toEqual([`${kept} ${agencies[0]}`, `${kept} ${agencies[1]}`].sort());
    // The link that stayed is the same row, not deleted and inserted again.
    expect(after[`${kept} ${agencies[0]}`]).toEqual(before[`${kept} ${agencies[0]}`]);
    expect(after[`${kept} ${agencies[1]}`].writtenBy).not.toBe(before[`${kept} ${agencies[0]}`].writtenBy);

    // Closing the case changes every link's openness, so each is written.
    await db.transaction((m) => projection.applyBatch([closed], m));
    const closedLinks = await links();
    expect(Object.values(closedLinks).map((l) => l.open)).toEqual([false, false]);
    expect(closedLinks[`${kept} ${agencies[0]}`].writtenBy).not.toBe(after[`${kept} ${agencies[0]}`].writtenBy);
  });
});
