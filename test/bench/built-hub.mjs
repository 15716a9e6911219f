// The built hub in a process of its own, for the benchmarks that read it over HTTP (bench:load,
// bench:pages): a fresh data folder, free ports for it and its embedded PostgreSQL, and the
// environment the command line (seed, token) needs to reach the same hub.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `--name=value` arguments (a bare `--name` is true). */
export const argsOf = (argv) =>
  Object.fromEntries(
    argv
      .slice(2)
      .map((a) => a.replace(/^--/, '').split('='))
      .map(([k, v]) => [k, v ?? true]),
  );

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Node's arguments to run a built script of the repository with the path aliases. */
export const node = (script, extra = []) => ['-r', 'tsconfig-paths/register', path.join(root, script), ...extra];

/** Starts the built hub; `stopHub` stops it (the caller removes `dataDir`). */
export async function startBuiltHub(name) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `hubline-${name}-bench-`));
  const port = await freePort();
  const pgPort = await freePort();
  const env = {
    ...process.env,
    TS_NODE_BASEURL: path.join(root, 'dist'),
    HOST: '127.0.0.1',
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    HUBLINE_DATA_DIR: dataDir,
    HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  // BENCH_HUB_NODE_ARGS: Node's own options for the hub only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
  // to profile it (Node refuses those in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const hub = spawn(process.execPath, [...nodeArgs, ...node('dist/apps/hub/src/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopHub = () =>
    new Promise((resolve) => {
      if (hub.exitCode !== null) return resolve();
      hub.once('exit', resolve);
      hub.kill('SIGTERM');
    });
  return { dataDir, port, pgPort, base: `http://127.0.0.1:${port}`, env, stopHub };
}

/** Polls `probe` until it gives a truthy value (errors count as not yet). */
export async function until(probe, what, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
