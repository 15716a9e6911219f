import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Response as InjectResponse } from 'light-my-request';
import { seedPartnership, THURROCK } from '@hubline/demo';
import { TestHub } from '../support/test-hub';

const HUB = 'http://hubline.test';
const AUDIENCE = 'https://hubline.test/api';
const CLIENT = { client_id: 'hubline-web', client_secret: 'a-client-secret-for-the-test-provider' };

/** A real OpenID Connect provider (oidc-provider) in a process of its own; its issuer once it listens. */
async function startProvider(): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'openid-provider.mjs')], {
    env: {
      ...process.env,
      OPENID_TEST_PROVIDER: JSON.stringify({
        audience: AUDIENCE,
        clients: [
          {
            ...CLIENT,
            redirect_uris: [`${HUB}/sign-in/callback`],
            post_logout_redirect_uris: [`${HUB}/signed-out`],
            grant_types: ['authorization_code', 'refresh_token'],
          },
        ],
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its warnings are read (so that a full pipe never stops it) and shown only if it stops.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the test provider stopped (${code}): ${stderr}`)));
  });
  return { issuer: (JSON.parse(firstLine) as { issuer: string }).issuer, child };
}

/** The browser's side of the provider: its cookies, and redirects followed one at a time. */
class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }

  /** From the hub's redirect to the provider, through its login form, to the answer it sends back to the hub. */
  async signInAt(authorizationUrl: string, subject: string): Promise<URL> {
    let res = await this.go(authorizationUrl);
    let location = new URL(res.headers.get('location')!, authorizationUrl);
    expect(location.pathname).toMatch(/^\/interaction\//);
    res = await this.go(location.href, { method: 'POST', form: { login: subject } });
    location = new URL(res.headers.get('location')!, location);
    while (location.origin !== HUB) {
      res = await this.go(location.href);
      expect(res.status).toBeGreaterThanOrEqual(300);
      location = new URL(res.headers.get('location')!, location);
    }
    return location;
  }
}

const cookieOf = (res: InjectResponse, name: string): string | undefined => {
  const header = res.headers['set-cookie'];
  const list = Array.isArray(header) ? header : header ? [String(header)] : [];
  const found = list.find((c) => c.startsWith(`${name}=`));
  return found ? found.split(';')[0].slice(name.length + 1) : undefined;
};

/**
 * The web pages' sign-in with OpenID Connect against a real provider: the authorization code flow
 * with PKCE, state and nonce; the provider's subject matched to a registered user; the session
 * calling the API with the provider's access token; sign-out here and at the provider.
 */
describe('signing in to the web pages with OpenID Connect', () => {
  const OFFICER = 'pc.okafor@essex-police.demo';
  let provider: { issuer: string; child: ChildProcess };
  let hub: TestHub;

  beforeAll(async () => {
    provider = await startProvider();
    hub = await TestHub.start({
      AUTH_ISSUER: provider.issuer,
      AUTH_JWKS_URL: `${provider.issuer}/jwks`,
      AUTH_AUDIENCE: AUDIENCE,
      OIDC_CLIENT_ID: CLIENT.client_id,
      OIDC_CLIENT_SECRET: CLIENT.client_secret,
      OIDC_REDIRECT_URL: `${HUB}/sign-in/callback`,
    });
    await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    provider?.child.kill();
  });

  const sessions = async () => Number((await hub.db.query('SELECT count(*) AS n FROM web.sessions'))[0].n);

  /** Starts a sign-in at the hub: where it sends the browser, and the attempt cookie. */
  async function begin(): Promise<{ authorizationUrl: URL; attempt: string }> {
    const res = await hub.app.inject({ method: 'GET', url: '/sign-in/start' });
    expect(res.statusCode).toBe(303);
    const attempt = cookieOf(res, 'hubline_sign_in');
    expect(attempt).toBeDefined();
    return { authorizationUrl: new URL(res.headers.location as string), attempt: attempt! };
  }

  const callback = (answer: URL, attempt?: string) =>
    hub.app.inject({
      method: 'GET',
      url: `${answer.pathname}${answer.search}`,
      headers: attempt ? { cookie: `hubline_sign_in=${attempt}` } : {},
    });

  it('asks the provider for a code with PKCE (S256), a state and a nonce, for the API as resource', async () => {
    const page = await hub.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/sign-in/start"');
    // The demo sign-in does not exist with a provider.
    expect((await hub.app.inject({ method: 'GET', url: '/sign-in/demo' })).statusCode).toBe(404);

    const { authorizationUrl, attempt } = await begin();
    expect(authorizationUrl.origin).toBe(provider.issuer);
    const q = authorizationUrl.searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      client_id: CLIENT.client_id,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${HUB}/sign-in/callback`,
      code_challenge_method: 'S256',
      resource: AUDIENCE,
    });
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The attempt cookie holds what the callback checks; the verifier never goes to the provider.
    const [state, nonce, verifier] = attempt.split('.');
    expect([state, nonce]).toEqual([q.get('state'), q.get('nonce')]);
    expect(authorizationUrl.href).not.toContain(verifier);
    // A second attempt gets its own state.
    expect((await begin()).authorizationUrl.searchParams.get('state')).not.toBe(q.get('state'));
  });

  it('signs a registered officer in, whose pages call the API with the provider’s access token, and signs out there too', async () => {
    const { authorizationUrl, attempt } = await begin();
    const answer = await new ProviderBrowser().signInAt(authorizationUrl.href, OFFICER);
    expect(answer.pathname).toBe('/sign-in/callback');
    const before = await sessions();
    const res = await callback(answer, attempt);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const session = cookieOf(res, 'hubline_session')!;
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookieOf(res, 'hubline_sign_in')).toBe(''); // the attempt is used once
    expect(await sessions()).toBe(before + 1);
    // The provider's tokens are kept sealed: nothing of them is readable in the table.
    const [row] = await hub.db.query(
      'SELECT subject, provider_tokens FROM web.sessions ORDER BY created_at DESC LIMIT 1',
    );
    expect(row.subject).toBe(OFFICER);
    expect(Buffer.from(row.provider_tokens).toString('latin1')).not.toMatch(/eyJ/);

    const home = await hub.app.inject({ method: 'GET', url: '/', headers: { cookie: `hubline_session=${session}` } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Signed in as');
    // A page that reads through the API: only the provider's access token can pass the API's guard here.
    const actions = await hub.app.inject({
      method: 'GET',
      url: '/my-actions',
      headers: { cookie: `hubline_session=${session}` },
    });
    expect(actions.statusCode).toBe(200);
    expect(actions.body).toContain('Your agency’s open actions');

    // The same callback again (a replayed answer) starts nothing.
    const replayed = await callback(answer, attempt);
    expect(replayed.statusCode).toBe(400);
    expect(cookieOf(replayed, 'hubline_session')).toBeUndefined();

    // Sign out: the session ends here, then the provider is asked to end its own.
    const csrfCookie = cookieOf(home, 'hubline_csrf')!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)![1];
    const out = await hub.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        cookie: `hubline_session=${session}; hubline_csrf=${csrfCookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(out.statusCode).toBe(303);
    const logout = new URL(out.headers.location as string);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(logout.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${HUB}/signed-out`);
    expect(await sessions()).toBe(before);
    const after = await hub.app.inject({ method: 'GET', url: '/', headers: { cookie: `hubline_session=${session}` } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/sign-in');
  });

  it('refuses a subject the provider knows but the partnership has not registered, and starts no session', async () => {
    const { authorizationUrl, attempt } = await begin();
    const answer = await new ProviderBrowser().signInAt(authorizationUrl.href, 'stranger@elsewhere.test');
    const before = await sessions();
    const res = await callback(answer, attempt);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Your account cannot use Hubline');
    expect(res.body).not.toContain('stranger@elsewhere.test');
    expect(cookieOf(res, 'hubline_session')).toBeUndefined();
    expect(await sessions()).toBe(before);
  });

  it('refuses an answer whose state was tampered with, or that comes to a browser that did not start it', async () => {
    const { authorizationUrl, attempt } = await begin();
    const answer = await new ProviderBrowser().signInAt(authorizationUrl.href, OFFICER);
    const before = await sessions();

    const tampered = new URL(answer);
    tampered.searchParams.set('state', `${answer.searchParams.get('state')!.slice(0, -2)}xx`);
    const refused = await callback(tampered, attempt);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('You have not been signed in');
    expect(cookieOf(refused, 'hubline_session')).toBeUndefined();

    // Another browser's attempt (login CSRF: an attacker's code in the officer's browser).
    const other = await begin();
    expect((await callback(answer, other.attempt)).statusCode).toBe(400);
    // No attempt at all.
    expect((await callback(answer)).statusCode).toBe(400);
    // The provider's refusal.
    const denied = new URL(`${HUB}/sign-in/callback`);
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('state', authorizationUrl.searchParams.get('state')!);
    denied.searchParams.set('iss', provider.issuer);
    expect((await callback(denied, attempt)).statusCode).toBe(400);
    expect(await sessions()).toBe(before);
  });
});
