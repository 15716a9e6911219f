// Overload figures: a hub on 127.0.0.1 with the demo seed, read by autocannon at 20 and then 200
// connections (timelines of the seeded people, and the referral list). For each level it prints
// the served answers (2xx) and their p50/p99, the shed answers (503) and their p50/p99, every
// other 5xx (must be 0), other statuses, and client timeouts, with the machine's load average.
// Served and shed answers are also split into each connection's first answer (which includes the
// time the connection waited to be accepted) and the later ones; the hub's reads' limit as its
// readiness reports it; and this process's own event-loop delay.
//
//   npm run bench:load [-- --duration=20 --levels=20,200 --timeout=10]
//
// The hub runs with the configuration's defaults (HTTP_MAX_READS_IN_FLIGHT etc.), unless they are
// set in the environment of this command.
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { argsOf, node, root, startBuiltHub, until } from './built-hub.mjs';

const args = argsOf(process.argv);
const duration = Number(args.duration ?? 20);
const levels = String(args.levels ?? '20,200')
  .split(',')
  .map(Number);
const timeoutSeconds = Number(args.timeout ?? 10);
const log = (...parts) => console.error('[bench:load]', ...parts);

const { dataDir, port, pgPort, env, stopHub } = await startBuiltHub('load');

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function level(connections, token, paths) {
  const byClass = { served: [], shed: [], other5xx: [], other: [] };
  let next = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    timeout: timeoutSeconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req, context) => {
          const path = paths[next++ % paths.length];
          context.path = path; // read back when its answer comes (one request at a time per connection)
          return { ...req, path };
        },
      },
    ],
  });
  const servedBy = { timeline: [], 'referral list': [] };
  // The hub's reads' limit (readiness reports it) once a second, and this process's own event-loop
  // delay: autocannon's figures include the time its own loop took to notice an answer.
  const limits = [];
  const watch = setInterval(async () => {
    try {
      const ready = await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json();
      const reads = ready.details?.load?.reads;
      if (reads) limits.push(reads);
    } catch {
      // not this second
    }
  }, 1000);
  const ownDelay = monitorEventLoopDelay({ resolution: 10 });
  ownDelay.enable();
  // A connection's first answer includes the time the connection waited to be accepted by the hub;
  // the later ones on the same connection do not.
  const answered = new WeakSet();
  const servedOn = { 'first on its connection': [], 'later on a connection': [] };
  const shedOn = { 'first on its connection': [], 'later on a connection': [] };
  instance.on('response', (client, status, _bytes, ms) => {
    const kind =
      status >= 200 && status < 300 ? 'served' : status === 503 ? 'shed' : status >= 500 ? 'other5xx' : 'other';
    byClass[kind].push(ms);
    const first = !answered.has(client.conn);
    answered.add(client.conn);
    if (kind === 'shed') shedOn[first ? 'first on its connection' : 'later on a connection'].push(ms);
    if (kind !== 'served') return;
    servedBy[client.requestIterator.context.path?.startsWith('/lag/') ? 'referral list' : 'timeline'].push(ms);
    servedOn[first ? 'first on its connection' : 'later on a connection'].push(ms);
  });
  const result = await instance;
  clearInterval(watch);
  ownDelay.disable();
  const figures = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const f = (x) => (x === null ? '-' : `${Math.round(x)} ms`);
    return `${sorted.length} (${(sorted.length / duration).toFixed(1)}/s), p50 ${f(percentile(sorted, 50))}, p99 ${f(percentile(sorted, 99))}`;
  };
  console.log(
    `connections ${connections}, ${duration} s, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`  served (2xx):      ${figures(byClass.served)}`);
  for (const [what, list] of Object.entries(servedBy)) console.log(`    ${what.padEnd(15)} ${figures(list)}`);
  for (const [what, list] of Object.entries(servedOn)) console.log(`    ${what.padEnd(23)} ${figures(list)}`);
  console.log(`  shed (503):        ${figures(byClass.shed)}`);
  for (const [what, list] of Object.entries(shedOn)) console.log(`    ${what.padEnd(23)} ${figures(list)}`);
  console.log(`  other 5xx:         ${byClass.other5xx.length}`);
  console.log(`  other statuses:    ${byClass.other.length}`);
  console.log(`  client timeouts:   ${result.timeouts}, errors ${result.errors}`);
  if (limits.length) {
    const sorted = limits.map((r) => r.limit).sort((a, b) => a - b);
    const recent = limits.map((r) => r.recentMs).filter((ms) => ms !== null);
    console.log(
      `  reads' limit:      min ${sorted[0]}, median ${percentile(sorted, 50)}, max ${sorted.at(-1)} (ceiling ${limits[0].ceiling}, floor ${limits[0].floor}, target ${limits[0].targetMs} ms); hub's p90 per window ${recent.length ? `${Math.min(...recent)} to ${Math.max(...recent)} ms` : '-'}`,
    );
  }
  console.log(
    `  bench's own event-loop delay: p50 ${(ownDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(ownDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(ownDelay.max / 1e6).toFixed(0)} ms`,
  );
  return byClass.other5xx.length;
}

let failed = 0;
try {
  log(`hub on 127.0.0.1:${port}, data in ${dataDir}`);
  await until(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, 'the hub');
  log('seeding the demo partnership (tens of seconds)');
  const seed = spawnSync(process.execPath, node('dist/apps/cli/src/main.js', ['seed']), {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (seed.status !== 0) throw new Error('the seed failed');
  const token = spawnSync(
    process.execPath,
    node('dist/apps/cli/src/main.js', ['token', 'pc.okafor@essex-police.demo', '--minutes=60']),
    {
      cwd: root,
      env,
      encoding: 'utf8',
    },
  ).stdout.trim();
  const db = new pg.Client({ connectionString: `postgres://postgres:hubline-embedded@127.0.0.1:${pgPort}/hubline` });
  await db.connect();
  const people = await until(async () => {
    const { rows } = await db.query(
      "SELECT DISTINCT person_id FROM timelines.case_people WHERE role = 'victim' ORDER BY person_id LIMIT 50",
    );
    return rows.length >= 10 && rows.map((r) => r.person_id);
  }, 'the timelines projection');
  await db.end();
  // Nine timeline reads to one referral list, as practitioners preparing a meeting do.
  const paths = people.flatMap((id, i) => [
    `/timelines/victims/${id}?purpose=meeting_preparation`,
    ...(i % 9 === 8 ? ['/lag/referrals'] : []),
  ]);
  const check = await fetch(`http://127.0.0.1:${port}${paths[0]}`, { headers: { authorization: `Bearer ${token}` } });
  if (check.status !== 200) throw new Error(`a timeline read answered ${check.status}`);
  log(`${people.length} victims' timelines and the referral list; ${duration} s per level`);
  for (const connections of levels) failed += await level(connections, token, paths);
} finally {
  await stopHub();
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed) {
  console.log(`FAILED: ${failed} answers were 5xx other than 503`);
  process.exitCode = 1;
}
