/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@hubline/access';
import { loadConfig } from '@hubline/config';
import { launchChromium } from './browser';

/**
 * `npm run docs:screenshots`: PNGs of the main pages of every role, in `docs/screenshots/`, taken
 * in Debian's Chromium from a hub with the demo partnership. With `HUBLINE_URL` set, from that
 * running hub (seeded with `npm run seed`, local sign-in); otherwise the script seeds the demo
 * partnership into its own data folder (`.hubline-screenshots`, its own embedded PostgreSQL port),
 * starts the built hub on `PORT` (default 3105), takes the pictures and stops it. A page missing
 * from this build answers 404 and is skipped with a note.
 */

interface Shot {
  name: string;
  path: string | ((ids: Ids) => string | null);
}
interface Ids {
  victim: string | null;
  agency: string | null;
}

const ROLES: Array<{ role: string; subject: string; shots: Shot[] }> = [
  {
    role: 'practitioner',
    subject: 'pc.okafor@essex-police.demo',
    shots: [
      { name: 'home', path: '/' },
      { name: 'actions', path: '/my-actions' },
      { name: 'find-a-person', path: '/find-a-person' },
      { name: 'register-a-person', path: '/register-a-person' },
      { name: 'record-an-asb-report', path: '/record-asb-report' },
    ],
  },
  {
    role: 'lag-chair',
    subject: 'lag.chair@thurrock.demo',
    shots: [
      { name: 'home', path: '/' },
      { name: 'person-record', path: (ids) => ids.victim && `/person/${ids.victim}?purpose=case_management` },
      { name: 'referral-queue', path: '/referral-queue' },
      { name: 'meetings', path: '/meetings' },
      { name: 'overdue-actions', path: '/overdue-actions' },
      { name: 'lag-figures', path: '/lag-figures' },
    ],
  },
  {
    role: 'case-review-coordinator',
    subject: 'case.review@thurrock.demo',
    shots: [
      { name: 'home', path: '/' },
      { name: 'case-reviews', path: '/asb-case-reviews' },
      { name: 'deadlines', path: '/asb-case-reviews/due' },
      { name: 'figures', path: '/asb-case-reviews/figures' },
    ],
  },
  {
    role: 'auditor',
    subject: 'auditor@thurrock.demo',
    shots: [
      { name: 'audit', path: '/auditor' },
      { name: 'consultation-log', path: '/auditor/consultations' },
      { name: 'person-trail', path: (ids) => ids.victim && `/auditor/people/${ids.victim}` },
      { name: 'agency-sharing', path: (ids) => ids.agency && `/auditor/agencies/${ids.agency}` },
      { name: 'exceptions', path: '/auditor/exceptions' },
      { name: 'verification', path: '/auditor/verification' },
    ],
  },
  {
    role: 'partnership-admin',
    subject: 'admin@thurrock.demo',
    shots: [
      { name: 'administration', path: '/admin' },
      { name: 'users', path: '/admin/users' },
      { name: 'register-a-user', path: '/admin/users/new' },
      { name: 'agencies', path: '/admin/agencies' },
      { name: 'localities', path: '/admin/localities' },
      { name: 'agreements', path: '/admin/agreements' },
      { name: 'retention', path: '/admin/retention' },
    ],
  },
];

const root = process.cwd();
const out = path.join(root, 'docs', 'screenshots');
const say = (line: string) => process.stderr.write(`${line}\n`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function waitUntilReady(base: string, child: ChildProcess | null): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the hub stopped (exit ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the hub at ${base} was not ready in 3 minutes`);
}

/** A victim of an accepted LAG case and an agency, by id, read through the API as the chair. */
async function findIds(base: string, env: NodeJS.ProcessEnv): Promise<Ids> {
  const config = loadConfig(env);
  if (config.auth.mode !== 'local') return { victim: null, agency: null };
  const key = await loadOrCreateLocalSigningKey(config.dataDir);
  const token = await mintLocalToken(key, {
    subject: 'lag.chair@thurrock.demo',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: 60,
  });
  const get = async (url: string) =>
    (await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<unknown>;
  const referrals = (await get('/lag/referrals?status=accepted&purpose=case_management')) as Array<{
    victims?: Array<{ personId?: string; status?: string }>;
  }>;
  const victim =
    (Array.isArray(referrals) ? referrals : [])
      .flatMap((r) => r.victims ?? [])
      .find((v) => v.personId && v.status !== 'locked')?.personId ?? null;
  const partnership = (await get('/partnership')) as { agencies?: Array<{ agencyId: string; name: string }> };
  const agency = partnership.agencies?.find((a) => a.name === 'Essex Police')?.agencyId ?? null;
  return { victim, agency };
}

async function main(): Promise<number> {
  const port = Number(process.env.PORT ?? 3105);
  const env: NodeJS.ProcessEnv = process.env.HUBLINE_URL
    ? process.env
    : {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HUBLINE_DATA_DIR: process.env.HUBLINE_DATA_DIR ?? path.join(root, '.hubline-screenshots'),
        EMBEDDED_POSTGRES_PORT: process.env.EMBEDDED_POSTGRES_PORT ?? String(port + 51_300),
        LOG_LEVEL: 'warn',
      };
  const base = process.env.HUBLINE_URL ?? `http://127.0.0.1:${port}`;
  let hub: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    if (!process.env.HUBLINE_URL) {
      say('Seeding the demo partnership (idempotent; minutes the first time)…');
      await run(process.execPath, ['-r', 'tsconfig-paths/register', 'dist/apps/cli/src/main.js', 'seed'], env);
      say(`Starting the hub on ${base}…`);
      hub = spawn(process.execPath, ['-r', 'tsconfig-paths/register', 'dist/apps/hub/src/main.js'], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    await waitUntilReady(base, hub);
    const ids = await findIds(base, env);
    browser = await launchChromium();
    mkdirSync(out, { recursive: true });
    let saved = 0;
    for (const { role, subject, shots } of ROLES) {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto('/sign-in/demo');
      await page.locator(`input[name="subject"][value="${subject}"]`).check();
      await page.getByRole('button', { name: 'Sign in' }).click();
      for (const shot of shots) {
        const target = typeof shot.path === 'string' ? shot.path : shot.path(ids);
        if (!target) {
          say(`  skipped ${role}/${shot.name}: no record in the demo data to show`);
          continue;
        }
        const res = await page.goto(target);
        if (res?.status() !== 200) {
          say(`  skipped ${role}/${shot.name}: ${target} answered ${res?.status()} (not in this build)`);
          continue;
        }
        const file = path.join(out, `${role}-${shot.name}.png`);
        await page.screenshot({ path: file, fullPage: false });
        say(`  ${path.relative(root, file)}`);
        saved++;
      }
      await context.close();
    }
    say(`${saved} screenshots in ${path.relative(root, out)}/`);
    return 0;
  } finally {
    await browser?.close();
    if (hub && hub.exitCode === null) {
      hub.kill('SIGTERM');
      await new Promise((r) => hub!.once('exit', r));
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`docs:screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
