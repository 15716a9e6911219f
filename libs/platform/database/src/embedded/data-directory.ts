import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { makeOpenFolder } from './postgres-binaries';
import { userMay, type ServerUser } from './server-user';
import { EmbeddedPostgresError, USE_YOUR_OWN } from './startup-error';

/** Where a cluster's files are: the folder asked for, and the one PostgreSQL is given. */
export interface DataDirectory {
  /** The folder asked for (e.g. `.hubline/postgres`). */
  requested: string;
  /** The folder PostgreSQL uses: `requested`, or the folder it links to. */
  actual: string;
  /** True when `requested` is a link to a folder kept in the runtime root. */
  linked: boolean;
}

/**
 * Finds or makes the cluster's folder, owned by the server's account (mode 700). When that
 * account cannot enter the folder asked for (it sits under /root, or any 0700 folder), the cluster
 * is kept under `runtimeRoot` and the folder asked for becomes a link to it, so deleting
 * `.hubline/` still starts afresh: a kept cluster whose link is gone is removed, never reused.
 */
export function placeDataDirectory(requested: string, user: ServerUser, runtimeRoot: string): DataDirectory {
  const parent = path.dirname(requested);
  try {
    mkdirSync(parent, { recursive: true, mode: 0o755 });
  } catch (error) {
    // HUBLINE_DATA_DIR (or a folder above it) is a file, or this account may not write there.
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmbeddedPostgresError(
      `the data folder ${parent} cannot be made (${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (code ?? 'unknown error')})`,
      `Set HUBLINE_DATA_DIR to a folder this account may write to, ${USE_YOUR_OWN}`,
    );
  }
  const existing = lstatOrUndefined(requested);
  if (existing?.isSymbolicLink()) {
    const actual = path.resolve(parent, readlinkSync(requested));
    ownedFolder(actual, user);
    return { requested, actual, linked: true };
  }
  if (existing) {
    if (userMay(user, 'x', requested) && userMay(user, 'w', requested))
      return { requested, actual: requested, linked: false };
    throw new EmbeddedPostgresError(
      `the ${user.name ?? 'server'} account cannot enter the database folder ${requested}`,
      `Set HUBLINE_DATA_DIR to a folder it can enter, ${USE_YOUR_OWN}`,
    );
  }
  if (userMay(user, 'x', parent) && (user.name !== undefined || userMay(user, 'w', parent))) {
    ownedFolder(requested, user);
    return { requested, actual: requested, linked: false };
  }
  const digest = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const actual = path.join(runtimeRoot, 'data', `${path.basename(path.dirname(parent)) || 'root'}-${digest}`);
  makeOpenFolder(path.dirname(actual));
  rmSync(actual, { recursive: true, force: true });
  ownedFolder(actual, user);
  symlinkSync(actual, requested);
  // Says which folder the cluster belongs to, so that it is removed once that folder is gone.
  writeFileSync(`${actual}${LINK_MARK}`, requested);
  return { requested, actual, linked: true };
}

const LINK_MARK = '.linked-from';

/**
 * Clusters kept under `runtimeRoot` for a folder that no longer links to them (the folder, or the
 * clone or temporary folder around it, was deleted) hold data nobody can reach: they are removed,
 * unless a server still runs on them. Each start looks, so none outlives the next start.
 */
export function removeAbandonedClusters(runtimeRoot: string, alive: (pid: number) => boolean): string[] {
  const kept = path.join(runtimeRoot, 'data');
  if (!existsSync(kept)) return [];
  const removed: string[] = [];
  for (const mark of readdirSync(kept).filter((f) => f.endsWith(LINK_MARK))) {
    const cluster = path.join(kept, mark.slice(0, -LINK_MARK.length));
    const requested = readFileSync(path.join(kept, mark), 'utf8');
    let linked = false;
    try {
      linked = path.resolve(path.dirname(requested), readlinkSync(requested)) === cluster;
    } catch {
      linked = false;
    }
    if (linked || running(cluster, alive)) continue;
    rmSync(cluster, { recursive: true, force: true });
    rmSync(path.join(kept, mark), { force: true });
    removed.push(cluster);
  }
  return removed;
}

function running(cluster: string, alive: (pid: number) => boolean): boolean {
  try {
    const pid = Number(readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && alive(pid);
  } catch {
    return false;
  }
}

/** Empties the cluster's folder, keeping it (and a link to it) in place. */
export function emptyDataDirectory(dir: DataDirectory, user: ServerUser): void {
  rmSync(dir.actual, { recursive: true, force: true });
  ownedFolder(dir.actual, user);
}

/** Removes the cluster's files and, when it was kept elsewhere, the link to them. */
export function removeDataDirectory(dir: DataDirectory): void {
  rmSync(dir.actual, { recursive: true, force: true });
  rmSync(`${dir.actual}${LINK_MARK}`, { force: true });
  if (dir.linked) {
    try {
      unlinkSync(dir.requested);
    } catch {
      // already gone
    }
  }
}

function ownedFolder(folder: string, user: ServerUser): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (user.name !== undefined) chownSync(folder, user.uid, user.gid);
  chmodSync(folder, 0o700);
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}
