import { execFileSync, spawnSync } from 'node:child_process';
import { EmbeddedPostgresError, USE_YOUR_OWN } from './startup-error';

/** The account the PostgreSQL processes run as: this process's own, or another when it is root. */
export interface ServerUser {
  /** Absent when PostgreSQL runs as the invoking user. */
  name?: string;
  uid: number;
  gid: number;
}

const SERVER_ACCOUNT = 'postgres';

/**
 * PostgreSQL refuses to run as root. As root, it runs as the `postgres` account, created (a
 * system account without a login shell) when the machine has none; otherwise as the invoking user.
 */
export function serverUser(): ServerUser {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  if (uid !== 0) return { uid, gid };
  let ids = lookUp(SERVER_ACCOUNT);
  if (!ids) {
    try {
      if (!groupExists(SERVER_ACCOUNT)) execFileSync('groupadd', ['--system', SERVER_ACCOUNT], { stdio: 'pipe' });
      execFileSync(
        'useradd',
        ['--system', '--gid', SERVER_ACCOUNT, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_ACCOUNT],
        { stdio: 'pipe' },
      );
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL will not run as root, and the "${SERVER_ACCOUNT}" account to run it as could not be created (${firstLine(error)})`,
        `Create it (useradd --system ${SERVER_ACCOUNT}), run Hubline as another user, ${USE_YOUR_OWN}`,
      );
    }
    ids = lookUp(SERVER_ACCOUNT);
    if (!ids)
      throw new EmbeddedPostgresError(
        `the "${SERVER_ACCOUNT}" account was created but cannot be found`,
        `Check the machine's accounts, ${USE_YOUR_OWN}`,
      );
  }
  return { name: SERVER_ACCOUNT, ...ids };
}

/** Whether `user` may do `access` ('x' search or execute, 'w' write, 'r' read) on `path`, every parent folder included. */
export function userMay(user: ServerUser, access: 'r' | 'w' | 'x', path: string): boolean {
  if (user.uid === process.getuid?.())
    return spawnSync('/bin/sh', ['-c', `test -${access} "$1"`, 'sh', path]).status === 0;
  return (
    spawnSync('/bin/sh', ['-c', `test -${access} "$1"`, 'sh', path], { uid: user.uid, gid: user.gid, cwd: '/' })
      .status === 0
  );
}

function lookUp(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { stdio: 'pipe', encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { stdio: 'pipe', encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function groupExists(name: string): boolean {
  try {
    execFileSync('getent', ['group', name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  const e = error as { stderr?: Buffer | string; message?: string };
  return String(e.stderr || e.message || error)
    .trim()
    .split('\n')[0];
}
