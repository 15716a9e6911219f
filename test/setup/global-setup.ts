import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
// A relative import: jest loads global set-up without the @hubline/* path mapping.
import {
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../../libs/platform/database/src/embedded/embedded-postgres';

/**
 * Starts one real PostgreSQL (the embedded one, exactly as the hub starts it) for the whole suite,
 * unless HUBLINE_TEST_ADMIN_URL already names a server. Test files create their own databases on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HUBLINE_TEST_ADMIN_URL) return;
  const server = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `hubline-test-pg-${process.pid}`),
    port: 0,
    persistent: false,
    password: 'hubline-test',
    settings: { max_connections: '300', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    onLog: (line) => {
      if (/FATAL|PANIC/.test(line) && !/due to administrator command/.test(line))
        process.stderr.write(`[test-pg] ${line}\n`);
    },
  });
  watchForSuiteEnd(server);
  process.env.HUBLINE_TEST_ADMIN_URL = server.adminUrl;
  (globalThis as { __HUBLINE_PG__?: RunningPostgres }).__HUBLINE_PG__ = server;
}

/**
 * If jest dies without its teardown (killed, crashed), a watcher whose standard input is a pipe
 * from jest sees the pipe close, stops the server and removes its files.
 */
function watchForSuiteEnd(server: RunningPostgres): void {
  const script = `
    const { rmSync } = require('node:fs');
    const [pid, dir] = process.argv.slice(1);
    process.stdin.resume();
    process.stdin.on('end', () => {
      try { process.kill(Number(pid), 'SIGINT'); } catch { return; }
      const gone = () => { try { process.kill(Number(pid), 0); return false; } catch { return true; } };
      const wait = setInterval(() => { if (gone()) { clearInterval(wait); rmSync(dir, { recursive: true, force: true }); } }, 100);
    });`;
  const watcher = spawn(process.execPath, ['-e', script, String(server.pid), server.dataDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watcher.unref();
  (watcher.stdin as unknown as { unref?: () => void }).unref?.();
}
