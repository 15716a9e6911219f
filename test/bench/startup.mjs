// Start-up figures of `npm start`: from the command to "listening on" and to /health/ready
// answering 200, for a start after a source change (an incremental build) and for restarts with
// no change. Each run keeps the same data folder, as an operator's restarts do.
//
//   node test/bench/startup.mjs [--runs=3] [--cold]
//
// --cold first deletes dist/ so the first run builds everything. Prints one line per run, the
// medians, and the machine's load average (the machine may be shared: compare runs of one sitting).
import { spawn } from 'node:child_process';
import { rmSync, mkdtempSync, utimesSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? true]),
);
const runs = Number(args.runs ?? 3);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-startup-bench-'));

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function ready(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
    return res.status === 200;
  } catch {
    return false;
  }
}

async function oneStart(label) {
  const [port, pgPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      HUBLINE_DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let listening;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    if (!listening && chunk.includes('listening on')) listening = performance.now();
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = started + 300_000;
  while (!(listening && (await ready(port)))) {
    if (performance.now() > deadline || child.exitCode !== null)
      throw new Error(`${label}: not ready (exit code ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyAt = performance.now();
  process.kill(-child.pid, 'SIGINT');
  await exited;
  const figures = { label, listening: (listening - started) / 1000, ready: (readyAt - started) / 1000 };
  console.log(`${label.padEnd(34)} listening ${figures.listening.toFixed(1)} s, ready ${figures.ready.toFixed(1)} s`);
  return figures;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
try {
  console.log(
    `npm start, ${runs} restarts with no change; load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  if (args.cold) {
    rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    await oneStart('cold (dist/ deleted: full build)');
  }
  const touched = path.join(root, 'libs/platform/http/src/versioning.ts');
  const now = new Date();
  utimesSync(touched, now, now);
  const changed = await oneStart('after touching one source file');
  const restarts = [];
  for (let i = 1; i <= runs; i++) restarts.push(await oneStart(`restart ${i}, no change`));
  console.log(
    `median restart with no change: listening ${median(restarts.map((r) => r.listening)).toFixed(1)} s, ready ${median(restarts.map((r) => r.ready)).toFixed(1)} s`,
  );
  console.log(`after touching one source file: ready ${changed.ready.toFixed(1)} s`);
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
