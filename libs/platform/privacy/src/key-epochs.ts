import type { DataSource, EntityManager } from 'typeorm';
import { StartUpRefusedError } from '@hubline/errors';
import { deriveKey, seal, unseal, type Sealed } from './crypto';
import {
  createKeyEpochFile,
  destroyKeyEpochFile,
  keyEpochCheckValue,
  keyEpochFileIds,
  KeyEpochFileError,
  readKeyEpochFile,
} from './key-epoch-files';

/** The key that wrapped data keys before epochs, derived from the master key; only read, to move them into an epoch. */
export function wrappingKeyOf(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, 'person-key-wrapping/v1');
}

/** A stored data key: wrapped under an epoch, or (before the upgrade) by the master key directly when `epoch_id` is null. */
export interface WrappedKeyRow {
  person_id: string;
  wrapped_key: Sealed;
  epoch_id: number | null;
}

/** The epoch's key is gone (destroyed by a turn elsewhere since the row was read): read the row again. */
export class KeyEpochGoneError extends Error {
  constructor(readonly epochId: number) {
    super(`key epoch ${epochId} has been destroyed`);
  }
}

export interface KeyEpochTurn {
  /** The epoch every surviving data key is now wrapped under. */
  epochId: number;
  rewrapped: number;
  /** Epochs whose keys were destroyed. */
  destroyed: number[];
}

/** What decides whether an epoch is due to turn (keyEpochTurnDue). */
export interface KeyEpochState {
  /** More than one means a turn stopped between creating an epoch and destroying the old one. */
  liveEpochs: number;
  currentEpochId: number | null;
  currentSince: Date | null;
  /** The first data key destroyed since the current epoch began, if any. */
  firstErasureSince: Date | null;
}

const LOCK = 'hubline:key-epochs';
const BATCH = 500;
const dataKeyContext = (personId: string, epochId: number) => `${personId}/key-epoch/${epochId}`;

/**
 * Master-key epochs (docs/decisions/0017-key-epochs.md). Every data key is wrapped under the key
 * of an epoch; the epoch keys are random, kept only in the key directory (wrapped by the master
 * key), never in the database. Turning the epoch creates a new epoch key, re-wraps every surviving
 * data key under it, then deletes the old epoch's row and destroys its file. From then on a data
 * key left in the WAL, a replica or a backup from before the turn (a forgotten person's included)
 * opens nothing, even with the master key. One turn at a time across every instance, by a
 * PostgreSQL advisory lock; every step leaves every data key readable, so a turn that stops
 * anywhere is finished by the next.
 */
export class KeyEpochs {
  private readonly keys = new Map<number, Buffer>();

  constructor(
    private readonly db: DataSource,
    private readonly master: Buffer,
    readonly directory: string,
  ) {}

  /**
   * At start-up: refuses when a live epoch's key file is missing or is not the one recorded; on a
   * database without epochs, creates epoch 1 and moves the data keys wrapped by the master key
   * directly into it; removes the files of epochs that no longer exist.
   */
  async open(): Promise<StartUpRefusedError | null> {
    return this.locked(true, async () => {
      const live = await this.liveEpochs();
      for (const epoch of live) {
        const refusal = await this.check(epoch);
        if (refusal) return refusal;
      }
      if (live.length === 0) await this.beginEpoch();
      await this.rewrap();
      this.removeStrayFiles(await this.liveEpochs());
      return null;
    }) as Promise<StartUpRefusedError | null>;
  }

  /** Turns the epoch now; null when another instance is turning it. */
  async turn(): Promise<KeyEpochTurn | null> {
    return this.locked(false, async () => {
      const epochId = await this.beginEpoch();
      const rewrapped = await this.rewrap();
      const destroyed = await this.destroyRetired();
      return { epochId, rewrapped, destroyed };
    });
  }

  /** Step one of a turn: a new epoch, current from now on (new data keys are wrapped under it). */
  async beginEpoch(): Promise<number> {
    const [{ id }] = (await this.db.query(
      "SELECT nextval(pg_get_serial_sequence('privacy.key_epochs', 'epoch_id'))::int AS id",
    )) as Array<{ id: number }>;
    // The file first: a row is never without its key. A file without a row wraps nothing and is removed later.
    const key = createKeyEpochFile(this.master, this.directory, id);
    await this.db.query(
      'INSERT INTO privacy.key_epochs (epoch_id, check_value, created_at) VALUES ($1, $2, clock_timestamp())',
      [id, keyEpochCheckValue(key, id)],
    );
    this.keys.set(id, key);
    return id;
  }

  /** Step two: re-wraps, in batches of one transaction each, every data key not under the current epoch. */
  async rewrap(): Promise<number> {
    const current = await this.currentEpoch();
    if (current === null) throw new Error('no key epoch');
    let total = 0;
    for (;;) {
      const moved = await this.db.transaction(async (m) => {
        const rows = (await m.query(
          `SELECT person_id, wrapped_key, epoch_id FROM privacy.person_keys
            WHERE wrapped_key IS NOT NULL AND epoch_id IS DISTINCT FROM $1
            ORDER BY person_id LIMIT ${BATCH} FOR UPDATE`,
          [current],
        )) as WrappedKeyRow[];
        await this.rewrapRows(m, rows, current);
        return rows.length;
      });
      total += moved;
      if (moved === 0) return total;
    }
  }

  /**
   * Step three: deletes every epoch older than the current one and destroys its key. Each delete
   * first waits for registrations still wrapping under the epoch (they hold its row) and for
   * writers of data keys, re-wraps what they left under it, and is refused by the foreign key
   * should any data key still name it; only after it commits is the file destroyed.
   */
  async destroyRetired(): Promise<number[]> {
    const current = await this.currentEpoch();
    const destroyed: number[] = [];
    for (const epoch of await this.liveEpochs()) {
      if (epoch.epoch_id === current) continue;
      await this.db.transaction(async (m) => {
        await m.query('SELECT epoch_id FROM privacy.key_epochs WHERE epoch_id = $1 FOR UPDATE', [epoch.epoch_id]);
        await m.query('LOCK TABLE privacy.person_keys IN SHARE MODE');
        const left = (await m.query(
          'SELECT person_id, wrapped_key, epoch_id FROM privacy.person_keys WHERE wrapped_key IS NOT NULL AND epoch_id IS NOT DISTINCT FROM $1',
          [epoch.epoch_id],
        )) as WrappedKeyRow[];
        await this.rewrapRows(m, left, current!);
        await m.query('DELETE FROM privacy.key_epochs WHERE epoch_id = $1', [epoch.epoch_id]);
      });
      destroyKeyEpochFile(this.directory, epoch.epoch_id);
      this.keys.delete(epoch.epoch_id);
      destroyed.push(epoch.epoch_id);
    }
    this.removeStrayFiles(await this.liveEpochs());
    return destroyed;
  }

  /**
   * Wraps a new data key under the current epoch, inside the caller's transaction: the epoch's row
   * stays locked (FOR KEY SHARE) until it commits, so a turn cannot destroy the epoch in between.
   */
  async wrapNew(m: EntityManager, personId: string, dataKey: Buffer): Promise<{ epochId: number; wrapped: Sealed }> {
    for (;;) {
      // The newest row may be deleted while we wait for its lock; then nothing comes back, and we look again.
      const [row] = (await m.query(
        'SELECT epoch_id FROM privacy.key_epochs ORDER BY epoch_id DESC LIMIT 1 FOR KEY SHARE',
      )) as Array<{ epoch_id: number }>;
      if (!row) {
        if ((await this.liveEpochs(m)).length === 0)
          throw new Error('no key epoch: the service has not opened its keys');
        continue;
      }
      const key = await this.keyOf(row.epoch_id);
      return { epochId: row.epoch_id, wrapped: seal(key, dataKey, dataKeyContext(personId, row.epoch_id)) };
    }
  }

  async unwrap(row: WrappedKeyRow): Promise<Buffer> {
    if (row.epoch_id === null) return unseal(wrappingKeyOf(this.master), row.wrapped_key, row.person_id);
    return unseal(await this.keyOf(row.epoch_id), row.wrapped_key, dataKeyContext(row.person_id, row.epoch_id));
  }

  async state(): Promise<KeyEpochState> {
    const [row] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM privacy.key_epochs) AS live,
              e.epoch_id, e.created_at,
              (SELECT min(destroyed_at) FROM privacy.person_keys WHERE destroyed_at >= e.created_at) AS first_erasure
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT epoch_id, created_at FROM privacy.key_epochs ORDER BY epoch_id DESC LIMIT 1) e ON true`,
    )) as Array<{ live: number; epoch_id: number | null; created_at: Date | null; first_erasure: Date | null }>;
    return {
      liveEpochs: row.live,
      currentEpochId: row.epoch_id,
      currentSince: row.created_at,
      firstErasureSince: row.first_erasure,
    };
  }

  /** Forgets cached keys of epochs destroyed by another instance. */
  async dropDestroyed(): Promise<void> {
    const live = new Set((await this.liveEpochs()).map((e) => e.epoch_id));
    for (const id of this.keys.keys()) if (!live.has(id)) this.keys.delete(id);
  }

  private async keyOf(epochId: number): Promise<Buffer> {
    const cached = this.keys.get(epochId);
    if (cached) return cached;
    const key = readKeyEpochFile(this.master, this.directory, epochId);
    if (!key) throw new KeyEpochGoneError(epochId);
    this.keys.set(epochId, key);
    return key;
  }

  private async rewrapRows(m: EntityManager, rows: WrappedKeyRow[], epochId: number): Promise<void> {
    if (rows.length === 0) return;
    const target = await this.keyOf(epochId);
    const rewrapped: string[] = [];
    for (const row of rows) {
      const dataKey = await this.unwrap(row);
      rewrapped.push(JSON.stringify(seal(target, dataKey, dataKeyContext(row.person_id, epochId))));
    }
    await m.query(
      `UPDATE privacy.person_keys k SET wrapped_key = r.wrapped_key::jsonb, epoch_id = $3
         FROM unnest($1::uuid[], $2::text[]) AS r (person_id, wrapped_key)
        WHERE k.person_id = r.person_id AND k.wrapped_key IS NOT NULL`,
      [rows.map((r) => r.person_id), rewrapped, epochId],
    );
  }

  private async check(epoch: { epoch_id: number; check_value: string }): Promise<StartUpRefusedError | null> {
    // The epoch index is partial (wrapped_key IS NOT NULL), and PostgreSQL uses it only for a
    // statement that says so; a key with an epoch always has its wrapped key (a check says so), so
    // the count is the same.
    const [{ people }] = (await this.db.query(
      'SELECT count(*)::int AS people FROM privacy.person_keys WHERE epoch_id = $1 AND wrapped_key IS NOT NULL',
      [epoch.epoch_id],
    )) as Array<{ people: number }>;
    const restore = `Restore the key directory ${this.directory} from its latest backup (it must hold the file of every epoch the database names).`;
    let key: Buffer | null;
    try {
      key = readKeyEpochFile(this.master, this.directory, epoch.epoch_id);
    } catch (error) {
      if (!(error instanceof KeyEpochFileError)) throw error;
      return new StartUpRefusedError(
        `${error.message}, but key epoch ${epoch.epoch_id} wraps the data keys of ${people} people. ${restore}`,
      );
    }
    if (!key)
      return new StartUpRefusedError(
        `the key of epoch ${epoch.epoch_id} is missing from ${this.directory}, but it wraps the data keys of ${people} people. ${restore}`,
      );
    if (keyEpochCheckValue(key, epoch.epoch_id) !== epoch.check_value)
      return new StartUpRefusedError(
        `the key file of epoch ${epoch.epoch_id} in ${this.directory} is not the one this database recorded; it wraps the data keys of ${people} people. ${restore}`,
      );
    this.keys.set(epoch.epoch_id, key);
    return null;
  }

  /** Files of epochs that no longer exist (a destroy that stopped before removing the file, or an epoch that was never recorded). */
  private removeStrayFiles(live: Array<{ epoch_id: number }>): void {
    const ids = new Set(live.map((e) => e.epoch_id));
    const newest = Math.max(0, ...ids);
    for (const id of keyEpochFileIds(this.directory)) {
      if (!ids.has(id) && id < newest) destroyKeyEpochFile(this.directory, id);
    }
  }

  private async currentEpoch(): Promise<number | null> {
    const live = await this.liveEpochs();
    return live.length ? live[live.length - 1].epoch_id : null;
  }

  private async liveEpochs(
    m: EntityManager | DataSource = this.db,
  ): Promise<Array<{ epoch_id: number; check_value: string }>> {
    return (await m.query('SELECT epoch_id, check_value FROM privacy.key_epochs ORDER BY epoch_id')) as Array<{
      epoch_id: number;
      check_value: string;
    }>;
  }

  /** Runs `work` holding the advisory lock (waiting for it, or giving up with null when `wait` is false). */
  private async locked<T>(wait: boolean, work: () => Promise<T>): Promise<T | null> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      if (wait) await runner.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK]);
      else {
        const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
          LOCK,
        ])) as Array<{
          locked: boolean;
        }>;
        if (!locked) return null;
      }
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}

export interface KeyEpochPolicy {
  /** Days an epoch lasts; 0: no scheduled turn. */
  epochDays: number;
  /** Minutes after the first erasure of an epoch until it turns (erasures in the meantime share the turn). */
  afterErasureMinutes: number;
}

/** Why the epoch should turn now, or null when it need not. */
export function keyEpochTurnDue(
  state: KeyEpochState,
  policy: KeyEpochPolicy,
  now: Date,
): 'unfinished' | 'erasure' | 'schedule' | null {
  if (state.liveEpochs > 1) return 'unfinished';
  if (
    state.firstErasureSince &&
    now.getTime() - state.firstErasureSince.getTime() >= policy.afterErasureMinutes * 60_000
  )
    return 'erasure';
  if (
    policy.epochDays > 0 &&
    state.currentSince &&
    now.getTime() - state.currentSince.getTime() >= policy.epochDays * 86_400_000
  )
    return 'schedule';
  return null;
}
