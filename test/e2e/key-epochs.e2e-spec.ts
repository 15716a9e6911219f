import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { seedPartnership, THURROCK } from '@hubline/demo';
import {
  KeyEpochs,
  KeyEpochSchedule,
  PersonalDataVault,
  keyEpochDirectory,
  keyEpochFileIds,
  masterKeyFile,
  readKeyEpochFile,
  wrappingKeyOf,
  type Sealed,
} from '@hubline/privacy';
import { turnKeyEpochCommand } from '../../apps/cli/src/turn-key-epoch.command';
import { TestHub } from '../support/test-hub';

type KeyRow = { person_id: string; wrapped_key: Sealed; epoch_id: number | null };

const open = (key: Buffer, sealed: Sealed, context: string): Buffer => {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
};

/**
 * Erasure that holds against someone with the master key, the key directory as it is now, and an
 * old copy of the database (a backup, a replica, the WAL): the forgotten person's wrapped data key,
 * copied before the erasure, must open nothing once the key epoch has turned.
 */
describe('key epochs: erasure leaves nothing readable', () => {
  let hub: TestHub;
  const pc = 'pc.okafor@essex-police.demo';
  const admin = 'admin@thurrock.demo';
  const hour = 3_600_000;

  beforeAll(async () => {
    hub = await TestHub.start();
    await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
  });
  afterAll(() => hub?.close());

  const master = () => Buffer.from(readFileSync(masterKeyFile(hub.config.dataDir), 'utf8').trim(), 'base64');
  const directory = () => keyEpochDirectory(hub.config.dataDir);
  const epochs = () => hub.app.get(KeyEpochs);
  const schedule = () => hub.app.get(KeyEpochSchedule);
  const register = async (givenName: string, familyName: string): Promise<string> => {
    const res = await hub.as(pc, {
      method: 'POST',
      url: '/people',
      body: { givenName, familyName, dateOfBirth: '1971-04-09' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().personId;
  };
  const keyRow = async (personId: string): Promise<KeyRow> =>
    (
      await hub.db.query('SELECT person_id, wrapped_key, epoch_id FROM privacy.person_keys WHERE person_id = $1', [
        personId,
      ])
    )[0];
  const registeredDetails = async (personId: string): Promise<Sealed> =>
    (
      await hub.db.query(`SELECT data FROM event_store.events WHERE stream_id = $1 AND type = 'PersonRegistered'`, [
        `person-${personId}`,
      ])
    )[0].data.personal;
  const liveEpochs = async (): Promise<number[]> =>
    (await hub.db.query('SELECT epoch_id FROM privacy.key_epochs ORDER BY epoch_id')).map(
      (r: { epoch_id: number }) => r.epoch_id,
    );

  /**
   * What an attacker opens with a captured key row: every key that can be had today from the master
   * key (the wrapping of keys from before epochs) and the key directory (every epoch file in it).
   * Returns the person's registered details in clear, or null.
   */
  const attack = async (row: KeyRow): Promise<string | null> => {
    const candidates: Array<[Buffer, string]> = [[wrappingKeyOf(master()), row.person_id]];
    for (const id of keyEpochFileIds(directory())) {
      const key = readKeyEpochFile(master(), directory(), id)!;
      candidates.push([key, `${row.person_id}/key-epoch/${row.epoch_id}`], [key, `${row.person_id}/key-epoch/${id}`]);
    }
    for (const [key, context] of candidates) {
      try {
        const dataKey = open(key, row.wrapped_key, context);
        return open(dataKey, await registeredDetails(row.person_id), row.person_id).toString('utf8');
      } catch {
        // not this one
      }
    }
    return null;
  };
  const profile = (personId: string) => hub.as(pc, { url: `/people/${personId}?purpose=case_management` });

  it('after the turn that follows a forget, a copy of the forgotten key opens nothing; the others still read', async () => {
    const forgottenId = await register('Philippa', 'Wrenshaw-Ambleton');
    const survivorId = await register('Osric', 'Thistlewood');
    await hub.settle();
    const backup = await keyRow(forgottenId); // as a backup taken before the erasure holds it
    expect(backup.epoch_id).toEqual(expect.any(Number));
    expect(await attack(backup)).toContain('Wrenshaw-Ambleton'); // the attack works on keys still in use

    const forgotten = await hub.as(admin, {
      method: 'POST',
      url: `/people/${forgottenId}/forget`,
      body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'No longer needed for the purpose' },
    });
    expect(forgotten.statusCode).toBe(200);
    const { destroyed_at: erasedAt } = (
      await hub.db.query('SELECT destroyed_at FROM privacy.person_keys WHERE person_id = $1', [forgottenId])
    )[0] as { destroyed_at: Date };
    // The window: until the epoch turns, the backup's copy still opens with the keys kept today.
    expect(await attack(backup)).toContain('Wrenshaw-Ambleton');

    // A forget schedules a turn HUBLINE_KEY_EPOCH_AFTER_ERASURE_MINUTES (60) later, not before.
    expect(await schedule().tick(new Date(erasedAt.getTime() + 59 * 60_000))).toBeNull();
    const turn = await schedule().tick(new Date(erasedAt.getTime() + hour));
    expect(turn).toMatchObject({ destroyed: [backup.epoch_id] });
    expect(await liveEpochs()).toEqual([turn!.epochId]);
    expect(existsSync(`${directory()}/epoch-${backup.epoch_id}.key`)).toBe(false);
    expect(keyEpochFileIds(directory())).toEqual([turn!.epochId]);

    expect(await attack(backup)).toBeNull();
    const survivor = await keyRow(survivorId);
    expect(survivor.epoch_id).toBe(turn!.epochId);
    expect(await attack(survivor)).toContain('Thistlewood');
    expect((await profile(survivorId)).json()).toMatchObject({ personId: survivorId, givenName: 'Osric' });
    expect((await profile(forgottenId)).json()).toMatchObject({ personId: forgottenId, erased: true });
    // Nothing more to turn for until the next erasure or the schedule.
    expect(await schedule().tick(new Date(erasedAt.getTime() + 2 * hour))).toBeNull();
  });

  it('turns on schedule, HUBLINE_KEY_EPOCH_DAYS (7) after the epoch began', async () => {
    const { currentSince, currentEpochId } = await epochs().state();
    expect(await schedule().tick(new Date(currentSince!.getTime() + 7 * 24 * hour - 60_000))).toBeNull();
    const turn = await schedule().tick(new Date(currentSince!.getTime() + 7 * 24 * hour));
    expect(turn).toMatchObject({ destroyed: [currentEpochId] });
  });

  it('a turn stopped between re-wrapping and destroying leaves every key readable, and the next look finishes it', async () => {
    const personId = await register('Gwendolyn', 'Harrowgate');
    await hub.settle();
    const before = await liveEpochs();
    const newEpoch = await epochs().beginEpoch();
    await epochs().rewrap();
    // The process stops here. Another one, with nothing cached, reads everyone.
    const fresh = new PersonalDataVault(hub.db, new KeyEpochs(hub.db, master(), directory()));
    const stored: Array<{ person_id: string; personal: Sealed }> = await hub.db.query(
      'SELECT person_id, personal FROM people.people WHERE personal IS NOT NULL',
    );
    expect(stored.length).toBeGreaterThanOrEqual(2);
    const opened = await fresh.openMany(stored.map((r) => ({ personId: r.person_id, sealed: r.personal })));
    expect(opened).not.toContainEqual({ erased: true });
    expect(JSON.stringify(opened)).toContain('Harrowgate');
    expect(await liveEpochs()).toEqual([...before, newEpoch]);
    expect((await keyRow(personId)).epoch_id).toBe(newEpoch);

    const turn = await schedule().tick(); // due at once: a turn did not finish
    expect(turn?.destroyed).toEqual(expect.arrayContaining([...before, newEpoch]));
    expect(await liveEpochs()).toEqual([turn!.epochId]);
    expect((await profile(personId)).json()).toMatchObject({ givenName: 'Gwendolyn', familyName: 'Harrowgate' });
  });

  it('turns on demand from the command line (npm run hubline -- turn-key-epoch), the hub reading on', async () => {
    const [before] = await liveEpochs();
    const out: string[] = [];
    const code = await turnKeyEpochCommand(hub.config, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    const [after] = await liveEpochs();
    expect(after).toBeGreaterThan(before);
    expect(out).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Key epoch ${after} is current: \\d+ data keys re-wrapped under it; destroyed the keys of epoch ${before}\\.$`,
        ),
      ),
    ]);
    // The running hub reads the new epoch's key from the directory.
    const personId = await register('Ambrose', 'Kettleby');
    expect((await keyRow(personId)).epoch_id).toBe(after);
    await hub.settle();
    expect((await profile(personId)).json()).toMatchObject({ givenName: 'Ambrose' });
  });
});
