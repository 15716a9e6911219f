import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
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
  if (process.env.HUBLINE_TEST_ADMIN_URL) {
    runScratch();
    return;
  }
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
  const scratch = runScratch();
  watchForSuiteEnd(server, scratch);
  process.env.HUBLINE_TEST_ADMIN_URL = server.adminUrl;
  (globalThis as { __HUBLINE_PG__?: RunningPostgres }).__HUBLINE_PG__ = server;
}

/**
 * One temporary folder for the whole run, in which tests make theirs (data folders holding keys,
 * copies of files): the suite's processes and those they start find it as their temporary folder,
 * and the teardown removes it with everything left in it. Open to every user as the system's is,
 * since PostgreSQL runs as its own.
 */
function runScratch(): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hubline-test-run-'));
  chmodSync(scratch, 0o1777);
  process.env.TMPDIR = scratch;
  (globalThis as { __HUBLINE_SCRATCH__?: string }).__HUBLINE_SCRATCH__ = scratch;
  return scratch;
}

/**
 * If jest dies without its teardown (killed, crashed), a watcher whose standard input is a pipe
 * from jest sees the pipe close, stops the server and removes its files and the run's folder.
 */
function watchForSuiteEnd(server: RunningPostgres, scratch: string): void {
  const script = `
    const { rmSync } = require('node:fs');
    const [pid, ...dirs] = process.argv.slice(1);
    const remove = () => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); };
    process.stdin.resume();
    process.stdin.on('end', () => {
      try { process.kill(Number(pid), 'SIGINT'); } catch { return; }
      const gone = () => { try { process.kill(Number(pid), 0); return false; } catch { return true; } };
      const wait = setInterval(() => { if (gone()) { clearInterval(wait); remove(); } }, 100);
    });`;
  const watcher = spawn(process.execPath, ['-e', script, String(server.pid), server.dataDir, scratch], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watcher.unref();
  (watcher.stdin as unknown as { unref?: () => void }).unref?.();
}
