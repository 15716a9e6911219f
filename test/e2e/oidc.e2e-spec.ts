import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { TestHub } from '../support/test-hub';

/**
 * Production authentication: tokens from an OpenID Connect issuer, verified against the keys it
 * publishes. The issuer here is a JWKS endpoint served on loopback by the test.
 */
describe('authentication against an OpenID Connect issuer', () => {
  let hub: TestHub;
  let idp: Server;
  let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let thurrock: SeededPartnership;
  const issuer = 'https://idp.thurrock.test';
  const audience = 'hubline-api';

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    signingKey = privateKey;
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] };
    idp = createServer((req, res) => {
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    hub = await TestHub.start({
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: audience,
      AUTH_AGENCY_CLAIM: 'hubline_agency',
      AUTH_ROLES_CLAIM: 'hubline_roles',
    });
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
  });
  afterAll(async () => {
    await hub?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  const idpToken = (subject: string, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(signingKey);
  const me = async (token: string) =>
    hub.app.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${token}` } });

  it("accepts the issuer's token when its claims agree with the registered user", async () => {
    const res = await me(
      await idpToken('pc.okafor@essex-police.demo', {
        hubline_agency: thurrock.agencies.police,
        hubline_roles: ['practitioner'],
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ agencyId: thurrock.agencies.police, roles: ['practitioner'] });
  });

  it('narrows roles to those the token claims, never widens them', async () => {
    const narrowed = await me(
      await idpToken('lag.chair@thurrock.demo', {
        hubline_agency: thurrock.agencies.asb,
        hubline_roles: 'practitioner',
      }),
    );
    expect(narrowed.json().roles).toEqual(['practitioner']);
    const widened = await me(
      await idpToken('pc.okafor@essex-police.demo', {
        hubline_agency: thurrock.agencies.police,
        hubline_roles: ['practitioner', 'partnership_admin'],
      }),
    );
    expect(widened.json().roles).toEqual(['practitioner']);
    const adminCall = await hub.app.inject({
      method: 'GET',
      url: '/users',
      headers: {
        authorization: `Bearer ${await idpToken('pc.okafor@essex-police.demo', { hubline_agency: thurrock.agencies.police, hubline_roles: ['partnership_admin'] })}`,
      },
    });
    expect(adminCall.statusCode).toBe(403);
  });

  it('refuses a token whose agency claim disagrees with the registry', async () => {
    expect(
      (
        await me(
          await idpToken('pc.okafor@essex-police.demo', {
            hubline_agency: thurrock.agencies.fire,
            hubline_roles: ['practitioner'],
          }),
        )
      ).statusCode,
    ).toBe(401);
  });

  it('refuses tokens signed with the local key once an issuer is configured', async () => {
    expect((await me(await hub.token('pc.okafor@essex-police.demo', { issuer, audience }))).statusCode).toBe(401);
  });
});
