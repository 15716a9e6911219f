import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface MasterKey {
  key: Buffer;
  /** Where it came from, for the start-up message. */
  source: 'environment' | 'generated' | 'file';
  file?: string;
}

/**
 * The master key wraps every person's data key. In production it comes from HUBLINE_MASTER_KEY
 * (base64, 32 bytes), kept in a secret store apart from the database. On the embedded default it is
 * generated on first start and kept in `<dataDir>/keys/master.key`, beside the data it protects:
 * fine for trying Hubline, not for real data, and the start-up log says so.
 */
export function loadMasterKey(options: { fromEnvironment?: string; dataDir: string; allowGenerated: boolean }): MasterKey {
  if (options.fromEnvironment) {
    const key = Buffer.from(options.fromEnvironment, 'base64');
    if (key.length !== 32) throw new Error('HUBLINE_MASTER_KEY must be 32 bytes, base64-encoded');
    return { key, source: 'environment' };
  }
  if (!options.allowGenerated) throw new Error('HUBLINE_MASTER_KEY is required in production');
  const file = path.resolve(options.dataDir, 'keys', 'master.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return { key, source: 'file', file };
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, source: 'generated', file };
}
