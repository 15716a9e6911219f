import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ACCESS_PROJECTIONS, type Actor } from '@hubline/access';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import { ProjectionsService } from '@hubline/projections';
import {
  AddAgencyReference,
  ChangePersonDetails,
  PEOPLE_MIGRATIONS,
  PEOPLE_PROJECTIONS,
  PeopleModule,
  personStream,
  RegisterPerson,
  type PersonalDetails,
} from './index';
import { contextModule } from '../../../../test/support/context-module';

/**
 * Commands through the real handlers, decider, vault, policy and PostgreSQL event store, as the
 * hub wires them; the access and people projections run, as the duplicate check and the policy
 * read them.
 */
describe('people commands', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  let vault: PersonalDataVault;
  let partnershipId: string;
  let police: Actor;
  let council: Actor;
  const now = '2026-11-23T10:00:00.000Z';

  beforeAll(async () => {
    moduleRef = await contextModule('people', {
      contexts: [PeopleModule],
      migrations: PEOPLE_MIGRATIONS,
      projections: [...ACCESS_PROJECTIONS, ...PEOPLE_PROJECTIONS],
    });
    commands = moduleRef.get(CommandBus);
    store = moduleRef.get(EVENT_STORE);
    vault = moduleRef.get(PersonalDataVault);
  });
  beforeEach(() => {
    partnershipId = randomUUID();
    police = anActor(randomUUID());
    council = anActor(randomUUID());
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  function anActor(agencyId: string, partnership = partnershipId): Actor {
    return {
      userId: randomUUID(),
      subject: `${randomUUID()}@thurrock.test`,
      displayName: 'Officer',
      partnershipId: partnership,
      agencyId,
      roles: ['practitioner'],
    };
  }
  const meta = (actor: Actor) => ({ userId: actor.userId, agencyId: actor.agencyId, correlationId: randomUUID() });
  const details = (o: Partial<PersonalDetails> = {}): PersonalDetails => ({
    givenName: 'Kelly',
    familyName: `Marsh-${randomUUID().slice(0, 8)}`,
    aliases: [],
    dateOfBirth: '1984-03-02',
    vulnerabilities: [],
    protectedCharacteristics: [],
    ...o,
  });
  const register = (
    actor: Actor,
    d: PersonalDetails,
    options: { agencyReference?: string; confirmNewPerson?: boolean } = { confirmNewPerson: true },
  ) => commands.execute(new RegisterPerson(actor, d, options, meta(actor), now));
  const settle = () => moduleRef.get(ProjectionsService).waitForCatchUp(10_000);
  const types = async (personId: string) => (await store.readStream(personStream(personId))).map((e) => e.type);
  async function consultations(personId: string): Promise<RecordedEvent[]> {
    const { events } = await store.readAll({ maxCount: 10_000 });
    return events.filter(
      (e) => e.type === 'PersonalDataConsulted' && (e.data.personIds as string[]).includes(personId),
    );
  }

  it("registers a person with the agency's reference, the details sealed with the person's own key", async () => {
    const d = details({ givenName: '  Kelly ', aliases: ['Kel', 'Kel'] });
    const m = meta(police);
    const { personId, version } = await commands.execute(
      new RegisterPerson(police, d, { agencyReference: ' EP/2026/0042 ', confirmNewPerson: true }, m, now),
    );
    expect(version).toBe(1);

    const [registered, reference] = await store.readStream(personStream(personId));
    expect(registered).toMatchObject({
      type: 'PersonRegistered',
      data: { personId, partnershipId, registeredByAgencyId: police.agencyId, registeredAt: now },
      metadata: m,
    });
    expect(reference).toMatchObject({
      type: 'PersonAgencyReferenceAdded',
      data: { personId, partnershipId, agencyId: police.agencyId },
      metadata: m,
    });
    expect(JSON.stringify([registered.data, reference.data])).not.toMatch(/Kelly|Marsh|EP\/2026/);
    expect(await vault.open(personId, registered.data.personal as never)).toMatchObject({
      givenName: 'Kelly',
      familyName: d.familyName,
      aliases: ['Kel'],
      dateOfBirth: '1984-03-02',
    });
    expect(await vault.open(personId, reference.data.reference as never)).toBe('EP/2026/0042');
  });

  it('refuses a possible duplicate, registering nothing but recording that the caller was shown who matched', async () => {
    const d = details();
    const { personId: existing } = await register(police, d);
    await settle();

    const attempt = new RegisterPerson(council, { ...d, givenName: 'KELLY' }, {}, meta(council), now);
    await expect(commands.execute(attempt)).rejects.toMatchObject({
      code: 'PERSON.POSSIBLE_DUPLICATE',
      details: { candidates: [expect.objectContaining({ personId: existing })] },
    });
    expect(await store.streamRevision(personStream(attempt.personId))).toBe(-1);
    expect(
      (await consultations(existing)).map((e) => [
        e.data.agencyId,
        e.data.view,
        e.data.purpose,
        e.metadata.correlationId,
      ]),
    ).toEqual([[council.agencyId, 'person_duplicate_check', 'duplicate_check', attempt.metadata.correlationId]]);

    const confirmed = await commands.execute(
      new RegisterPerson(council, d, { confirmNewPerson: true }, meta(council), now),
    );
    expect(await types(confirmed.personId)).toEqual(['PersonRegistered']);
  });

  it('changes details for an agency that may see the person, and refuses an agency that may not, appending nothing', async () => {
    const { personId } = await register(police, details());
    await settle();
    const change = (actor: Actor, expected: number) =>
      commands.execute(
        new ChangePersonDetails(actor, personId, details({ givenName: 'Kelly-Ann' }), meta(actor), expected, now),
      );

    await expect(change(council, 0)).rejects.toMatchObject({ code: 'PERSON.NOT_VISIBLE' });
    await expect(
      commands.execute(new AddAgencyReference(council, personId, 'TC-881', meta(council))),
    ).rejects.toMatchObject({ code: 'PERSON.NOT_VISIBLE' });
    await expect(change(anActor(police.agencyId, randomUUID()), 0)).rejects.toMatchObject({ code: 'PERSON.NOT_FOUND' });
    expect(await types(personId)).toEqual(['PersonRegistered']);

    expect(await change(police, 0)).toEqual({ version: 1 });
    const [, changed] = await store.readStream(personStream(personId));
    expect(changed).toMatchObject({
      type: 'PersonDetailsChanged',
      data: { personId, partnershipId, changedAt: now },
      metadata: { userId: police.userId, agencyId: police.agencyId },
    });
    expect(await vault.open(personId, changed.data.personal as never)).toMatchObject({ givenName: 'Kelly-Ann' });
  });

  it('refuses a change of details made on a version that is no longer current', async () => {
    const { personId } = await register(police, details());
    await settle();
    await commands.execute(new AddAgencyReference(police, personId, 'EP/1', meta(police)));
    await expect(
      commands.execute(new ChangePersonDetails(police, personId, details(), meta(police), 0, now)),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      expected: 0,
      actual: 1,
    });
    expect(await types(personId)).toEqual(['PersonRegistered', 'PersonAgencyReferenceAdded']);
  });
});
