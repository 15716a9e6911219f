import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { Response as InjectResponse } from 'light-my-request';
import { actorOf, seedLocalityActionGroups, seedPartnership, seedPeople, THURROCK } from '@hubline/demo';
import { TestHub } from '../support/test-hub';
import { signInAsDemoUser } from '../support/web-sign-in';

/**
 * Bad input to a web page never reaches a 5xx, is never shown back unescaped, and a malformed
 * write changes nothing. Every page route the web server registers (found at start-up, so a new
 * page cannot escape) is sent, as a demo officer whose role may open it, requests broken in one
 * way each: a query field given twice or as `a[b]`, a huge or oddly named one, an impossible
 * date, a path id that is not one; a form with a field given twice or as `a[b]`, posted as JSON,
 * multipart or plain text, in another charset or not UTF-8, over the limit, without or with a
 * wrong CSRF token; a garbage session cookie; HEAD.
 *
 * Every answer must be below 500 and a page (HTML), or a redirect to a path of this server;
 * nothing sent may come back unescaped (every made-up value carries MARK inside an HTML tag, and
 * a page that refuses the request's shape must not show MARK at all). A malformed form appends no
 * event, not even the record of a view: it is refused before the page reads anything. A
 * well-formed form with wrong values is the page's own to judge (its form again, with errors).
 * A path the router cannot decode is refused before any route is found, with the shared server's
 * problem (`refusedBeforeRouting`). Seeded, with a fixed number of runs per route, so a failure replays.
 */

const MARK = 'Ech0';
const RUNS_PER_ROUTE = 10;
const SEED = 20_261_205;
/** Officers who may open a page only after choosing a purpose. */
const PURPOSE = 'purpose=case_management';

interface Route {
  method: 'GET' | 'POST';
  url: string;
  params: string[];
}

interface Broken {
  what: string;
  /** The request's shape is refused before the page runs: the answer must not show MARK at all. */
  shape: boolean;
  method: 'GET' | 'POST' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

describe('malformed input, over every page of the web service', () => {
  let hub: TestHub;
  const found: Array<{ method: string; url: string }> = [];

  beforeAll(async () => {
    hub = await TestHub.start({}, (fastify) =>
      fastify.addHook('onRoute', (route) => {
        if ((route.config as { web?: boolean } | undefined)?.web)
          for (const method of [route.method].flat()) found.push({ method, url: route.url });
      }),
    );
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    // Referrals, meetings and actions, so that the pages behind their ids run on real records.
    const people = await seedPeople(
      hub.commands,
      seeded,
      [actorOf(THURROCK, seeded, 'pc.okafor@essex-police.demo')],
      40,
      2024,
      new Date(Date.now() - 300 * 86_400_000).toISOString(),
    );
    await seedLocalityActionGroups(hub.commands, seeded, people, { app: hub.app, referrals: 12 });
    await hub.settle(60_000);
  }, 180_000);
  afterAll(() => hub?.close());

  const signIn = (subject: string) => signInAsDemoUser(hub, subject);

  const counts = async () => {
    const rows: Array<{ consulted: string; other: string }> = await hub.db.query(
      `SELECT count(*) FILTER (WHERE type = 'PersonalDataConsulted') AS consulted,
              count(*) FILTER (WHERE type <> 'PersonalDataConsulted') AS other FROM event_store.events`,
    );
    return { consulted: Number(rows[0].consulted), other: Number(rows[0].other) };
  };

  // ---- the garbage ----

  /** A made-up value that is HTML: shown back unescaped, its tag would be in the page. */
  const hostile = (max = 20) => fc.string({ maxLength: max }).map((s) => `<q>${MARK}${s}</q>`);
  const unescaped = `<q>${MARK}`;
  const enc = encodeURIComponent;
  /** Names of fields pages read, so the garbage reaches their code, and a few they do not. */
  const fieldName = fc.constantFrom(
    'purpose',
    'done',
    'status',
    'localityId',
    'personId',
    'agencyId',
    'v',
    'lines',
    'from-day',
    'subject',
    'reason',
    'notes',
    'confirm',
    'version',
    'displayName',
    'name',
    'outcomeNarrative',
    'decision-refer',
  );
  const badId = fc.oneof(
    hostile(30).map(enc),
    fc.constantFrom(`${MARK}-1`, `${MARK}%00`, `${MARK}%20'%20OR%201=1`, '%E0%A4%A', `${MARK}${'x'.repeat(90)}`),
  );
  const impossibleDate = fc.constantFrom(
    'from-day=30&from-month=2&from-year=2026&to-day=31&to-month=4&to-year=2026',
    'day=30&month=2&year=2026&date=2026-02-30',
    'from-day=31&from-month=13&from-year=99999&to-day=0&to-month=0&to-year=0',
  );

  function brokenRequests(
    route: Route,
    ids: (name: string) => string,
    session: { cookie: string; csrfCookie: string; csrf: string },
  ): fc.Arbitrary<Broken> {
    const path = (override: Record<string, string> = {}) =>
      route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => override[name] ?? ids(name));
    const page = path();
    const cookie = session.cookie;
    const kinds: fc.Arbitrary<Broken>[] = [
      fc.constant({
        what: 'a garbage session cookie',
        shape: true,
        method: route.method,
        url: page,
        headers: {
          cookie: `hubline_session=${MARK}garbage; ${session.csrfCookie}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: route.method === 'POST' ? `_csrf=${enc(session.csrf)}` : undefined,
      }),
    ];
    if (route.params.length > 0)
      kinds.push(
        fc.tuple(fc.constantFrom(...route.params), badId).map(([name, id]) => ({
          what: `:${name} = ${id.slice(0, 40)}`,
          shape: false,
          method: route.method,
          url: `${path({ [name]: id })}?${PURPOSE}`,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: route.method === 'POST' ? `_csrf=${enc(session.csrf)}` : undefined,
        })),
      );
    if (route.method === 'GET') {
      const get = (what: string, query: string, shape: boolean): Broken => ({
        what,
        shape,
        method: 'GET',
        url: `${page}?${query}`,
        headers: { cookie },
      });
      kinds.push(
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) =>
            get(`?${name} twice`, `${PURPOSE}&${name}=case_management&${name}=${enc(value)}`, true),
          ),
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) => get(`?${name}[a]`, `${PURPOSE}&${name}[a]=${enc(value)}`, true)),
        fc
          .tuple(fieldName, fc.integer({ min: 3_000, max: 60_000 }))
          .map(([name, n]) => get(`?${name} of ${n}`, `${PURPOSE}&${name}=${MARK}${'x'.repeat(n)}`, true)),
        fieldName.map((name) => get(`?${name} badly escaped`, `${PURPOSE}&${name}=${MARK}%E0%A4%A`, false)),
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) => get(`?${name} hostile`, `${PURPOSE}&${name}=${enc(value)}`, false)),
        impossibleDate.map((date) => get(`impossible date ${date.slice(0, 30)}`, `${PURPOSE}&${date}`, false)),
        fc.constant({
          what: 'HEAD',
          shape: false,
          method: 'HEAD' as const,
          url: `${page}?${PURPOSE}`,
          headers: { cookie },
        }),
      );
    } else {
      const post = (
        what: string,
        shape: boolean,
        payload: string | Buffer,
        contentType = 'application/x-www-form-urlencoded',
      ): Broken => ({
        what,
        shape,
        method: 'POST',
        url: page,
        headers: { cookie, 'content-type': contentType },
        payload,
      });
      const token = `_csrf=${enc(session.csrf)}`;
      kinds.push(
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) => post(`${name} twice`, true, `${token}&${name}=yes&${name}=${enc(value)}`)),
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) => post(`${name}[a]`, true, `${token}&${name}[a]=${enc(value)}`)),
        fc.constant(post('_csrf twice', true, `${token}&_csrf=${MARK}`)),
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) =>
            post(`JSON ${name}`, true, JSON.stringify({ _csrf: session.csrf, [name]: { value } }), 'application/json'),
          ),
        fc.constant(
          post(
            'multipart',
            true,
            `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${session.csrf}\r\n--x--\r\n`,
            'multipart/form-data; boundary=x',
          ),
        ),
        fc.constant(post('plain text', true, `${token}&note=${MARK}`, 'text/plain')),
        fc.constant(
          post(
            'latin1',
            true,
            Buffer.from(`${token}&note=caf\xe9${MARK}`, 'latin1'),
            'application/x-www-form-urlencoded; charset=latin1',
          ),
        ),
        fc.constant(
          post('not UTF-8', true, Buffer.concat([Buffer.from(`${token}&note=${MARK}`), Buffer.from([0xc3, 0x28])])),
        ),
        fc.constant(post('badly escaped', true, `${token}&note=${MARK}%E0%A4%A`)),
        fc
          .integer({ min: 70_000, max: 1_200_000 })
          .map((n) => post(`a body of ${n}`, true, `${token}&notes=${MARK}${'x'.repeat(n)}`)),
        fc
          .tuple(fieldName, hostile())
          .map(([name, value]) => post(`no CSRF token, ${name}`, true, `${name}=${enc(value)}`)),
        hostile().map((value) => post('a wrong CSRF token', true, `_csrf=${enc(value)}&confirm=yes`)),
        // Well formed, wrong values: the page's own checks (its form again, or a refusal page).
        fc
          .tuple(fc.uniqueArray(fieldName, { minLength: 1, maxLength: 6 }), hostile())
          .map(([names, value]) =>
            post(`hostile ${names.join(', ')}`, false, [token, ...names.map((n) => `${n}=${enc(value)}`)].join('&')),
          ),
        impossibleDate.map((date) => post(`impossible date ${date.slice(0, 30)}`, false, `${token}&${date}`)),
      );
    }
    return fc.oneof(...kinds);
  }

  /**
   * A path the router cannot read (a malformed escape) is refused before any route, page or API,
   * is found, by the shared server's own problem: the one refusal of a page's address not a page.
   */
  const refusedBeforeRouting = (res: InjectResponse) =>
    res.statusCode === 400 &&
    String(res.headers['content-type']).startsWith('application/problem+json') &&
    res.json().code === 'HTTP.FST_ERR_BAD_URL';

  /** What is wrong with the answer to a broken request; empty when nothing is. */
  async function faultsOf(request: Broken): Promise<string[]> {
    const before = await counts();
    const res = await hub.app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    const after = await counts();
    const faults: string[] = [];
    const type = String(res.headers['content-type'] ?? '');
    const location = String(res.headers.location ?? '');
    if (res.statusCode >= 500) faults.push(`status ${res.statusCode}`);
    else if (res.statusCode >= 300 && res.statusCode < 400) {
      if (!/^\/[^/]/.test(location) || /[<>"]/.test(location)) faults.push(`redirect to ${location.slice(0, 60)}`);
    } else if (
      !type.startsWith('text/html') &&
      !(res.statusCode === 200 && request.shape === false) &&
      !refusedBeforeRouting(res)
    )
      faults.push(`${res.statusCode} ${type}`);
    if (res.body.includes(unescaped)) faults.push('shows the input unescaped');
    if (request.shape && res.statusCode >= 400 && res.body.includes(MARK)) faults.push('shows the refused input');
    // A malformed form changes nothing, and is refused before any record is read. (A well-formed form
    // is the page's to judge: one that takes no field, such as signing a checkpoint, does its work.)
    if (request.method === 'POST' && request.shape) {
      if (after.other !== before.other) faults.push(`${after.other - before.other} event(s) appended`);
      if (after.consulted !== before.consulted) faults.push('a view recorded for a refused form');
    }
    return faults.length
      ? [`${request.what}: ${faults.join(', ')} ${res.body.replace(/\s+/g, ' ').slice(0, 120)}`]
      : [];
  }

  it('answers every broken request to every page with a page, never a 5xx or the input, and records nothing', async () => {
    const routes: Route[] = [...new Map(found.map((r) => [`${r.method} ${r.url}`, r])).values()]
      .filter((r): r is { method: Route['method']; url: string } => r.method === 'GET' || r.method === 'POST')
      .map((r) => ({ ...r, params: [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]) }));
    // Every page of the service is here, the forms included.
    expect(routes.filter((r) => r.method === 'GET').length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThan(30);

    // The officers, one per demo user; a page is tried as the first whose role may open it.
    const subjects = THURROCK.users.map((u) => u.subject);
    const sessions = new Map<string, Awaited<ReturnType<typeof signIn>>>();
    for (const subject of subjects) sessions.set(subject, await signIn(subject));

    // Real ids, from the links of the pages the officers see; a fresh one where none is linked.
    const known = new Map<string, string>();
    const patterns = routes.map((r) => ({
      names: r.params,
      pattern: new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '([0-9a-f-]{36})')}(?:[?#].*)?$`),
    }));
    for (const route of routes.filter((r) => r.method === 'GET' && r.params.length === 0))
      for (const subject of subjects) {
        const res = await hub.app.inject({ url: route.url, headers: { cookie: sessions.get(subject)!.cookie } });
        for (const [, href] of res.body.matchAll(/href="([^"]+)"/g))
          for (const { names, pattern } of patterns) {
            const hit = pattern.exec(href.replace(/&amp;/g, '&'));
            if (hit) names.forEach((name, i) => known.has(name) || known.set(name, hit[i + 1]));
          }
      }
    const ids = (name: string) => known.get(name) ?? randomUUID();
    expect(known.size).toBeGreaterThan(4);

    const failures: string[] = [];
    let tried = 0;
    for (const route of routes) {
      // Who may open the page (its form, for a POST): the first officer not refused; sign-out last.
      const url = route.url.replace(/:([A-Za-z]+)/g, (_, n: string) => ids(n));
      let subject = subjects[0];
      for (const s of subjects) {
        const res = await hub.app.inject({ url: `${url}?${PURPOSE}`, headers: { cookie: sessions.get(s)!.cookie } });
        if (res.statusCode !== 403) {
          subject = s;
          break;
        }
      }
      // A fresh session per route: a form (signing out, signing in) may end the one it was sent with.
      const session = await signIn(subject);
      const result = await fc.check(
        fc.asyncProperty(brokenRequests(route, ids, session), async (request) => {
          const faults = await faultsOf(request);
          if (faults.length) throw new Error(faults.join('; '));
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
      );
      tried++;
      if (result.failed)
        failures.push(
          `${route.method} ${route.url} ${String((result.errorInstance as Error)?.message ?? result.errorInstance).slice(0, 300)}`,
        );
    }
    expect(tried).toBe(routes.length);
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers paths that are no page, and other methods on pages, with a refusal that shows nothing sent', async () => {
    const { cookie } = await signIn('pc.okafor@essex-police.demo');
    for (const [method, url] of [
      ['GET', `/${MARK}-no-such-page`],
      ['GET', `/asb-case-reviews/${enc(unescaped)}/x/y`],
      ['GET', '/%E0%A4%A'],
      ['POST', `/${MARK}-no-such-page`],
      ['OPTIONS', '/find-a-person'],
      ['DELETE', '/register-a-person'],
      ['GET', `/person/${MARK}${'x'.repeat(3_000)}`],
    ] as const) {
      const res = await hub.app.inject({
        method,
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: method === 'POST' ? 'a=b' : undefined,
      });
      // The shared server's problem names its own short path as `instance`, by design; nothing else may.
      const shown = res.body.replace(/"instance":"[^"]*"/, '');
      expect({ url: url.slice(0, 50), status: res.statusCode, echo: shown.includes(MARK) }).toEqual({
        url: url.slice(0, 50),
        status: expect.any(Number),
        echo: false,
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
  });
});
