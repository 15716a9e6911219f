import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, eventually } from '@hubline/testing';
import { keyEpochFileIds } from './key-epoch-files';
import { KeyEpochs } from './key-epochs';
import { PersonalDataVault } from './personal-data-vault';
import { PRIVACY_MIGRATIONS } from './index';
import { planOf, statementsThrough } from '../../../../test/support/statements';

describe('KeyEpochs against concurrent writers', () => {
  let db: DataSource;
  const master = randomBytes(32);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'hubline-epochs-'));
  let epochs: KeyEpochs;
  let vault: PersonalDataVault;

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase('epochs'), migrations: PRIVACY_MIGRATIONS });
    await db.initialize();
    await db.runMigrations();
    epochs = new KeyEpochs(db, master, directory);
    expect(await epochs.open()).toBeNull();
    vault = new PersonalDataVault(db, epochs);
  });
  afterAll(() => db?.destroy());

  it('a registration wrapping under the old epoch while it turns is waited for and re-wrapped, never left under a destroyed key', async () => {
    const personId = randomUUID();
    const { currentEpochId: old } = await epochs.state();
    const registration = db.createQueryRunner();
    await registration.connect();
    await registration.startTransaction();
    await vault.createKey(personId, randomUUID(), registration.manager);
    const sealed = await (async () => {
      const turning = epochs.turn();
      // The turn re-wraps what it can see, then waits for the registration, which holds the old epoch.
      await eventually(async () => {
        const [{ waiting }] = await db.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        expect(waiting).toBe(1);
      });
      await registration.commitTransaction();
      await registration.release();
      const turn = await turning;
      expect(turn).toMatchObject({ destroyed: [old] });
      const [row] = await db.query('SELECT epoch_id FROM privacy.person_keys WHERE person_id = $1', [personId]);
      expect(row.epoch_id).toBe(turn!.epochId);
      return vault.seal(personId, { name: 'Ottoline Brackwater' });
    })();
    // A process with nothing cached reads it with the key directory as it is now.
    const fresh = new PersonalDataVault(db, new KeyEpochs(db, master, directory));
    expect(await fresh.open(personId, sealed)).toEqual({ name: 'Ottoline Brackwater' });
  });

  it('a forget stamps a time within the current epoch, so it makes a turn due', async () => {
    const personId = randomUUID();
    await vault.createKey(personId, randomUUID());
    expect((await epochs.state()).firstErasureSince).toBeNull();
    await vault.forget(personId);
    const { firstErasureSince, currentSince } = await epochs.state();
    expect(firstErasureSince!.getTime()).toBeGreaterThanOrEqual(currentSince!.getTime());
  });

  it("a destroy that stopped after deleting the epoch's row, before its file, has the file removed at the next start", async () => {
    const { currentEpochId: old } = await epochs.state();
    const next = await epochs.beginEpoch();
    await epochs.rewrap();
    await db.query('DELETE FROM privacy.key_epochs WHERE epoch_id = $1', [old]); // committed; then the process stops
    expect(keyEpochFileIds(directory)).toEqual(expect.arrayContaining([old, next]));

    expect(await new KeyEpochs(db, master, directory).open()).toBeNull();
    expect(keyEpochFileIds(directory)).toEqual([next]);
  });
});

describe('KeyEpochs at start-up on a database with many people forgotten', () => {
  let db: DataSource;
  const master = randomBytes(32);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'hubline-epochs-'));

  beforeAll(async () => {
    db = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('epochs_index'),
      migrations: PRIVACY_MIGRATIONS,
    });
    await db.initialize();
    await db.runMigrations();
    expect(await new KeyEpochs(db, master, directory).open()).toBeNull();
    const vault = new PersonalDataVault(db, new KeyEpochs(db, master, directory));
    for (let i = 0; i < 5; i++) await vault.createKey(randomUUID(), randomUUID());
    // 20,000 people whose keys were destroyed: outside the epoch index.
    await db.query(
      `INSERT INTO privacy.person_keys (person_id, partnership_id, wrapped_key, epoch_id, destroyed_at)
       SELECT gen_random_uuid(), gen_random_uuid(), NULL, NULL, now() FROM generate_series(1, 20000)`,
    );
    await db.query('ANALYZE privacy.person_keys');
  });
  afterAll(() => db?.destroy());

  it("counts each epoch's keys through the epoch index", async () => {
    let refusal: unknown;
    const sent = await statementsThrough(db, async () => {
      refusal = await new KeyEpochs(db, master, directory).open();
    });
    expect(refusal).toBeNull();
    const counts = sent.filter((s) => /count\(\*\).*FROM privacy\.person_keys WHERE epoch_id = \$1/s.test(s.sql));
    expect(counts).toHaveLength(1);
    expect(await planOf(db, counts[0])).toMatch(/Index (Only )?Scan (using|on) person_keys_epoch_idx/);
    const [{ people }] = await db.query(
      'SELECT count(*)::int AS people FROM privacy.person_keys WHERE epoch_id IS NOT NULL',
    );
    expect(people).toBe(5);
  });
});
