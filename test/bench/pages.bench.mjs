// Web page figures: a hub on 127.0.0.1 with the demo seed, its main pages read by autocannon as 8
// signed-in officers at once (8 connections, each with its own session). For each page it prints
// the answers and their p50/p95 time, measured at the client over loopback (so server time plus a
// loopback round trip), with the machine's load average; with --runs=N, the median of each figure
// over the N runs. Pages not built yet are listed as skipped.
//
//   npm run bench:pages [-- --duration=10 --runs=3 --warmup=5 --pages=log,queue]
//
// Before the runs, each page is read for --warmup seconds (default 5; 0 for none) and not counted:
// a hub that officers use has compiled its code and filled its caches long before, and without
// this the first run's first page measured the hub's start, not its pages.
// --pages keeps only the pages whose names contain one of the words given (all pages without it).
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { URLSearchParams } from 'node:url';
import pg from 'pg';
import { argsOf, node, root, startBuiltHub, until } from './built-hub.mjs';

const args = argsOf(process.argv);
const duration = Number(args.duration ?? 10);
const runs = Number(args.runs ?? 3);
const warmup = Number(args.warmup ?? 5);
const only = args.pages ? String(args.pages).split(',').filter(Boolean) : null;
const USERS = 8;
const log = (...parts) => console.error('[bench:pages]', ...parts);

const { dataDir, pgPort, base, env, stopHub } = await startBuiltHub('pages');

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

/** The cookies a response sets, as `name=value` pairs. */
const cookiesOf = (res) => res.headers.getSetCookie().map((c) => c.split(';')[0]);

/** Signs in as a demo user through the sign-in page, as a browser does: a session and its form token. */
async function signIn(subject) {
  const form = await fetch(`${base}/sign-in/demo`);
  const csrfCookie = cookiesOf(form).find((c) => c.startsWith('hubline_csrf='));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const res = await fetch(`${base}/sign-in/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, subject }).toString(),
  });
  const session = cookiesOf(res).find((c) => c.startsWith('hubline_session='));
  if (res.status !== 303 || !session) throw new Error(`signing in as ${subject} answered ${res.status}`);
  const home = await fetch(`${base}/`, { headers: { cookie: `${session}; ${csrfCookie}` } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await home.text())[1];
  return { cookie: `${session}; ${csrfCookie}`, csrf: token };
}

/** One page read by 8 officers at once for `duration` seconds: answers by status, p50 and p95. */
async function measure(sessions, page, seconds = duration) {
  const times = [];
  const statuses = {};
  let next = 0;
  const instance = autocannon({
    url: base,
    connections: USERS,
    duration: seconds,
    timeout: 20,
    requests: [
      {
        setupRequest: (req, context) => {
          // Each connection is one officer, with their own session, for the whole run.
          context.session ??= sessions[next++ % sessions.length];
          const body = page.body?.(context.session);
          return {
            ...req,
            method: page.method ?? 'GET',
            path: page.path,
            headers: {
              ...req.headers,
              cookie: context.session.cookie,
              ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            ...(body ? { body } : {}),
          };
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 200) times.push(ms);
  });
  await instance;
  const sorted = times.sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), statuses };
}

try {
  log(`hub on ${base}, data in ${dataDir}`);
  await until(async () => (await fetch(`${base}/health/ready`)).status === 200, 'the hub');
  log('seeding the demo partnership (tens of seconds to minutes)');
  const seed = spawnSync(process.execPath, node('dist/apps/cli/src/main.js', ['seed']), {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (seed.status !== 0) throw new Error('the seed failed');
  const practitioner = 'pc.okafor@essex-police.demo';
  const token = spawnSync(
    process.execPath,
    node('dist/apps/cli/src/main.js', ['token', practitioner, '--minutes=60']),
    {
      cwd: root,
      env,
      encoding: 'utf8',
    },
  ).stdout.trim();
  const db = new pg.Client({ connectionString: `postgres://postgres:hubline-embedded@127.0.0.1:${pgPort}/hubline` });
  await db.connect();
  const victims = await until(async () => {
    const { rows } = await db.query(
      "SELECT DISTINCT person_id FROM timelines.case_people WHERE role = 'victim' ORDER BY person_id LIMIT 300",
    );
    return rows.length >= 5 && rows.map((r) => r.person_id);
  }, 'the timelines projection');
  await db.end();
  // A victim the practitioner may read, and a family name to search for.
  let victim;
  let familyName;
  for (const id of victims) {
    const res = await fetch(`${base}/people/${id}?purpose=meeting_preparation`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.json();
    if (res.status === 200 && body.familyName) {
      victim = id;
      familyName = body.familyName;
      break;
    }
  }
  if (!victim) log('no seeded victim the practitioner may read: the person page and the search are skipped');

  // Eight sessions of each officer a page is for: the practitioner's pages, and one page each of
  // the LAG chair, the case review coordinator and the auditor.
  const sessionsOf = new Map();
  const sessionsFor = async (subject) => {
    if (!sessionsOf.has(subject)) {
      const list = [];
      for (let i = 0; i < USERS; i++) list.push(await signIn(subject));
      sessionsOf.set(subject, list);
    }
    return sessionsOf.get(subject);
  };
  const pages = [
    { name: 'home', path: '/' },
    { name: 'my actions', path: '/my-actions' },
    {
      name: 'find a person results',
      path: '/find-a-person',
      method: 'POST',
      body: (s) => new URLSearchParams({ _csrf: s.csrf, name: familyName, purpose: 'case_management' }).toString(),
    },
    { name: 'person page with timeline', path: `/person/${victim}?purpose=meeting_preparation` },
    { name: 'referral queue', path: '/referral-queue', as: 'lag.chair@thurrock.demo' },
    { name: 'case review due list', path: '/asb-case-reviews/due', as: 'case.review@thurrock.demo' },
    { name: 'consultation log', path: '/auditor/consultations', as: 'auditor@thurrock.demo' },
  ];
  const present = [];
  const wanted = (p) => !only || only.some((word) => p.name.includes(word));
  for (const page of pages.filter((p) => (victim || !/person/.test(p.name)) && wanted(p))) {
    const sessions = await sessionsFor(page.as ?? practitioner);
    const probe = await fetch(`${base}${page.path}`, {
      method: page.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: sessions[0].cookie,
        ...(page.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(page.body ? { body: page.body(sessions[0]) } : {}),
    });
    if (probe.status === 200) present.push(page);
    else console.log(`skipped: ${page.name} (${page.path} answered ${probe.status}: not built in this branch)`);
  }
  if (warmup > 0) {
    log(`warming up: each page for ${warmup} s, not counted`);
    for (const page of present) await measure(await sessionsFor(page.as ?? practitioner), page, warmup);
  }
  const results = new Map(present.map((p) => [p.name, []]));
  for (let run = 1; run <= runs; run++) {
    console.log(
      `run ${run} of ${runs}: ${USERS} signed-in officers, ${duration} s per page, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const page of present) {
      const r = await measure(await sessionsFor(page.as ?? practitioner), page);
      results.get(page.name).push(r);
      const others = Object.entries(r.statuses)
        .filter(([s]) => s !== '200')
        .map(([s, n]) => `${n}×${s}`);
      console.log(
        `  ${page.name.padEnd(28)} ${String(r.count).padStart(6)} answers, p50 ${Math.round(r.p50)} ms, p95 ${Math.round(r.p95)} ms${others.length ? `, other answers ${others.join(' ')}` : ''}`,
      );
    }
  }
  console.log(`median of ${runs} runs (p50 / p95):`);
  for (const [name, list] of results)
    console.log(
      `  ${name.padEnd(28)} ${Math.round(median(list.map((r) => r.p50)))} ms / ${Math.round(median(list.map((r) => r.p95)))} ms`,
    );
  console.log(
    `load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${os.cpus().length} cores`,
  );
} finally {
  await stopHub();
  rmSync(dataDir, { recursive: true, force: true });
}
