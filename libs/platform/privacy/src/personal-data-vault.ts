import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { JsonValue } from '@hubline/event-store';
import { isSealed, seal, unseal, type Sealed } from './crypto';
import { KeyEpochGoneError, type KeyEpochs, type WrappedKeyRow } from './key-epochs';

/** What a read shows in place of a forgotten person's data. */
export const ERASED = Object.freeze({ erased: true as const });
export type Erased = typeof ERASED;

export class PersonKeyMissingError extends Error {
  constructor(readonly personId: string) {
    super(`no data key for person ${personId}`);
  }
}

/** A person's wrapped data key as `personKeyColumn` reads it; `wrapped_key` is null once forgotten. */
export interface PersonKeyColumn {
  wrapped_key: Sealed | null;
  epoch_id: number | null;
}

/** A column for a query that reads people: the person's wrapped data key, for `openManyWithKeys`. */
export const personKeyColumn = (personColumn: string): string =>
  `(SELECT json_build_object('wrapped_key', k.wrapped_key, 'epoch_id', k.epoch_id) FROM privacy.person_keys k WHERE k.person_id = ${personColumn})`;

/**
 * Crypto-shredding. Each person's personal data (names, addresses, narratives) is sealed with
 * their own AES-256-GCM data key; data keys are stored wrapped under the key of the current key
 * epoch (key-epochs.ts). Forgetting a person destroys their data key, so every copy of their data
 * (in events and read models) becomes unreadable at once, and nobody else's is touched; copies of
 * the wrapped key left in the WAL or in backups open nothing once the epoch turns.
 */
export class PersonalDataVault {
  constructor(
    private readonly db: DataSource,
    private readonly epochs: KeyEpochs,
  ) {}

  /** Creates the person's data key; calling it again for the same person changes nothing. */
  async createKey(personId: string, partnershipId: string, manager?: EntityManager): Promise<void> {
    const create = async (m: EntityManager) => {
      const { epochId, wrapped } = await this.epochs.wrapNew(m, personId, randomBytes(32));
      await m.query(
        'INSERT INTO privacy.person_keys (person_id, partnership_id, wrapped_key, epoch_id) VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO NOTHING',
        [personId, partnershipId, JSON.stringify(wrapped), epochId],
      );
    };
    // In a transaction, so the epoch's row stays locked until the key is stored.
    if (manager?.queryRunner?.isTransactionActive) await create(manager);
    else await (manager ?? this.db.manager).transaction(create);
  }

  async seal(personId: string, value: JsonValue): Promise<Sealed> {
    const key = (await this.keys([personId])).get(personId);
    if (!key) throw new PersonKeyMissingError(personId);
    return seal(key, Buffer.from(JSON.stringify(value), 'utf8'), personId);
  }

  /** Opens sealed values of many people with one key look-up; a forgotten person's come back ERASED. */
  async openMany<T extends JsonValue>(
    items: Array<{ personId: string; sealed: Sealed | null | undefined }>,
  ): Promise<Array<T | Erased>> {
    const keys = await this.keys([...new Set(items.map((i) => i.personId))]);
    return items.map(({ personId, sealed }) => {
      const key = keys.get(personId);
      if (!key || !sealed || !isSealed(sealed)) return ERASED;
      return JSON.parse(unseal(key, sealed, personId).toString('utf8')) as T;
    });
  }

  /**
   * Opens sealed values with the wrapped keys the caller read in its own query
   * (`personKeyColumn`), saving the key look-up's round trip. A key whose epoch was destroyed
   * since (a turn elsewhere re-wrapped it) is read again.
   */
  async openManyWithKeys<T extends JsonValue>(
    items: Array<{ personId: string; sealed: Sealed | null | undefined; key: PersonKeyColumn | null }>,
  ): Promise<Array<T | Erased>> {
    const keys = new Map<string, Buffer>();
    try {
      for (const { personId, key } of items)
        if (key?.wrapped_key && !keys.has(personId))
          keys.set(
            personId,
            await this.epochs.unwrap({ person_id: personId, wrapped_key: key.wrapped_key, epoch_id: key.epoch_id }),
          );
    } catch (error) {
      if (error instanceof KeyEpochGoneError) return this.openMany(items);
      throw error;
    }
    return items.map(({ personId, sealed }) => {
      const key = keys.get(personId);
      if (!key || !sealed || !isSealed(sealed)) return ERASED;
      return JSON.parse(unseal(key, sealed, personId).toString('utf8')) as T;
    });
  }

  async open<T extends JsonValue>(personId: string, sealed: Sealed | null | undefined): Promise<T | Erased> {
    return (await this.openMany<T>([{ personId, sealed }]))[0];
  }

  /**
   * Destroys the person's data key. Irreversible once the key epoch turns (soon after: see
   * KeyEpochSchedule); the time is the clock's, not the transaction's, so a turn that re-wrapped
   * the key before this erasure is followed by another.
   */
  async forget(personId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db).query(
      'UPDATE privacy.person_keys SET wrapped_key = NULL, epoch_id = NULL, destroyed_at = clock_timestamp() WHERE person_id = $1 AND wrapped_key IS NOT NULL',
      [personId],
    );
  }

  async isForgotten(personId: string): Promise<boolean> {
    const rows: Array<{ destroyed: boolean }> = await this.db.query(
      'SELECT destroyed_at IS NOT NULL AS destroyed FROM privacy.person_keys WHERE person_id = $1',
      [personId],
    );
    return rows[0]?.destroyed ?? false;
  }

  private async keys(personIds: string[], retried = false): Promise<Map<string, Buffer>> {
    const result = new Map<string, Buffer>();
    if (personIds.length === 0) return result;
    const rows: Array<Omit<WrappedKeyRow, 'wrapped_key'> & { wrapped_key: Sealed | null }> = await this.db.query(
      'SELECT person_id, wrapped_key, epoch_id FROM privacy.person_keys WHERE person_id = ANY($1::uuid[])',
      [personIds],
    );
    try {
      for (const row of rows) {
        if (row.wrapped_key)
          result.set(row.person_id, await this.epochs.unwrap({ ...row, wrapped_key: row.wrapped_key }));
      }
    } catch (error) {
      // A turn destroyed the epoch after we read the rows: they are re-wrapped by now.
      if (error instanceof KeyEpochGoneError && !retried) return this.keys(personIds, true);
      throw error;
    }
    return result;
  }
}

export function isErased(value: unknown): value is Erased {
  return typeof value === 'object' && value !== null && (value as Erased).erased === true;
}
