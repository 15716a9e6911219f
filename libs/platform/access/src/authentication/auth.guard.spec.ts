import { Controller, Get, Post } from '@nestjs/common';
import { DiscoveryModule, Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { loadConfig, type HublineConfig } from '@hubline/config';
import { Public, Roles } from '../decorators';
import type { Actor, Role } from '../roles';
import { AuthGuard } from './auth.guard';
import { loadOrCreateLocalSigningKey, LOCAL_ALGORITHM } from './local-signing-key';
import { RouteRolesCheck } from './route-roles.check';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';
import type { DirectoryUser, UserDirectory } from './user-directory';

// ---- routes as controllers declare them ----
@Controller('cases')
@Roles('lag_chair')
class CasesController {
  @Get() list() {}
  @Post() @Roles('practitioner', 'case_review_coordinator') refer() {}
}

@Controller('loose')
class UndeclaredController {
  @Get('health') @Public() health() {}
  @Get() list() {}
  @Get('empty') @Roles() empty() {}
}

type Route = [controller: Function, handler: Function];
const CASES_LIST: Route = [CasesController, CasesController.prototype.list];
const CASES_REFER: Route = [CasesController, CasesController.prototype.refer];
const HEALTH: Route = [UndeclaredController, UndeclaredController.prototype.health];
const UNDECLARED: Route = [UndeclaredController, UndeclaredController.prototype.list];
const EMPTY_ROLES: Route = [UndeclaredController, UndeclaredController.prototype.empty];

/** The users the identity context would have registered: the port the guard asks, kept in memory. */
class RegisteredUsers implements UserDirectory {
  private readonly bySubject = new Map<string, DirectoryUser>();
  add(user: Omit<Partial<DirectoryUser>, 'roles'> & { roles: string[] }): DirectoryUser {
    const registered = {
      userId: randomUUID(),
      subject: `${randomUUID()}@thurrock.test`,
      displayName: 'Officer',
      partnershipId: PARTNERSHIP,
      agencyId: POLICE,
      active: true,
      ...user,
    } as DirectoryUser;
    this.bySubject.set(registered.subject, registered);
    return registered;
  }
  async findBySubject(subject: string): Promise<DirectoryUser | null> {
    return this.bySubject.get(subject) ?? null;
  }
}

const PARTNERSHIP = randomUUID();
const POLICE = randomUUID();
const COUNCIL = randomUUID();
const NOT_VALID = 'The token is not valid (expired, wrongly signed, or not meant for this service).';

describe('the authentication guard', () => {
  let verifier: TokenVerifier;
  let key: CryptoKey | Uint8Array;
  let jwk: JWK;
  let localConfig: HublineConfig;
  /** Production settings whose claims must agree with the registry; the tokens come from the same verifier. */
  let claimsConfig: HublineConfig;
  let users: RegisteredUsers;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-guard-'));
    localConfig = loadConfig({ HUBLINE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    verifier = await createTokenVerifier(localConfig);
    jwk = await loadOrCreateLocalSigningKey(dataDir);
    key = await importJWK(jwk, LOCAL_ALGORITHM);
    const oidc = loadConfig({
      LOG_LEVEL: 'silent',
      AUTH_JWKS_URL: 'https://idp.thurrock.test/jwks.json',
      AUTH_ISSUER: 'x',
      AUTH_AUDIENCE: 'y',
      AUTH_AGENCY_CLAIM: 'hubline_agency',
      AUTH_ROLES_CLAIM: 'hubline_roles',
    });
    claimsConfig = {
      ...oidc,
      auth: { ...oidc.auth, issuer: localConfig.auth.issuer, audience: localConfig.auth.audience },
    };
  });
  beforeEach(() => {
    users = new RegisteredUsers();
  });

  const token = (subject: string, claims: JWTPayload = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: LOCAL_ALGORITHM, kid: jwk.kid })
      .setSubject(subject)
      .setIssuer(localConfig.auth.issuer)
      .setAudience(localConfig.auth.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  /** Runs the guard on a route; resolves to the request (with its actor) when it lets the call through. */
  async function call(route: Route, authorization?: string, config: HublineConfig = localConfig) {
    const request: { headers: Record<string, string | undefined>; actor?: Actor } = { headers: { authorization } };
    const guard = new AuthGuard(new Reflector(), verifier, users, config);
    const allowed = await guard.canActivate(
      new ExecutionContextHost([request, {}, undefined], route[0] as never, route[1]),
    );
    if (!allowed) throw new Error('the guard answered false instead of throwing a coded error');
    return request;
  }
  const bearer = async (user: DirectoryUser, claims?: JWTPayload) => `Bearer ${await token(user.subject, claims)}`;

  describe('deny by default', () => {
    it('lets anyone call a public route, without a token', async () => {
      await expect(call(HEALTH)).resolves.toBeDefined();
    });

    it.each([
      ['states no roles', UNDECLARED],
      ['states an empty list of roles', EMPTY_ROLES],
    ])('refuses a route that %s, whoever calls it', async (_case, route) => {
      const admin = users.add({ roles: ['partnership_admin', 'practitioner', 'lag_chair', 'auditor'] });
      await expect(call(route, await bearer(admin))).rejects.toMatchObject({
        code: 'ACCESS.ROUTE_HAS_NO_ROLES',
        kind: 'forbidden',
      });
      await expect(call(route)).rejects.toMatchObject({ code: 'ACCESS.ROUTE_HAS_NO_ROLES' });
    });

    it.each<[string, Route, Role[], boolean]>([
      ['the class role may list cases', CASES_LIST, ['lag_chair'], true],
      ['another role may not list them', CASES_LIST, ['practitioner'], false],
      ['a route role may refer', CASES_REFER, ['practitioner'], true],
      ['any one of the route roles is enough', CASES_REFER, ['auditor', 'case_review_coordinator'], true],
      ['the route roles replace the class roles', CASES_REFER, ['lag_chair'], false],
      ['the administrator role opens nothing by itself', CASES_REFER, ['partnership_admin'], false],
    ])('%s', async (_case, route, roles, allowed) => {
      const user = users.add({ roles });
      const outcome = call(route, await bearer(user));
      if (allowed) await expect(outcome).resolves.toMatchObject({ actor: { userId: user.userId, roles } });
      else await expect(outcome).rejects.toMatchObject({ code: 'ACCESS.ROLE_REQUIRED', kind: 'forbidden' });
    });

    it('names the roles a refused caller would need', async () => {
      const user = users.add({ roles: ['auditor'] });
      await expect(call(CASES_REFER, await bearer(user))).rejects.toMatchObject({
        details: { requiredRoles: ['practitioner', 'case_review_coordinator'] },
      });
    });

    it('puts the registered user, acting for their agency, on the request', async () => {
      const user = users.add({ roles: ['lag_chair'], agencyId: COUNCIL, displayName: 'Chair Patel' });
      const request = await call(CASES_LIST, await bearer(user));
      expect(request.actor).toEqual({
        userId: user.userId,
        subject: user.subject,
        displayName: 'Chair Patel',
        partnershipId: PARTNERSHIP,
        agencyId: COUNCIL,
        roles: ['lag_chair'],
      });
    });

    it('drops roles the registry holds but the service does not know', async () => {
      const user = users.add({ roles: ['superuser', 'lag_chair'] });
      expect((await call(CASES_LIST, await bearer(user))).actor?.roles).toEqual(['lag_chair']);
      const onlyUnknown = users.add({ roles: ['superuser'] });
      await expect(call(CASES_LIST, await bearer(onlyUnknown))).rejects.toMatchObject({ code: 'ACCESS.ROLE_REQUIRED' });
    });
  });

  describe('who is calling', () => {
    it.each<[string, (subject: string) => Promise<string | undefined>]>([
      ['no Authorization header', async () => undefined],
      ['an empty header', async () => ''],
      ['a scheme other than Bearer', async (s) => `Basic ${Buffer.from(`${s}:password`).toString('base64')}`],
      ['a token without its scheme', async (s) => token(s)],
      ['a bearer value that is not a token', async () => 'Bearer not a token'],
      ['a token with a broken signature', async (s) => `Bearer ${(await token(s)).slice(0, -4)}AAAA`],
    ])('refuses %s as not authenticated', async (_case, header) => {
      const user = users.add({ roles: ['lag_chair'] });
      await expect(call(CASES_LIST, await header(user.subject))).rejects.toMatchObject({
        code: 'AUTH.NOT_AUTHENTICATED',
        kind: 'unauthenticated',
      });
    });

    it('gives one answer for an unknown subject, a deactivated user and a bad token', async () => {
      const deactivated = users.add({ roles: ['lag_chair'], active: false });
      const active = users.add({ roles: ['lag_chair'] });
      const answers = await Promise.all(
        [
          bearer(deactivated),
          token(`${randomUUID()}@nowhere.test`).then((t) => `Bearer ${t}`),
          bearer(active).then((b) => `${b.slice(0, -4)}AAAA`),
        ].map(async (header) =>
          call(CASES_LIST, await header).then(
            () => 'allowed',
            (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
          ),
        ),
      );
      expect(answers).toEqual([
        `AUTH.NOT_AUTHENTICATED: ${NOT_VALID}`,
        `AUTH.NOT_AUTHENTICATED: ${NOT_VALID}`,
        `AUTH.NOT_AUTHENTICATED: ${NOT_VALID}`,
      ]);
    });
  });

  describe('claims of an OpenID Connect issuer', () => {
    it.each<[string, unknown, Role[]]>([
      ['a list narrows the registered roles', ['practitioner'], ['practitioner']],
      ['a space-separated string narrows them too', 'practitioner lag_chair', ['practitioner', 'lag_chair']],
      ['a comma-separated string as well', 'lag_chair,practitioner', ['practitioner', 'lag_chair']],
      [
        'a claimed role the registry does not give is ignored',
        ['practitioner', 'partnership_admin', 'auditor'],
        ['practitioner'],
      ],
      ['no roles claim leaves no roles', undefined, []],
      ['a claim of another shape leaves no roles', { practitioner: true }, []],
    ])('%s', async (_case, claimed, expected) => {
      const user = users.add({ roles: ['practitioner', 'lag_chair'] });
      const claims = {
        hubline_agency: POLICE,
        ...(claimed === undefined ? {} : { hubline_roles: claimed }),
      } as JWTPayload;
      const outcome = call(CASES_REFER, await bearer(user, claims), claimsConfig);
      if (expected.includes('practitioner'))
        await expect(outcome).resolves.toMatchObject({ actor: { roles: expected } });
      else await expect(outcome).rejects.toMatchObject({ code: 'ACCESS.ROLE_REQUIRED' });
    });

    it("never widens a user's roles to open a route the registry does not", async () => {
      const user = users.add({ roles: ['practitioner'] });
      await expect(
        call(
          CASES_LIST,
          await bearer(user, { hubline_agency: POLICE, hubline_roles: ['lag_chair', 'practitioner'] }),
          claimsConfig,
        ),
      ).rejects.toMatchObject({
        code: 'ACCESS.ROLE_REQUIRED',
      });
    });

    it.each([
      ['names another agency than the registry holds', COUNCIL],
      ['is missing', undefined],
    ])('refuses a token whose agency claim %s', async (_case, agency) => {
      const user = users.add({ roles: ['lag_chair'], agencyId: POLICE });
      const claims: JWTPayload = { hubline_roles: ['lag_chair'], ...(agency ? { hubline_agency: agency } : {}) };
      await expect(call(CASES_LIST, await bearer(user, claims), claimsConfig)).rejects.toMatchObject({
        code: 'AUTH.NOT_AUTHENTICATED',
      });
    });

    it('ignores such claims with the local key, where the registry alone decides', async () => {
      const user = users.add({ roles: ['lag_chair'], agencyId: POLICE });
      const request = await call(
        CASES_LIST,
        await bearer(user, { hubline_agency: COUNCIL, hubline_roles: ['practitioner'] }),
      );
      expect(request.actor).toMatchObject({ agencyId: POLICE, roles: ['lag_chair'] });
    });
  });
});

describe('the route check at start-up', () => {
  async function boot(...controllers: Function[]): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      controllers: controllers as never[],
      providers: [RouteRolesCheck],
    }).compile();
    try {
      await moduleRef.init();
    } finally {
      await moduleRef.close();
    }
  }

  it('starts when every route is public or states its roles', async () => {
    await expect(boot(CasesController)).resolves.toBeUndefined();
  });

  it('refuses to start, naming each route that states no roles', async () => {
    await expect(boot(CasesController, UndeclaredController)).rejects.toThrow(
      'routes without @Roles or @Public: UndeclaredController.list, UndeclaredController.empty',
    );
  });
});
