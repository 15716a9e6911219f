import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deriveKey, hmacHex, isSealed, seal, unseal } from './crypto';

/**
 * Epoch keys live outside the database, one file per live epoch in the key directory, each
 * wrapped by the master key: the database holds only their check values, so neither the database
 * (with its WAL, replicas and backups) nor the master key opens a data key of an epoch whose file
 * is gone. Destroying an epoch overwrites and removes its file.
 */
export function keyEpochDirectory(dataDir: string, configured?: string): string {
  return path.resolve(configured ?? path.join(dataDir, 'keys', 'epochs'));
}

const epochWrappingKeyOf = (master: Buffer) => deriveKey(master, 'key-epoch-wrapping/v1');
const FILE = /^epoch-(\d+)\.key$/;

export const keyEpochFile = (dir: string, epochId: number) => path.join(dir, `epoch-${epochId}.key`);

/** HMAC-SHA-256 of a constant under a key derived from the epoch key: names the key without revealing it. */
export function keyEpochCheckValue(epochKey: Buffer, epochId: number): string {
  return hmacHex(deriveKey(epochKey, 'key-epoch-check/v1'), `hubline key epoch ${epochId}`);
}

export class KeyEpochFileError extends Error {}

/** A new random epoch key, written (synced, then renamed into place) before anything is wrapped under it. */
export function createKeyEpochFile(master: Buffer, dir: string, epochId: number): Buffer {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const file = keyEpochFile(dir, epochId);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const sealed = seal(epochWrappingKeyOf(master), key, `key-epoch/${epochId}`);
  writeFileSync(temporary, JSON.stringify({ epoch: epochId, key: sealed }) + '\n', { mode: 0o600, flag: 'wx' });
  syncFile(temporary);
  renameSync(temporary, file);
  syncFile(dir);
  return key;
}

/** The epoch's key; null when its file is absent; throws when the file does not open under this master key. */
export function readKeyEpochFile(master: Buffer, dir: string, epochId: number): Buffer | null {
  const file = keyEpochFile(dir, epochId);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { epoch?: unknown; key?: unknown };
    if (parsed.epoch !== epochId || !isSealed(parsed.key)) throw new Error('not an epoch key file');
    return unseal(epochWrappingKeyOf(master), parsed.key, `key-epoch/${epochId}`);
  } catch {
    throw new KeyEpochFileError(`${file} does not open with this master key`);
  }
}

/** The epoch ids that have a file in the key directory. */
export function keyEpochFileIds(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => FILE.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Overwrites the file with random bytes and syncs it before unlinking, so the key is not left in freed blocks of a plain disk. */
export function destroyKeyEpochFile(dir: string, epochId: number): void {
  const file = keyEpochFile(dir, epochId);
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r+');
  try {
    const noise = randomBytes(statSync(file).size);
    writeSync(fd, noise, 0, noise.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(file);
  syncFile(dir);
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
