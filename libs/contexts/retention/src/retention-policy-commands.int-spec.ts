import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { PEOPLE_MIGRATIONS, PeopleModule } from '@hubline/people';
import { RetentionModule, retentionPolicyStream } from './index';
import type { RetentionPolicyCommand } from './domain/retention-policy';
import { RetentionPolicies } from './sweep/retention-policies';
import { contextModule } from '../../../../test/support/context-module';

/** Retention policy changes and legal holds through the module's own service and the PostgreSQL event store, as the hub wires them. */
describe('retention policy commands', () => {
  let moduleRef: TestingModule;
  let policies: RetentionPolicies;
  let store: EventStore;
  const now = '2026-11-23T10:00:00.000Z';
  const admin = { userId: randomUUID(), agencyId: randomUUID(), correlationId: randomUUID() };

  beforeAll(async () => {
    moduleRef = await contextModule(
      'retention',
      { contexts: [PeopleModule, RetentionModule], migrations: PEOPLE_MIGRATIONS, projections: [] },
      { RETENTION_SWEEP_INTERVAL_HOURS: '0' },
    );
    policies = moduleRef.get(RetentionPolicies, { strict: false });
    store = moduleRef.get(EVENT_STORE);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  const decide = (command: RetentionPolicyCommand, expectedVersion?: number | 'stream_exists') =>
    policies.decide(command, admin, expectedVersion);
  const stored = (partnershipId: string) => store.readStream(retentionPolicyStream(partnershipId));

  it("appends policy changes and legal holds to the partnership's policy stream, with the acting user in the metadata", async () => {
    const [partnershipId, personId] = [randomUUID(), randomUUID()];
    const by = admin.userId;
    expect(
      await decide({
        type: 'ChangePolicy',
        partnershipId,
        retentionYears: 7,
        reason: ' Board decision 2026/14 ',
        by,
        now,
      }),
    ).toMatchObject({ version: 0, state: { retentionYears: 7 } });
    await decide({ type: 'PlaceHold', partnershipId, personId, reason: 'Civil claim pending', by, now }, 0);
    expect(await decide({ type: 'ReleaseHold', partnershipId, personId, reason: 'Claim settled', by, now })).toEqual({
      version: 2,
      state: { retentionYears: 7, holds: {} },
    });

    const events = await stored(partnershipId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'RetentionPolicyChanged',
        { partnershipId, retentionYears: 7, reason: 'Board decision 2026/14', changedBy: by, changedAt: now },
      ],
      ['LegalHoldPlaced', { partnershipId, personId, reason: 'Civil claim pending', placedBy: by, placedAt: now }],
      ['LegalHoldReleased', { partnershipId, personId, reason: 'Claim settled', releasedBy: by, releasedAt: now }],
    ]);
    for (const e of events) expect(e.metadata).toEqual(admin);
    expect(await policies.load(partnershipId)).toEqual({ version: 2, state: { retentionYears: 7, holds: {} } });
  });

  it('refuses with a coded error and appends nothing', async () => {
    const [partnershipId, personId] = [randomUUID(), randomUUID()];
    const by = admin.userId;
    await decide({ type: 'PlaceHold', partnershipId, personId, reason: 'Civil claim pending', by, now });
    await expect(
      decide({ type: 'PlaceHold', partnershipId, personId, reason: 'Again', by, now }),
    ).rejects.toMatchObject({ code: 'RETENTION.ALREADY_ON_HOLD' });
    await expect(
      decide({ type: 'ReleaseHold', partnershipId, personId: randomUUID(), reason: 'Not held', by, now }),
    ).rejects.toMatchObject({ code: 'RETENTION.NOT_ON_HOLD' });
    await expect(
      decide({ type: 'ChangePolicy', partnershipId, retentionYears: 0, reason: 'Shorter', by, now }),
    ).rejects.toMatchObject({ code: 'RETENTION.INVALID_PERIOD' });
    await expect(
      decide({ type: 'ChangePolicy', partnershipId, retentionYears: 8, reason: '   ', by, now }),
    ).rejects.toMatchObject({ code: 'RETENTION.REASON_REQUIRED' });
    expect((await stored(partnershipId)).map((e) => e.type)).toEqual(['LegalHoldPlaced']);
  });

  it('appends nothing when the period asked for is the one in force (the default six years, never changed)', async () => {
    const partnershipId = randomUUID();
    expect(
      await decide({
        type: 'ChangePolicy',
        partnershipId,
        retentionYears: 6,
        reason: 'Confirming',
        by: admin.userId,
        now,
      }),
    ).toMatchObject({ version: -1, state: { retentionYears: 6 } });
    expect(await store.streamRevision(retentionPolicyStream(partnershipId))).toBe(-1);
  });

  it('refuses a change made on a version that is no longer current', async () => {
    const partnershipId = randomUUID();
    await decide({
      type: 'ChangePolicy',
      partnershipId,
      retentionYears: 7,
      reason: 'Board decision',
      by: admin.userId,
      now,
    });
    await decide(
      { type: 'PlaceHold', partnershipId, personId: randomUUID(), reason: 'Complaint open', by: admin.userId, now },
      0,
    );
    await expect(
      decide(
        { type: 'ChangePolicy', partnershipId, retentionYears: 10, reason: 'Board decision', by: admin.userId, now },
        0,
      ),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      expected: 0,
      actual: 1,
    });
    expect((await stored(partnershipId)).map((e) => e.type)).toEqual(['RetentionPolicyChanged', 'LegalHoldPlaced']);
  });
});
