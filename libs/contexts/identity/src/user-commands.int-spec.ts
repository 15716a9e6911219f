import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import type { Role } from '@hubline/access';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { ChangeUser, IdentityModule, subjectStream, userStream } from './index';
import { contextModule } from '../../../../test/support/context-module';

/** Commands through the real handler, decider and PostgreSQL event store, as the hub wires them. */
describe('user commands', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  const now = '2026-11-23T10:00:00.000Z';
  const partnershipId = randomUUID();
  const police = randomUUID();
  const admin = { userId: randomUUID(), agencyId: randomUUID(), correlationId: randomUUID() };

  beforeAll(async () => {
    moduleRef = await contextModule('identity', { contexts: [IdentityModule], migrations: [], projections: [] });
    commands = moduleRef.get(CommandBus);
    store = moduleRef.get(EVENT_STORE);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  const register = (userId: string, subject: string, roles: Role[] = ['practitioner']) =>
    commands.execute(
      new ChangeUser(
        userId,
        {
          type: 'RegisterUser',
          userId,
          partnershipId,
          subject,
          displayName: 'PC Jane Okafor',
          agencyId: police,
          roles,
          now,
        },
        admin,
      ),
    );
  const types = async (stream: string) => (await store.readStream(stream)).map((e) => e.type);
  const aSubject = () => `${randomUUID()}@essex.police.uk`;

  it("registers a user in their own stream after reserving the identity provider's subject", async () => {
    const [userId, subject] = [randomUUID(), aSubject()];
    expect(await register(userId, subject, ['lag_chair', 'practitioner'])).toEqual({ version: 0 });

    const [reservation] = await store.readStream(subjectStream(subject));
    expect(reservation).toMatchObject({ type: 'UserSubjectReserved', data: { userId }, metadata: admin });
    const [registered] = await store.readStream(userStream(userId));
    expect(registered).toMatchObject({
      type: 'UserRegistered',
      data: {
        userId,
        partnershipId,
        subject,
        displayName: 'PC Jane Okafor',
        agencyId: police,
        roles: ['practitioner', 'lag_chair'],
        registeredAt: now,
      },
      metadata: admin,
    });
    expect(JSON.stringify(reservation)).not.toContain(subject);
  });

  it('refuses a second user with a subject already registered, appending nothing', async () => {
    const [first, second, subject] = [randomUUID(), randomUUID(), aSubject()];
    await register(first, subject);
    await expect(register(second, subject)).rejects.toMatchObject({ code: 'USER.SUBJECT_TAKEN' });
    expect(await types(subjectStream(subject))).toEqual(['UserSubjectReserved']);
    expect(await store.streamRevision(userStream(second))).toBe(-1);
  });

  it('lets only one of several simultaneous registrations of a subject through', async () => {
    const subject = aSubject();
    const userIds = [randomUUID(), randomUUID(), randomUUID()];
    const outcomes = await Promise.allSettled(userIds.map((id) => register(id, subject)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'registered' : o.reason.code)).sort()).toEqual([
      'USER.SUBJECT_TAKEN',
      'USER.SUBJECT_TAKEN',
      'registered',
    ]);
    const revisions = await Promise.all(userIds.map((id) => store.streamRevision(userStream(id))));
    expect(revisions.sort()).toEqual([-1, -1, 0]);
  });

  it('completes a registration that stopped after reserving the subject, when retried with the same user id', async () => {
    const [userId, subject] = [randomUUID(), aSubject()];
    await store.append(
      subjectStream(subject),
      [{ id: randomUUID(), type: 'UserSubjectReserved', data: { userId }, metadata: admin }],
      'no_stream',
    );
    expect(await register(userId, subject)).toEqual({ version: 0 });
    expect(await types(userStream(userId))).toEqual(['UserRegistered']);
    await expect(register(userId, subject)).rejects.toMatchObject({ code: 'USER.ALREADY_REGISTERED' });
    expect(await types(subjectStream(subject))).toEqual(['UserSubjectReserved']);
  });

  it('changes roles, deactivates and reactivates, refusing what the rules forbid without appending', async () => {
    const userId = randomUUID();
    await register(userId, aSubject());
    const change = (command: ChangeUser['command'], expectedVersion?: number) =>
      commands.execute(new ChangeUser(userId, command, admin, expectedVersion));

    expect(await change({ type: 'ChangeRoles', partnershipId, roles: ['auditor'] }, 0)).toEqual({ version: 1 });
    await expect(
      change({ type: 'ChangeRoles', partnershipId: randomUUID(), roles: ['partnership_admin'] }),
    ).rejects.toMatchObject({ code: 'USER.NOT_FOUND' });
    await expect(
      change({ type: 'DeactivateUser', partnershipId, actorUserId: userId, reason: 'Left the agency', now }),
    ).rejects.toMatchObject({ code: 'USER.CANNOT_DEACTIVATE_SELF' });
    expect(
      await change({
        type: 'DeactivateUser',
        partnershipId,
        actorUserId: admin.userId,
        reason: 'Left the agency',
        now,
      }),
    ).toEqual({ version: 2 });
    expect(await change({ type: 'ReactivateUser', partnershipId, now })).toEqual({ version: 3 });

    const events = await store.readStream(userStream(userId));
    expect(events.map((e) => e.type)).toEqual([
      'UserRegistered',
      'UserRolesChanged',
      'UserDeactivated',
      'UserReactivated',
    ]);
    expect(events[1].data).toEqual({ userId, partnershipId, roles: ['auditor'] });
    expect(events[2].data).toEqual({ userId, partnershipId, reason: 'Left the agency', deactivatedAt: now });
  });

  it("refuses a change made on a version that is no longer current (an administrator's stale If-Match)", async () => {
    const userId = randomUUID();
    await register(userId, aSubject());
    await commands.execute(
      new ChangeUser(userId, { type: 'ChangeRoles', partnershipId, roles: ['auditor'] }, admin, 0),
    );
    await expect(
      commands.execute(
        new ChangeUser(userId, { type: 'ChangeRoles', partnershipId, roles: ['partnership_admin'] }, admin, 0),
      ),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      expected: 0,
      actual: 1,
    });
    expect(await types(userStream(userId))).toEqual(['UserRegistered', 'UserRolesChanged']);
  });
});
