import type { DataSource } from 'typeorm';
import { StartUpRefusedError } from '@hubline/errors';
import { deriveKey, hmacHex, unseal, type Sealed } from './crypto';
import { generateMasterKey, masterKeyName, readMasterKey, type MasterKey, type MasterKeyOptions } from './master-key';
import { KeyEpochFileError, readKeyEpochFile } from './key-epoch-files';
import { wrappingKeyOf } from './key-epochs';

/** HMAC-SHA-256, under a key derived from the master key, of a constant: shows which key is in use without revealing it. */
export function masterKeyCheckValue(master: Buffer): string {
  return hmacHex(deriveKey(master, 'master-key-check/v1'), 'hubline master key check v1');
}

/** A short id of a key for messages: the start of its check value. */
export const masterKeyId = (checkValue: string) => checkValue.slice(0, 16);

const RESTORE =
  'Restore the master key that was in use (the file from a backup, or the value of HUBLINE_MASTER_KEY from the secret store); Hubline never generates a new one while data exists.';

/** Whether the key is usable; when it is not, the reason (thrown at start-up, before anything is served). */
export type MasterKeyOutcome =
  { master: MasterKey; refusal?: undefined } | { master?: undefined; refusal: StartUpRefusedError };

/**
 * Opens the master key against the database, before it wraps or unwraps anything. The database
 * keeps a check value of the first key set (`privacy.master_key_check`); a key whose check value
 * differs does not open the data keys stored, and the service refuses to start. A database from
 * before the check value was kept is checked by unwrapping one stored data key (or opening the
 * current key epoch's file, which the master key wraps), then gets one.
 * A missing key file is regenerated only while the database holds no data key and no check value:
 * a new key would make every person unreadable, and people written under it would be lost when
 * the old key came back.
 */
export async function openMasterKey(
  db: DataSource,
  options: MasterKeyOptions & { keyEpochDirectory: string },
): Promise<MasterKeyOutcome> {
  try {
    return await checkMasterKey(db, options);
  } catch (error) {
    // A key that cannot be used (a file that is not one, a variable that holds none, a key folder
    // that cannot be made): refused at initialisation, as one line.
    if (error instanceof StartUpRefusedError) return { refusal: error };
    throw error;
  }
}

async function checkMasterKey(
  db: DataSource,
  options: MasterKeyOptions & { keyEpochDirectory: string },
): Promise<MasterKeyOutcome> {
  const name = masterKeyName(options);
  const [stored] = (await db.query('SELECT check_value FROM privacy.master_key_check')) as Array<{
    check_value: string;
  }>;
  const [{ people }] = (await db.query(
    'SELECT count(*)::int AS people FROM privacy.person_keys WHERE wrapped_key IS NOT NULL',
  )) as Array<{ people: number }>;
  const data = stored
    ? `the data keys of the ${people} people already stored (this database was set up with master key ${masterKeyId(stored.check_value)})`
    : `the data keys of the ${people} people already stored`;

  let master = readMasterKey(options);
  if (!master) {
    if (stored || people > 0)
      return {
        refusal: new StartUpRefusedError(`${name} is missing, but ${data} are wrapped by a master key. ${RESTORE}`),
      };
    master = generateMasterKey(options.dataDir);
  }
  const check = masterKeyCheckValue(master.key);
  const mismatch = () => ({
    refusal: new StartUpRefusedError(`${name} (master key ${masterKeyId(check)}) does not match ${data}. ${RESTORE}`),
  });
  if (stored) return stored.check_value === check ? { master } : mismatch();

  const [sample] = (await db.query(
    'SELECT person_id, wrapped_key FROM privacy.person_keys WHERE wrapped_key IS NOT NULL AND epoch_id IS NULL ORDER BY created_at DESC LIMIT 1',
  )) as Array<{ person_id: string; wrapped_key: Sealed }>;
  if (sample && !opens(master.key, sample)) return mismatch();
  const [epoch] = (await db.query('SELECT epoch_id FROM privacy.key_epochs ORDER BY epoch_id DESC LIMIT 1')) as Array<{
    epoch_id: number;
  }>;
  if (epoch && !opensEpoch(master.key, options.keyEpochDirectory, epoch.epoch_id)) return mismatch();
  // The first key set, or a database from before check values: record it. A process that raced us with another key loses here.
  await db.query('INSERT INTO privacy.master_key_check (check_value) VALUES ($1) ON CONFLICT DO NOTHING', [check]);
  const [kept] = (await db.query('SELECT check_value FROM privacy.master_key_check')) as Array<{ check_value: string }>;
  return kept.check_value === check ? { master } : mismatch();
}

/** A missing file is not the master key's fault: the key epochs' own check reports it. */
function opensEpoch(master: Buffer, directory: string, epochId: number): boolean {
  try {
    readKeyEpochFile(master, directory, epochId);
    return true;
  } catch (error) {
    if (error instanceof KeyEpochFileError) return false;
    throw error;
  }
}

function opens(master: Buffer, row: { person_id: string; wrapped_key: Sealed }): boolean {
  try {
    unseal(wrappingKeyOf(master), row.wrapped_key, row.person_id);
    return true;
  } catch {
    return false;
  }
}
