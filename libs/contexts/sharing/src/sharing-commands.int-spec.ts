import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ACCESS_PROJECTIONS, PersonalDataPolicy, type Actor } from '@hubline/access';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { ChangePartnership, PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule, RegisterPerson } from '@hubline/people';
import { ProjectionsService } from '@hubline/projections';
import { RecordConsent, WithdrawConsent, type RecordConsentInput } from './commands/consents/consent.handler';
import { RecordDisclosure, type DiscloseInput } from './commands/disclose/disclose.handler';
import { consentStream } from './domain/consent';
import { disclosureStream } from './domain/disclosure';
import { SHARING_MIGRATIONS, SHARING_PROJECTIONS, SharingModule } from './index';
import { contextModule } from '../../../../test/support/context-module';

/**
 * Consent and disclosure commands through the real handlers, deciders and PostgreSQL event store,
 * with the partnership, people and access read models they check against, as the hub wires them;
 * and the basis a disclosure gives, seen through the personal-data policy.
 */
describe('sharing commands', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  let policy: PersonalDataPolicy;
  const partnershipId = randomUUID();
  const [police, council, housing] = [randomUUID(), randomUUID(), randomUUID()];
  const actor = (agencyId: string): Actor => ({
    userId: randomUUID(),
    subject: `${randomUUID()}@thurrock.test`,
    displayName: 'Officer',
    partnershipId,
    agencyId,
    roles: ['practitioner'],
  });
  const [pc, asbOfficer] = [actor(police), actor(council)];
  const meta = (a: Actor) => ({ userId: a.userId, agencyId: a.agencyId, correlationId: randomUUID() });
  const settle = () => moduleRef.get(ProjectionsService).waitForCatchUp(10_000);

  beforeAll(async () => {
    moduleRef = await contextModule('sharing', {
      contexts: [PartnershipsModule, PeopleModule, SharingModule],
      migrations: [...PEOPLE_MIGRATIONS, ...SHARING_MIGRATIONS],
      projections: [...ACCESS_PROJECTIONS, ...PARTNERSHIPS_PROJECTIONS, ...PEOPLE_PROJECTIONS, ...SHARING_PROJECTIONS],
    });
    commands = moduleRef.get(CommandBus);
    store = moduleRef.get(EVENT_STORE);
    policy = moduleRef.get(PersonalDataPolicy);

    const now = new Date().toISOString();
    const system = { userId: 'system', agencyId: 'system' };
    await commands.execute(
      new ChangePartnership(
        partnershipId,
        { type: 'RegisterPartnership', partnershipId, name: 'Thurrock CSP', area: 'Thurrock', now },
        system,
      ),
    );
    for (const [agencyId, name, kind] of [
      [police, 'Essex Police', 'police'],
      [council, 'Thurrock ASB Team', 'local_authority'],
      [housing, 'Thurrock Housing', 'housing_provider'],
    ] as const) {
      await commands.execute(
        new ChangePartnership(partnershipId, { type: 'AddAgency', agencyId, name, kind, now }, system),
      );
    }
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  async function personOfPolice(): Promise<string> {
    const details = {
      givenName: 'Kelly',
      familyName: `Marsh-${randomUUID().slice(0, 8)}`,
      aliases: [],
      vulnerabilities: [],
      protectedCharacteristics: [],
    };
    const { personId } = await commands.execute(
      new RegisterPerson(pc, details, { confirmNewPerson: true }, meta(pc), new Date().toISOString()),
    );
    await settle();
    return personId;
  }
  const consentInput = (personId: string): RecordConsentInput => ({
    personId,
    givenBy: { kind: 'person' },
    recipients: { kind: 'agencies', agencyIds: [council] },
    purposes: ['safeguarding'],
    dataCategories: ['identity', 'contact'],
    obtained: 'written',
    givenAt: null,
    expiresAt: null,
  });
  const disclosure = (personId: string, consentId: string): DiscloseInput => ({
    recipientAgencyIds: [council],
    personIds: [personId],
    dataCategories: ['identity'],
    purpose: 'safeguarding',
    case: null,
    basis: { kind: 'consent', consentId },
  });
  const sees = async (a: Actor, personId: string) => (await policy.assess(a, [personId])).get(personId)!;

  it('records a consent and a disclosure on it, which opens the person to the recipient until the consent is withdrawn', async () => {
    const personId = await personOfPolice();
    expect((await sees(asbOfficer, personId)).visible).toBe(false);

    const consentMeta = meta(pc);
    const { consentId, version } = await commands.execute(new RecordConsent(pc, consentInput(personId), consentMeta));
    expect(version).toBe(0);
    const [recorded] = await store.readStream(consentStream(consentId));
    expect(recorded).toMatchObject({
      type: 'ConsentRecorded',
      data: { consentId, partnershipId, personId, recordedByUserId: pc.userId, recordedByAgencyId: police },
      metadata: consentMeta,
    });

    const { disclosureId, flags } = await commands.execute(
      new RecordDisclosure(pc, disclosure(personId, consentId), meta(pc)),
    );
    expect(flags).toEqual([]);
    const [disclosed] = await store.readStream(disclosureStream(disclosureId));
    expect(disclosed).toMatchObject({
      type: 'InformationDisclosed',
      data: {
        disclosureId,
        partnershipId,
        fromAgencyId: police,
        recipientAgencyIds: [council],
        personIds: [personId],
        purpose: 'safeguarding',
        byUserId: pc.userId,
        basis: { kind: 'consent', consentId },
      },
      metadata: { userId: pc.userId, agencyId: police },
    });
    await settle();
    expect(await sees(asbOfficer, personId)).toMatchObject({ visible: true, reasons: ['sharing_basis'] });
    expect((await sees(actor(housing), personId)).visible).toBe(false);

    expect(await commands.execute(new WithdrawConsent(pc, consentId, 'verbal', meta(pc), 0))).toEqual({ version: 1 });
    expect((await store.readStream(consentStream(consentId)))[1]).toMatchObject({
      type: 'ConsentWithdrawn',
      data: { consentId, personId, method: 'verbal', recordedByAgencyId: police },
    });
    await settle();
    expect(await sees(asbOfficer, personId)).toMatchObject({ visible: false, reasons: [] });
  });

  it('refuses a disclosure on a consent withdrawn a moment ago, appending nothing', async () => {
    const personId = await personOfPolice();
    const { consentId } = await commands.execute(new RecordConsent(pc, consentInput(personId), meta(pc)));
    await commands.execute(new WithdrawConsent(pc, consentId, 'written', meta(pc)));
    const attempt = new RecordDisclosure(pc, disclosure(personId, consentId), meta(pc));
    await expect(commands.execute(attempt)).rejects.toMatchObject({ code: 'SHARING.CONSENT_WITHDRAWN' });
    expect(await store.streamRevision(disclosureStream(attempt.disclosureId))).toBe(-1);
  });

  it("refuses a disclosure by an agency that does not hold the person's record, appending nothing", async () => {
    const personId = await personOfPolice();
    const { consentId } = await commands.execute(new RecordConsent(pc, consentInput(personId), meta(pc)));
    const attempt = new RecordDisclosure(actor(housing), { ...disclosure(personId, consentId) }, meta(actor(housing)));
    await expect(commands.execute(attempt)).rejects.toMatchObject({
      code: 'SHARING.NOT_HELD_BY_AGENCY',
      details: { personIds: [personId] },
    });
    expect(await store.streamRevision(disclosureStream(attempt.disclosureId))).toBe(-1);

    const unknownRecipient = new RecordConsent(
      pc,
      { ...consentInput(personId), recipients: { kind: 'agencies', agencyIds: [randomUUID()] } },
      meta(pc),
    );
    await expect(commands.execute(unknownRecipient)).rejects.toMatchObject({ code: 'SHARING.UNKNOWN_AGENCY' });
    expect(await store.streamRevision(consentStream(unknownRecipient.consentId))).toBe(-1);
  });

  it('refuses a withdrawal made on a version that is no longer current', async () => {
    const personId = await personOfPolice();
    const { consentId } = await commands.execute(new RecordConsent(pc, consentInput(personId), meta(pc)));
    await expect(commands.execute(new WithdrawConsent(pc, consentId, 'verbal', meta(pc), 1))).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      expected: 1,
      actual: 0,
    });
    expect((await store.readStream(consentStream(consentId))).map((e) => e.type)).toEqual(['ConsentRecorded']);
  });
});
