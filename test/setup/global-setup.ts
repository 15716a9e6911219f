import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Starts one real PostgreSQL (the embedded one) for the whole suite, unless
 * HUBLINE_TEST_ADMIN_URL already names a server. Test files create their own databases on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HUBLINE_TEST_ADMIN_URL) return;
  const child = spawn(process.execPath, [path.join(__dirname, 'embedded-pg-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('embedded PostgreSQL for tests did not start within 120 s')), 120_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL for tests exited with code ${code}`)));
  });
  process.env.HUBLINE_TEST_ADMIN_URL = url;
  (globalThis as { __HUBLINE_PG__?: ChildProcess }).__HUBLINE_PG__ = child;
}
