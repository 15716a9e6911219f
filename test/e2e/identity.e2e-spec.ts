import { generateKeyPair, SignJWT } from 'jose';
import { Client } from 'pg';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { TestHub } from '../support/test-hub';
import { BASILDON } from '../support/fixtures';

describe('identity and authentication over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  let basildon: SeededPartnership;
  const admin = 'admin@thurrock.demo';
  const pc = 'pc.okafor@essex-police.demo';

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    basildon = await seedPartnership(hub.commands, {
      ...BASILDON,
      users: [
        {
          subject: 'admin@basildon.demo',
          displayName: 'Basildon admin',
          agency: 'police',
          roles: ['partnership_admin'],
        },
      ],
    });
    await hub.settle();
  });
  afterAll(() => hub?.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('tokens', () => {
    it('accepts a valid token of a registered user and says who they are', async () => {
      const res = await hub.as(pc, { url: '/users/me' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        displayName: 'PC Grace Okafor',
        agencyId: thurrock.agencies.police,
        roles: ['practitioner'],
      });
    });

    it.each([
      ['no token', async () => ({})],
      ['a malformed header', async () => ({ authorization: 'Token abc' })],
      ['garbage', async () => bearer('not.a.jwt')],
      [
        'an expired token',
        async () => bearer(await hub.token(pc, { now: new Date(Date.now() - 7_200_000), ttlSeconds: 600 })),
      ],
      ['a wrong issuer', async () => bearer(await hub.token(pc, { issuer: 'https://evil.example' }))],
      ['a wrong audience', async () => bearer(await hub.token(pc, { audience: 'another-service' }))],
      ['an unregistered subject', async () => bearer(await hub.token('stranger@example.org'))],
      [
        'a token signed by another key',
        async () => {
          const { privateKey } = await generateKeyPair('ES256');
          const token = await new SignJWT({})
            .setProtectedHeader({ alg: 'ES256' })
            .setSubject(pc)
            .setIssuer(hub.config.auth.issuer)
            .setAudience(hub.config.auth.audience)
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(privateKey);
          return bearer(token);
        },
      ],
      [
        'an unsigned token (alg none)',
        async () => {
          const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
          const now = Math.floor(Date.now() / 1000);
          return bearer(
            `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: pc, iss: hub.config.auth.issuer, aud: hub.config.auth.audience, iat: now, exp: now + 600 })}.`,
          );
        },
      ],
    ])('refuses %s with 401', async (_label, headers) => {
      const res = await hub.app.inject({ method: 'GET', url: '/users/me', headers: await headers() });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toMatchObject({ code: 'AUTH.NOT_AUTHENTICATED' });
    });

    it('refuses a deactivated user at once, and lets them back in when reactivated', async () => {
      const subject = 'temp.worker@thurrock.demo';
      const created = await hub.as(admin, {
        method: 'POST',
        url: '/users',
        body: { subject, displayName: 'Temp Worker', agencyId: thurrock.agencies.housing, roles: ['practitioner'] },
      });
      expect(created.statusCode).toBe(201);
      await hub.settle();
      expect((await hub.as(subject, { url: '/users/me' })).statusCode).toBe(200);
      const { userId } = created.json();
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/users/${userId}/deactivate`,
            body: { reason: 'Contract ended' },
          })
        ).statusCode,
      ).toBe(200);
      await hub.settle();
      expect((await hub.as(subject, { url: '/users/me' })).statusCode).toBe(401);
      expect((await hub.as(admin, { method: 'POST', url: `/users/${userId}/reactivate` })).statusCode).toBe(200);
      await hub.settle();
      expect((await hub.as(subject, { url: '/users/me' })).statusCode).toBe(200);
    });
  });

  describe('deactivation', () => {
    it('is in force from the response on, before the users read model has caught up', async () => {
      const subject = 'leaver@thurrock.demo';
      const created = await hub.as(admin, {
        method: 'POST',
        url: '/users',
        body: { subject, displayName: 'Sam Leaver', agencyId: thurrock.agencies.housing, roles: ['practitioner'] },
      });
      expect(created.statusCode).toBe(201);
      await hub.settle();
      const { userId } = created.json();
      const token = bearer(await hub.token(subject));
      expect((await hub.app.inject({ url: '/users/me', headers: token })).statusCode).toBe(200);
      // Hold the user's read-model row, so the projection cannot record the deactivation until released.
      const holder = new Client({ connectionString: hub.databaseUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM identity.users WHERE user_id = $1 FOR UPDATE', [userId]);
        expect(
          (
            await hub.as(admin, {
              method: 'POST',
              url: `/users/${userId}/deactivate`,
              body: { reason: 'Left the council' },
            })
          ).statusCode,
        ).toBe(200);
        const refused = await hub.app.inject({ url: '/users/me', headers: token });
        expect(refused.statusCode).toBe(401);
        expect(
          (await holder.query('SELECT active FROM identity.users WHERE user_id = $1', [userId])).rows[0].active,
        ).toBe(true);
      } finally {
        await holder.query('COMMIT');
        await holder.end();
      }
      await hub.settle();
      expect((await hub.app.inject({ url: '/users/me', headers: token })).statusCode).toBe(401);
    });
  });

  describe('request ids', () => {
    it("keeps a caller's x-request-id apart from Hubline's correlation id, sanitised and bounded", async () => {
      const sent = `client-42 <script>${'x'.repeat(200)}`;
      const res = await hub.as(admin, {
        method: 'POST',
        url: '/users',
        headers: { 'x-request-id': sent },
        body: {
          subject: 'request.ids@thurrock.demo',
          displayName: 'Rita Ids',
          agencyId: thurrock.agencies.housing,
          roles: ['practitioner'],
        },
      });
      expect(res.statusCode).toBe(201);
      const expected = `client-42script${'x'.repeat(200)}`.slice(0, 100);
      const [event] = await hub.store.readStream(`user-${res.json().userId}`);
      expect(event.metadata.clientRequestId).toBe(expected);
      expect(event.metadata.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(res.headers['x-request-id']).toBe(expected);
      expect(res.headers['x-correlation-id']).toBe(event.metadata.correlationId);

      const again = await hub.as(admin, {
        method: 'POST',
        url: '/partnership/localities',
        headers: { 'x-request-id': expected },
        body: { name: `Grays ${Date.now()}` },
      });
      expect(again.statusCode).toBe(201);
      expect(again.headers['x-correlation-id']).not.toBe(event.metadata.correlationId);
      const none = await hub.as(admin, { url: '/users' });
      expect(none.headers['x-request-id']).toBe(none.headers['x-correlation-id']);
    });
  });

  describe('partnership administration', () => {
    it('lets an administrator add an agency, with an ETag, and refuses other roles', async () => {
      const denied = await hub.as(pc, {
        method: 'POST',
        url: '/partnership/agencies',
        body: { name: 'Thurrock Mind', kind: 'voluntary' },
      });
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({ code: 'ACCESS.ROLE_REQUIRED', requiredRoles: ['partnership_admin'] });

      const added = await hub.as(admin, {
        method: 'POST',
        url: '/partnership/agencies',
        body: { name: 'Thurrock Mind', kind: 'voluntary' },
      });
      expect(added.statusCode).toBe(201);
      expect(added.headers.etag).toBe(`"${added.json().version}"`);
      await hub.settle();
      const view = await hub.as(pc, { url: '/partnership' });
      expect(view.statusCode).toBe(200);
      expect(view.json().agencies.map((a: { name: string }) => a.name)).toContain('Thurrock Mind');
      expect(view.headers.etag).toBe(added.headers.etag);
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      const current = await hub.as(admin, { url: '/partnership' });
      const res = await hub.as(admin, {
        method: 'POST',
        url: '/partnership/localities',
        body: { name: 'Purfleet' },
        headers: { 'if-match': '"1"' },
      });
      expect(res.statusCode).toBe(412);
      expect(res.json()).toMatchObject({ code: 'HTTP.VERSION_MISMATCH', currentVersion: current.json().version });
      await hub.settle();
      expect(
        (await hub.as(admin, { url: '/partnership' })).json().localities.map((l: { name: string }) => l.name),
      ).not.toContain('Purfleet');
    });

    it.each([
      ['an unknown field', { name: 'Valid Name', kind: 'police', colour: 'blue' }, /property colour should not exist/],
      ['a wrong type', { name: 42, kind: 'police' }, /name must be a string/],
      [
        'an oversize string',
        { name: 'x'.repeat(500), kind: 'police' },
        /name must be shorter than or equal to 120 characters/,
      ],
      ['an unknown kind', { name: 'Valid Name', kind: 'army' }, /kind must be one of/],
    ])('answers %s with a 400 problem and changes nothing', async (_label, body, message) => {
      const before = await hub.as(admin, { url: '/partnership' });
      const res = await hub.as(admin, { method: 'POST', url: '/partnership/agencies', body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'HTTP.VALIDATION_FAILED' });
      expect(res.json().errors.join('\n')).toMatch(message);
      await hub.settle();
      expect((await hub.as(admin, { url: '/partnership' })).headers.etag).toBe(before.headers.etag);
    });

    it('answers a malformed id with 400', async () => {
      const res = await hub.as(admin, {
        method: 'PATCH',
        url: '/partnership/agencies/not-a-uuid',
        body: { name: 'New name' },
      });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('partnership boundaries', () => {
    it("never shows one partnership another partnership's users or reference data", async () => {
      const otherAdmin = 'admin@basildon.demo';
      const res = await hub.as(otherAdmin, { url: `/users/${thurrock.users[pc]}` });
      expect(res.statusCode).toBe(404);
      const list = await hub.as(otherAdmin, { url: '/users' });
      expect(list.json().map((u: { subject: string }) => u.subject)).toEqual([otherAdmin]);
      expect((await hub.as(otherAdmin, { url: '/partnership' })).json().partnershipId).toBe(basildon.partnershipId);
      const change = await hub.as(otherAdmin, {
        method: 'PUT',
        url: `/users/${thurrock.users[pc]}/roles`,
        body: { roles: ['partnership_admin'] },
      });
      expect(change.statusCode).toBe(404);
    });

    it('refuses to register a user for an agency of another partnership', async () => {
      const res = await hub.as('admin@basildon.demo', {
        method: 'POST',
        url: '/users',
        body: {
          subject: 'x@y.demo',
          displayName: 'Someone',
          agencyId: thurrock.agencies.police,
          roles: ['practitioner'],
        },
      });
      expect(res.statusCode).toBe(422);
    });
  });
});
