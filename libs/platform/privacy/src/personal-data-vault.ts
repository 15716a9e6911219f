import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { JsonValue } from '@hubline/event-store';
import { deriveKey, isSealed, seal, unseal, type Sealed } from './crypto';

/** What a read shows in place of a forgotten person's data. */
export const ERASED = Object.freeze({ erased: true as const });
export type Erased = typeof ERASED;

/** The key that wraps every person's data key, derived from the master key. */
export function wrappingKeyOf(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, 'person-key-wrapping/v1');
}

export class PersonKeyMissingError extends Error {
  constructor(readonly personId: string) {
    super(`no data key for person ${personId}`);
  }
}

/**
 * Crypto-shredding. Each person's personal data (names, addresses, narratives) is sealed with
 * their own AES-256-GCM data key; data keys are stored wrapped by a key derived from the master
 * key. Forgetting a person destroys their data key, so every copy of their data (in events,
 * read models and backups of either) becomes unreadable at once, and nobody else's is touched.
 */
export class PersonalDataVault {
  private readonly wrappingKey: Buffer;

  constructor(
    private readonly db: DataSource,
    masterKey: Buffer,
  ) {
    this.wrappingKey = wrappingKeyOf(masterKey);
  }

  /** Creates the person's data key; calling it again for the same person changes nothing. */
  async createKey(personId: string, partnershipId: string, manager?: EntityManager): Promise<void> {
    const wrapped = seal(this.wrappingKey, randomBytes(32), personId);
    await (manager ?? this.db).query(
      'INSERT INTO privacy.person_keys (person_id, partnership_id, wrapped_key) VALUES ($1, $2, $3) ON CONFLICT (person_id) DO NOTHING',
      [personId, partnershipId, JSON.stringify(wrapped)],
    );
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

  async open<T extends JsonValue>(personId: string, sealed: Sealed | null | undefined): Promise<T | Erased> {
    return (await this.openMany<T>([{ personId, sealed }]))[0];
  }

  /** Destroys the person's data key. Irreversible. */
  async forget(personId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db).query(
      'UPDATE privacy.person_keys SET wrapped_key = NULL, destroyed_at = now() WHERE person_id = $1 AND wrapped_key IS NOT NULL',
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

  private async keys(personIds: string[]): Promise<Map<string, Buffer>> {
    const result = new Map<string, Buffer>();
    if (personIds.length === 0) return result;
    const rows: Array<{ person_id: string; wrapped_key: Sealed | null }> = await this.db.query(
      'SELECT person_id, wrapped_key FROM privacy.person_keys WHERE person_id = ANY($1::uuid[])',
      [personIds],
    );
    for (const row of rows) {
      if (row.wrapped_key) result.set(row.person_id, unseal(this.wrappingKey, row.wrapped_key, row.person_id));
    }
    return result;
  }
}

export function isErased(value: unknown): value is Erased {
  return typeof value === 'object' && value !== null && (value as Erased).erased === true;
}
