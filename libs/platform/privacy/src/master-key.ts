import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readKeyFile, StartUpRefusedError, unusableKey, writeNewKeyFile } from '@hubline/errors';

export interface MasterKey {
  key: Buffer;
  /** Where it came from, for the start-up message. */
  source: 'environment' | 'generated' | 'file';
  file?: string;
}

export interface MasterKeyOptions {
  fromEnvironment?: string;
  dataDir: string;
  allowGenerated: boolean;
}

/** Where the embedded default keeps its master key. */
export function masterKeyFile(dataDir: string): string {
  return path.resolve(dataDir, 'keys', 'master.key');
}

/** Names the key for an operator: the variable, or the file (existing or not). */
export function masterKeyName(options: MasterKeyOptions): string {
  return options.fromEnvironment ? 'HUBLINE_MASTER_KEY' : `the master key file ${masterKeyFile(options.dataDir)}`;
}

/**
 * The configured master key without generating one: from HUBLINE_MASTER_KEY, else the embedded
 * default's file; null when that file does not exist (yet, or any more).
 */
export function readMasterKey(options: MasterKeyOptions): MasterKey | null {
  if (options.fromEnvironment) {
    const key = decodeKey(options.fromEnvironment);
    if (!key)
      throw unusableKey(
        'HUBLINE_MASTER_KEY',
        'it does not hold a master key (32 bytes written in base64)',
        'Set it to the master key in use, from the secret store.',
      );
    return { key, source: 'environment' };
  }
  if (!options.allowGenerated)
    throw new StartUpRefusedError(
      'HUBLINE_MASTER_KEY is required in production: set it to the master key in use, from the secret store (it is never kept beside the database).',
    );
  const file = masterKeyFile(options.dataDir);
  if (!existsSync(file)) return null;
  const fix =
    'Restore the file from a backup of the key directory; only on a data folder that holds no data yet may it be deleted, and a new key is then made.';
  const key = decodeKey(readKeyFile(`the master key file ${file}`, file, fix));
  if (!key)
    throw unusableKey(`the master key file ${file}`, 'it does not hold a master key (32 bytes written in base64)', fix);
  return { key, source: 'file', file };
}

/** 32 bytes written in base64 (or its URL-safe alphabet) and nothing else, or null. */
function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

/** Generates the embedded default's key file; if another process wrote it first, theirs is used. */
export function generateMasterKey(dataDir: string): MasterKey {
  const file = masterKeyFile(dataDir);
  const key = randomBytes(32);
  // Another process generated it first: use theirs.
  if (!writeNewKeyFile(`the master key file ${file}`, file, key.toString('base64') + '\n'))
    return readMasterKey({ dataDir, allowGenerated: true })!;
  return { key, source: 'generated', file };
}

/**
 * The master key wraps every person's data key. In production it comes from HUBLINE_MASTER_KEY
 * (base64, 32 bytes), kept in a secret store apart from the database. On the embedded default it is
 * generated on first start and kept in `<dataDir>/keys/master.key`, beside the data it protects:
 * fine for trying Hubline, not for real data, and the start-up log says so. A service checks it
 * against the data keys already stored before generating anything (master-key-check.ts).
 */
export function loadMasterKey(options: MasterKeyOptions): MasterKey {
  return readMasterKey(options) ?? generateMasterKey(options.dataDir);
}
