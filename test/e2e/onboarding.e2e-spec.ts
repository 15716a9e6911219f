import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { createPartnershipCommand } from '../../apps/cli/src/create-partnership.command';
import type { CommandOutput } from '../../apps/cli/src/cli-flags';
import { createPlatformAdminCommand, deactivatePlatformAdminCommand } from '../../apps/cli/src/platform-admin.command';
import { ok, TestHub } from '../support/test-hub';

/** What a command printed, line by line. */
class Captured implements CommandOutput {
  readonly outLines: string[] = [];
  readonly errLines: string[] = [];
  out = (line: string) => void this.outLines.push(line);
  err = (line: string) => void this.errLines.push(line);
  get stdout() {
    return this.outLines.join('\n');
  }
  get stderr() {
    return this.errLines.join('\n');
  }
}

describe('onboarding a second partnership without code', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const hubManager = 'hub.manager@essex-county.test';
  const basildonAdmin = 'csp.admin@basildon.test';
  const basildonPc = 'pc.hale@basildon.test';
  const basildonAuditor = 'dpo@basildon.test';
  const thurrockPc = 'pc.okafor@essex-police.demo';
  const onboard = [
    '--name',
    'Basildon CSP',
    '--area',
    'Basildon',
    '--agency',
    'Basildon Borough Council',
    '--agency-kind',
    'local_authority',
    '--admin-subject',
    basildonAdmin,
    '--admin-name',
    'Jo Bloggs',
  ];
  let basildon: { partnershipId: string; agencyId: string; adminUserId: string };
  let thurrockPersonId: string;
  let thurrockReferralId: string;

  const eventCount = async () => Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events'))[0].n);
  const run = async (
    command: (config: TestHub['config'], args: string[], io: CommandOutput) => Promise<number>,
    args: string[],
  ) => {
    const io = new Captured();
    const code = await command(hub.config, args, io);
    return { code, io };
  };
  /** First answer to every question of the partnership's risk matrix. */
  const referralOf = async (subject: string, body: Record<string, unknown>) => {
    const { riskMatrix } = await ok(hub.as(subject, { url: '/lag/settings' }));
    const riskAnswers = Object.fromEntries(
      riskMatrix.questions.map((q: { id: string; answers: Array<{ id: string }> }) => [q.id, q.answers[0].id]),
    );
    return ok(
      hub.as(subject, {
        method: 'POST',
        url: '/lag/referrals',
        body: {
          category: 'asb',
          perpetratorIds: [],
          vulnerabilities: ['socially_isolated'],
          incidentSummary: 'Repeated shouting and bins set alight outside the flat',
          multiAgencyReason: 'Council warnings have not stopped it and the victim is frightened',
          riskAnswers,
          ...body,
        },
      }),
      201,
    );
  };

  beforeAll(async () => {
    hub = await TestHub.start();
    // The first partnership, with a person, a LAG case and a consultation of its own.
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    thurrockPersonId = (
      await ok(
        hub.as(thurrockPc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1948-05-12' },
        }),
        201,
      )
    ).personId;
    await hub.settle();
    thurrockReferralId = (
      await referralOf(thurrockPc, { localityId: thurrock.localities.Grays, victimIds: [thurrockPersonId] })
    ).referralId;
    await ok(hub.as(thurrockPc, { url: `/people/${thurrockPersonId}?purpose=case_management` }));
    await hub.settle();
  });
  afterAll(() => hub?.close());

  it('the operator registers the first platform administrator from the command line', async () => {
    const { code, io } = await run(createPlatformAdminCommand, ['--subject', hubManager, '--name', 'Sam Patel']);
    expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: '' });
    expect(io.stdout).toContain(`npm run -s token -- ${hubManager}`);
    const listed = await ok(hub.as(hubManager, { url: '/platform/partnerships' }));
    expect(listed).toEqual([
      {
        partnershipId: thurrock.partnershipId,
        name: THURROCK.name,
        area: THURROCK.area,
        registeredAt: expect.any(String),
      },
    ]);
  });

  it('creates a partnership from the command line, with its first agency and administrator, and prints the next steps', async () => {
    const before = await eventCount();
    const { code, io } = await run(createPartnershipCommand, onboard);
    expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: '' });
    const id = (label: string) => new RegExp(`${label}\\s+([0-9a-f-]{36})`).exec(io.stdout)?.[1] ?? 'missing';
    basildon = {
      partnershipId: id('partnership id'),
      agencyId: id('first agency id'),
      adminUserId: id('administrator id'),
    };
    expect(io.stdout).toContain(`TOKEN=$(npm run -s token -- ${basildonAdmin})`);
    expect(io.stdout).toContain('POST /users');
    // Partnership, agency, subject reservation, user.
    expect((await eventCount()) - before).toBe(4);
    const registered = await hub.store.readStream(`partnership-${basildon.partnershipId}`);
    expect(registered.map((e) => [e.type, e.metadata.userId])).toEqual([
      ['PartnershipRegistered', 'operator'],
      ['AgencyAdded', 'operator'],
    ]);

    // The command waited for the read models: the administrator can act at once.
    const me = await ok(hub.as(basildonAdmin, { url: '/users/me' }));
    expect(me).toEqual({
      userId: basildon.adminUserId,
      subject: basildonAdmin,
      displayName: 'Jo Bloggs',
      agencyId: basildon.agencyId,
      roles: ['partnership_admin'],
      active: true,
    });
    const partnership = await ok(hub.as(basildonAdmin, { url: '/partnership' }));
    expect(partnership).toMatchObject({
      partnershipId: basildon.partnershipId,
      name: 'Basildon CSP',
      area: 'Basildon',
      agencies: [
        { agencyId: basildon.agencyId, name: 'Basildon Borough Council', kind: 'local_authority', active: true },
      ],
    });
  });

  it('refuses a second partnership of the same name, however it is written, and changes nothing', async () => {
    const before = await eventCount();
    const again = await run(
      createPartnershipCommand,
      onboard
        .map((a) => (a === 'Basildon CSP' ? 'basildon  csp' : a))
        .map((a) => (a === basildonAdmin ? 'someone.else@basildon.test' : a)),
    );
    expect(again.code).toBe(1);
    expect(again.io.stderr).toContain('PARTNERSHIP.NAME_TAKEN');
    const overHttp = await hub.as(hubManager, {
      method: 'POST',
      url: '/platform/partnerships',
      body: {
        name: THURROCK.name.toUpperCase(),
        agencyName: 'Thurrock Council',
        agencyKind: 'local_authority',
        adminSubject: 'x@thurrock.test',
        adminDisplayName: 'X Y',
      },
    });
    expect(overHttp.statusCode).toBe(409);
    expect(overHttp.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(overHttp.json()).toMatchObject({
      code: 'PARTNERSHIP.NAME_TAKEN',
      status: 409,
      partnershipId: thurrock.partnershipId,
    });
    expect(await eventCount()).toBe(before);
    const usage = await run(createPartnershipCommand, ['--name', 'Castle Point CSP']);
    expect(usage.code).toBe(2);
    expect(usage.io.stderr).toMatch(/--agency is required.*--admin-subject is required/);
  });

  it('lets a platform administrator create and list partnerships over HTTP, as the actor of what they create', async () => {
    const created = await ok(
      hub.as(hubManager, {
        method: 'POST',
        url: '/platform/partnerships',
        body: {
          name: 'Castle Point CSP',
          agencyName: 'Castle Point Borough Council',
          agencyKind: 'local_authority',
          adminSubject: 'admin@castlepoint.test',
          adminDisplayName: 'Ali Khan',
        },
      }),
      201,
    );
    const [registered] = await hub.store.readStream(`partnership-${created.partnershipId}`);
    const [platformAdmin] = await hub.db.query(
      'SELECT platform_admin_id FROM identity.platform_admins WHERE subject = $1',
      [hubManager],
    );
    expect(registered.metadata).toMatchObject({ userId: platformAdmin.platform_admin_id, role: 'platform_admin' });
    expect(registered.metadata.agencyId).toBeUndefined();
    const invalid = await hub.as(hubManager, {
      method: 'POST',
      url: '/platform/partnerships',
      body: {
        name: 'Rochford CSP',
        agencyName: 'Rochford District Council',
        agencyKind: 'army',
        adminSubject: 'a b',
        adminDisplayName: 'Z',
      },
    });
    expect(invalid.statusCode).toBe(400);
    await hub.settle();
    const listed = await ok(hub.as(hubManager, { url: '/platform/partnerships' }));
    expect(listed.map((p: { name: string }) => p.name)).toEqual(['Basildon CSP', 'Castle Point CSP', THURROCK.name]);
    for (const p of listed) expect(Object.keys(p).sort()).toEqual(['area', 'name', 'partnershipId', 'registeredAt']);
  });

  describe('the new partnership at work', () => {
    let pcUserId: string;
    let personId: string;
    let referralId: string;

    beforeAll(async () => {
      const police = (
        await ok(
          hub.as(basildonAdmin, {
            method: 'POST',
            url: '/partnership/agencies',
            body: { name: 'Essex Police', kind: 'police' },
          }),
          201,
        )
      ).id;
      const locality = (
        await ok(
          hub.as(basildonAdmin, { method: 'POST', url: '/partnership/localities', body: { name: 'Basildon Town' } }),
          201,
        )
      ).id;
      await hub.settle();
      pcUserId = (
        await ok(
          hub.as(basildonAdmin, {
            method: 'POST',
            url: '/users',
            body: { subject: basildonPc, displayName: 'PC Hale', agencyId: police, roles: ['practitioner'] },
          }),
          201,
        )
      ).userId;
      await ok(
        hub.as(basildonAdmin, {
          method: 'POST',
          url: '/users',
          body: {
            subject: basildonAuditor,
            displayName: 'Data Protection Officer',
            agencyId: basildon.agencyId,
            roles: ['auditor'],
          },
        }),
        201,
      );
      await hub.settle();
      personId = (
        await ok(
          hub.as(basildonPc, {
            method: 'POST',
            url: '/people',
            body: { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1950-01-01' },
          }),
          201,
        )
      ).personId;
      await hub.settle();
      referralId = (await referralOf(basildonPc, { localityId: locality, victimIds: [personId] })).referralId;
      await ok(hub.as(basildonPc, { url: `/people/${personId}?purpose=case_management` }));
      await hub.settle();
    });

    it('its users work: they register people, refer them to a LAG and read their own records', async () => {
      expect(await ok(hub.as(basildonPc, { url: '/lag/referrals' }))).toEqual([
        expect.objectContaining({ referralId }),
      ]);
      expect(await ok(hub.as(basildonPc, { url: `/people/${personId}?purpose=case_management` }))).toMatchObject({
        personId,
        givenName: 'Maureen',
      });
      const log = await ok(hub.as(basildonAuditor, { url: '/audit/consultations' }));
      expect(log.length).toBeGreaterThan(0);
      expect(log.every((c: { userId: string }) => c.userId === pcUserId)).toBe(true);
    });

    it('its administrator and users see nothing of the first partnership', async () => {
      const users = await ok(hub.as(basildonAdmin, { url: '/users' }));
      expect(users.map((u: { subject: string }) => u.subject).sort()).toEqual(
        [basildonAdmin, basildonAuditor, basildonPc].sort(),
      );
      expect((await hub.as(basildonAdmin, { url: `/users/${thurrock.users[thurrockPc]}` })).statusCode).toBe(404);
      expect(
        (await hub.as(basildonAdmin, { url: `/people/${thurrockPersonId}?purpose=case_management` })).statusCode,
      ).toBe(404);
      expect(
        (await hub.as(basildonPc, { url: `/people/${thurrockPersonId}?purpose=case_management` })).statusCode,
      ).toBe(404);
      const found = await ok(hub.as(basildonPc, { url: '/people?name=Maureen%20Adeyemi&purpose=case_management' }));
      expect(found.results.map((p: { personId: string }) => p.personId)).toEqual([personId]);
      expect(
        (await hub.as(basildonPc, { url: `/lag/referrals/${thurrockReferralId}?purpose=case_management` })).statusCode,
      ).toBe(404);
      expect(
        (await hub.as(thurrockPc, { url: `/lag/referrals/${thurrockReferralId}?purpose=case_management` })).statusCode,
      ).toBe(200);
      const referrals = await ok(hub.as(basildonPc, { url: '/lag/referrals' }));
      expect(referrals.map((r: { referralId: string }) => r.referralId)).not.toContain(thurrockReferralId);
      const log = await ok(hub.as(basildonAuditor, { url: `/audit/consultations?personId=${thurrockPersonId}` }));
      expect(log).toEqual([]);
      expect((await hub.as(basildonAuditor, { url: `/audit/people/${thurrockPersonId}/trail` })).statusCode).toBe(404);
      // Thurrock's own auditor does see that consultation: the empty answer above is isolation, not an empty log.
      const thurrockAuditor = THURROCK.users.find((u) => u.roles.includes('auditor'))!.subject;
      expect(
        (await ok(hub.as(thurrockAuditor, { url: `/audit/consultations?personId=${thurrockPersonId}` }))).length,
      ).toBeGreaterThan(0);
    });
  });

  it('refuses the platform administrator every partnership-scoped route, and partnership users the platform routes', async () => {
    const partnershipRoutes: Array<{ method?: 'GET' | 'POST'; url: string; body?: unknown }> = [
      { url: '/partnership' },
      { url: '/users' },
      { url: '/users/me' },
      { url: `/users/${basildon.adminUserId}` },
      {
        method: 'POST',
        url: '/users',
        body: { subject: 'x@y.test', displayName: 'X Y', agencyId: basildon.agencyId, roles: ['partnership_admin'] },
      },
      { url: '/people?name=Maureen%20Adeyemi&purpose=case_management' },
      { url: `/people/${thurrockPersonId}?purpose=case_management` },
      { method: 'POST', url: '/people', body: { givenName: 'A', familyName: 'B' } },
      { url: '/lag/referrals' },
      { url: `/lag/referrals/${thurrockReferralId}?purpose=case_management` },
      { method: 'POST', url: '/lag/referrals', body: {} },
      { url: '/audit/consultations' },
      { url: `/audit/people/${thurrockPersonId}/trail` },
      { url: '/audit/exceptions' },
    ];
    for (const call of partnershipRoutes) {
      const res = await hub.as(hubManager, call);
      expect({ call: call.url, status: res.statusCode, code: res.json().code }).toEqual({
        call: call.url,
        status: 403,
        code: 'ACCESS.ROLE_REQUIRED',
      });
    }
    for (const subject of [basildonAdmin, 'admin@thurrock.demo']) {
      expect((await hub.as(subject, { url: '/platform/partnerships' })).statusCode).toBe(403);
      expect((await hub.as(subject, { method: 'POST', url: '/platform/partnerships', body: {} })).statusCode).toBe(403);
    }
  });

  it('a deactivated platform administrator is refused at once, and the operator can bring them back', async () => {
    expect(
      (await run(deactivatePlatformAdminCommand, ['--subject', hubManager, '--reason', 'Moved to another county']))
        .code,
    ).toBe(0);
    expect((await hub.as(hubManager, { url: '/platform/partnerships' })).statusCode).toBe(401);
    expect((await run(createPlatformAdminCommand, ['--subject', hubManager, '--name', 'Sam Patel'])).code).toBe(0);
    expect((await hub.as(hubManager, { url: '/platform/partnerships' })).statusCode).toBe(200);
    const taken = await run(createPlatformAdminCommand, ['--subject', basildonPc, '--name', 'PC Hale']);
    expect({ code: taken.code, refused: taken.io.stderr.includes('USER.SUBJECT_TAKEN') }).toEqual({
      code: 1,
      refused: true,
    });
  });
});
