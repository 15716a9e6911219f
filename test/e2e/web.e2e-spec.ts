import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { actorOf, seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { HubApi, IDLE_TIMEOUT_MINUTES, SESSION_COOKIE, TOUCH_EVERY_SECONDS, WebSessions } from '@hubline/web';
import { Client } from 'pg';
import { TestHub } from '../support/test-hub';

/**
 * The web pages over HTTP, without a browser (test/browser drives them in Chromium): sessions
 * and their deadlines, security headers on pages only, the API left as it was, and no demo
 * sign-in in production.
 */
describe('web pages', () => {
  let hub: TestHub;
  let seeded: SeededPartnership;
  beforeAll(async () => {
    hub = await TestHub.start();
    seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
  });
  afterAll(() => hub?.close());

  const cookieOf = (setCookie: string | string[] | undefined, name: string) =>
    ([] as string[])
      .concat(setCookie ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith(`${name}=`));

  it('sends a visitor without a session to sign in, and signs a demo user in with the form’s token', async () => {
    const home = await hub.app.inject({ url: '/' });
    expect({ status: home.statusCode, location: home.headers.location }).toEqual({ status: 303, location: '/sign-in' });
    const signIn = await hub.app.inject({ url: '/sign-in' });
    expect(signIn.headers.location).toBe('/sign-in/demo');

    const form = await hub.app.inject({ url: '/sign-in/demo' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('pc.okafor@essex-police.demo');
    const csrfCookie = cookieOf(form.headers['set-cookie'], 'hubline_csrf')!;
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const posted = await hub.app.inject({
      method: 'POST',
      url: '/sign-in/demo',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, subject: 'pc.okafor@essex-police.demo' }).toString(),
    });
    expect({ status: posted.statusCode, location: posted.headers.location }).toEqual({ status: 303, location: '/' });
    const session = ([] as string[])
      .concat(posted.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(SESSION_COOKIE));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    const signedIn = await hub.app.inject({ url: '/', headers: { cookie: session!.split(';')[0] } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('What do you want to do?');

    // An unregistered subject is not signed in, whatever the form says.
    const stranger = await hub.app.inject({
      method: 'POST',
      url: '/sign-in/demo',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, subject: 'someone@elsewhere.example' }).toString(),
    });
    expect(stranger.statusCode).toBe(400);
    expect(cookieOf(stranger.headers['set-cookie'], SESSION_COOKIE)).toBeUndefined();
  });

  it('serves pages with a nonce-based content security policy, and leaves the API’s responses as they were', async () => {
    const page = await hub.app.inject({ url: '/sign-in/demo' });
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    const asset = await hub.app.inject({ url: '/assets/govuk/govuk-frontend.min.css' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/css/);
    expect((await hub.app.inject({ url: '/assets/fonts/bold-b542beb274-v2.woff2' })).statusCode).toBe(200);
    // Only the precompiled files of the packages' folders are served.
    expect((await hub.app.inject({ url: '/assets/govuk/all.bundle.js' })).statusCode).toBe(404);

    const api = await hub.app.inject({ url: '/health/live' });
    expect(api.headers['content-security-policy']).toBeUndefined();
    const form = await hub.as('pc.okafor@essex-police.demo', {
      method: 'POST',
      url: '/people',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'givenName=Jo',
    });
    expect(form.statusCode).toBe(415);
    expect(form.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers a page’s write only once the read models show it, so the next page does', async () => {
    const admin = 'admin@thurrock.demo';
    const practitioner = 'pc.okafor@essex-police.demo';
    const userId = seeded.users[practitioner];
    const before = await hub.as(admin, { url: `/users/${userId}` });
    const roles = (before.json().roles as string[]).includes('lag_chair')
      ? ['practitioner']
      : ['practitioner', 'lag_chair'];
    // Hold the user's read-model row, so the projection cannot apply the change until released.
    const holder = new Client({ connectionString: (hub.db.options as { url: string }).url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM identity.users WHERE user_id = $1 FOR UPDATE', [userId]);
    const released = new Promise<void>((resolve) =>
      setTimeout(() => void holder.query('COMMIT').then(() => resolve()), 500),
    );
    const answer = await hub.app.get(HubApi).call(actorOf(THURROCK, seeded, admin), 'read-your-page-write', {
      method: 'PUT',
      path: `/users/${userId}/roles`,
      body: { roles },
      ifMatch: before.headers.etag as string,
    });
    expect(answer.status).toBe(200);
    // Read at once, as the page the officer is sent to would: the change is there.
    const [row] = await hub.db.query('SELECT roles FROM identity.users WHERE user_id = $1', [userId]);
    await released;
    await holder.end();
    expect([...row.roles].sort()).toEqual([...roles].sort());
  });

  it('writes a session’s last use at most every 30 seconds, and never lets it outlive the idle timeout', async () => {
    const sessions = hub.app.get(WebSessions);
    const t1 = new Date('2026-03-03T08:00:00Z');
    const at = (seconds: number) => new Date(t1.getTime() + seconds * 1000);
    const subject = 'pc.okafor@essex-police.demo';
    const lastSeen = async () =>
      (
        (await hub.db.query('SELECT last_seen_at FROM web.sessions WHERE created_at = $1', [t1])) as Array<{
          last_seen_at: Date;
        }>
      ).map((r) => r.last_seen_at.toISOString());

    const token = await sessions.start(subject, t1);
    // Pages within the 30 seconds write nothing.
    expect(await sessions.use(token, at(10))).toBe(subject);
    expect(await sessions.use(token, at(TOUCH_EVERY_SECONDS))).toBe(subject);
    expect(await lastSeen()).toEqual([t1.toISOString()]);
    // The first page after them moves the deadline on.
    expect(await sessions.use(token, at(TOUCH_EVERY_SECONDS + 1))).toBe(subject);
    expect(await lastSeen()).toEqual([at(TOUCH_EVERY_SECONDS + 1).toISOString()]);
    // Counted from that write: still live a second before the timeout, over at it.
    const written = TOUCH_EVERY_SECONDS + 1;
    expect(await sessions.use(token, at(written + TOUCH_EVERY_SECONDS - 1))).toBe(subject);
    expect(await sessions.use(token, at(written + IDLE_TIMEOUT_MINUTES * 60 - 1))).toBe(subject);
    expect(
      await sessions.use(token, at(written + IDLE_TIMEOUT_MINUTES * 60 - 1 + IDLE_TIMEOUT_MINUTES * 60 + 1)),
    ).toBeNull();
  });

  it('ends a session unused for the idle timeout, after the working day, and at sign-out', async () => {
    const sessions = hub.app.get(WebSessions);
    const t0 = new Date('2026-03-02T09:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const subject = 'pc.okafor@essex-police.demo';

    const idle = await sessions.start(subject, t0);
    expect(await sessions.use(idle, at(IDLE_TIMEOUT_MINUTES - 1))).toBe(subject);
    // Each use moves the deadline on; a gap longer than the timeout ends it, for good.
    expect(await sessions.use(idle, at(2 * IDLE_TIMEOUT_MINUTES - 2))).toBe(subject);
    expect(await sessions.use(idle, at(3 * IDLE_TIMEOUT_MINUTES))).toBeNull();
    expect(await sessions.use(idle, at(3 * IDLE_TIMEOUT_MINUTES))).toBeNull();

    const busy = await sessions.start(subject, t0);
    let minute = 0;
    for (; minute <= 10 * 60; minute += 20) expect(await sessions.use(busy, at(minute))).toBe(subject);
    expect(await sessions.use(busy, at(minute))).toBeNull();

    const ended = await sessions.start(subject, t0);
    await sessions.end(ended);
    expect(await sessions.use(ended, at(1))).toBeNull();

    // The table holds a hash of the token, never the token.
    const kept = await sessions.start(subject, t0);
    const rows: Array<{ token_hash: string }> = await hub.db.query('SELECT token_hash FROM web.sessions');
    expect(rows.map((r) => r.token_hash)).not.toContain(kept);
    expect(await sessions.use(`${kept}x`, at(1))).toBeNull();
  });

  it('has no demo sign-in in production', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const production = await TestHub.start({
      NODE_ENV: 'production',
      HUBLINE_MASTER_KEY: randomBytes(32).toString('base64'),
      HUBLINE_AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
      AUTH_ISSUER: 'https://login.example',
      AUTH_AUDIENCE: 'hubline',
    });
    try {
      await seedPartnership(production.commands, THURROCK);
      const demo = await production.app.inject({ url: '/sign-in/demo' });
      expect(demo.statusCode).toBe(404);
      expect(demo.body).toContain('Page not found');
      expect(demo.body).not.toContain('okafor');
      const signIn = await production.app.inject({ url: '/sign-in' });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.body).not.toContain('/sign-in/demo');
    } finally {
      await production.close();
    }
  });
});
