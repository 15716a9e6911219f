import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { ChangePartnership, PartnershipsModule, partnershipStream } from './index';
import type { PartnershipCommand } from './domain/partnership';
import { contextModule } from '../../../../test/support/context-module';

/** Commands through the real handler, decider and PostgreSQL event store, as the hub wires them. */
describe('partnership commands', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  const now = '2026-11-23T10:00:00.000Z';
  const admin = { userId: randomUUID(), agencyId: randomUUID(), correlationId: randomUUID() };

  beforeAll(async () => {
    moduleRef = await contextModule('partnerships', {
      contexts: [PartnershipsModule],
      migrations: [],
      projections: [],
    });
    commands = moduleRef.get(CommandBus);
    store = moduleRef.get(EVENT_STORE);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  const change = (partnershipId: string, command: PartnershipCommand, expectedVersion?: number | 'stream_exists') =>
    commands.execute(new ChangePartnership(partnershipId, command, admin, expectedVersion));
  const stored = async (partnershipId: string) => store.readStream(partnershipStream(partnershipId));
  async function registered(): Promise<string> {
    const partnershipId = randomUUID();
    await change(partnershipId, {
      type: 'RegisterPartnership',
      partnershipId,
      name: 'Thurrock Community Safety Partnership',
      area: 'Thurrock',
      now,
    });
    return partnershipId;
  }

  it('appends each change to the partnership stream, with the acting user in the metadata', async () => {
    const partnershipId = randomUUID();
    const [police, grays, riverside] = [randomUUID(), randomUUID(), randomUUID()];
    expect(
      await change(partnershipId, {
        type: 'RegisterPartnership',
        partnershipId,
        name: ' Thurrock CSP ',
        area: 'Thurrock',
        now,
      }),
    ).toEqual({ version: 0 });
    await change(partnershipId, { type: 'AddAgency', agencyId: police, name: 'Essex Police', kind: 'police', now });
    await change(partnershipId, { type: 'AddLocality', localityId: grays, name: 'Grays' });
    expect(
      await change(partnershipId, { type: 'AddWard', wardId: riverside, localityId: grays, name: 'Grays Riverside' }),
    ).toEqual({ version: 3 });

    const events = await stored(partnershipId);
    expect(events.map((e) => [e.revision, e.type])).toEqual([
      [0, 'PartnershipRegistered'],
      [1, 'AgencyAdded'],
      [2, 'LocalityAdded'],
      [3, 'WardAdded'],
    ]);
    expect(events[0].data).toEqual({ partnershipId, name: 'Thurrock CSP', area: 'Thurrock', registeredAt: now });
    expect(events[1].data).toEqual({
      partnershipId,
      agencyId: police,
      name: 'Essex Police',
      kind: 'police',
      addedAt: now,
    });
    expect(events[3].data).toEqual({ partnershipId, wardId: riverside, localityId: grays, name: 'Grays Riverside' });
    for (const e of events) expect(e.metadata).toEqual(admin);
  });

  it('refuses with a coded error and appends nothing', async () => {
    const partnershipId = await registered();
    await expect(
      change(partnershipId, {
        type: 'AddWard',
        wardId: randomUUID(),
        localityId: randomUUID(),
        name: 'Tilbury Riverside',
      }),
    ).rejects.toMatchObject({
      code: 'PARTNERSHIP.LOCALITY_NOT_FOUND',
    });
    await expect(
      change(partnershipId, { type: 'RegisterPartnership', partnershipId, name: 'Again', area: 'Thurrock', now }),
    ).rejects.toMatchObject({
      code: 'PARTNERSHIP.ALREADY_REGISTERED',
    });
    expect((await stored(partnershipId)).map((e) => e.type)).toEqual(['PartnershipRegistered']);

    const unknown = randomUUID();
    await expect(
      change(unknown, { type: 'AddLocality', localityId: randomUUID(), name: 'Grays' }),
    ).rejects.toMatchObject({ code: 'PARTNERSHIP.NOT_FOUND' });
    expect(await store.streamRevision(partnershipStream(unknown))).toBe(-1);
  });

  it('appends nothing for a change that changes nothing', async () => {
    const partnershipId = await registered();
    const agencyId = randomUUID();
    await change(partnershipId, {
      type: 'AddAgency',
      agencyId,
      name: 'Thurrock Council',
      kind: 'local_authority',
      now,
    });
    expect(await change(partnershipId, { type: 'RenameAgency', agencyId, name: ' Thurrock Council ' })).toEqual({
      version: 1,
    });
    expect(await store.streamRevision(partnershipStream(partnershipId))).toBe(1);
  });

  it('refuses a change made on a version that is no longer current', async () => {
    const partnershipId = await registered();
    await change(partnershipId, { type: 'AddLocality', localityId: randomUUID(), name: 'Grays' }, 0);
    await expect(
      change(partnershipId, { type: 'AddLocality', localityId: randomUUID(), name: 'Tilbury' }, 0),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      expected: 0,
      actual: 1,
    });
    await expect(
      change(randomUUID(), { type: 'AddLocality', localityId: randomUUID(), name: 'Grays' }, 'stream_exists'),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
    });
    expect((await stored(partnershipId)).map((e) => e.type)).toEqual(['PartnershipRegistered', 'LocalityAdded']);
  });
});
