import type { INestApplicationContext } from '@nestjs/common';
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hubline/config';
import { StartUpRefusedError } from '@hubline/errors';
import { createHttpApp } from '@hubline/http';
import {
  KeyEpochs,
  PersonalDataVault,
  keyEpochDirectory,
  keyEpochFileIds,
  masterKeyFile,
  wrappingKeyOf,
  type Sealed,
} from '@hubline/privacy';
import { createTestDatabase } from '@hubline/testing';
import { HubModule } from '../../apps/hub/src/hub.module';

const sealLegacy = (key: Buffer, plaintext: Buffer, context: string): Sealed => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
};

/** A database from before key epochs starts as epoch 1; a key directory without an epoch's file refuses to start. */
describe('key epochs at start-up', () => {
  let databaseUrl: string;
  let dataDir: string;
  let db: DataSource;
  const people = [randomUUID(), randomUUID()];
  const sealed = new Map<string, Sealed>();

  const start = async (): Promise<INestApplicationContext> => {
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      HUBLINE_DATA_DIR: dataDir,
      HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0',
    });
    const app = await createHttpApp(HubModule.register({ config, databaseUrl }), {
      title: 'Hubline',
      description: 'test',
    });
    try {
      await app.init();
    } catch (error) {
      await app.close().catch(() => undefined);
      throw error;
    }
    return app;
  };
  const directory = () => keyEpochDirectory(dataDir);
  const epochsOfKeys = async () =>
    (await db.query('SELECT DISTINCT epoch_id FROM privacy.person_keys ORDER BY 1')).map(
      (r: { epoch_id: number | null }) => r.epoch_id,
    );

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('epochs');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-epochs-'));
    const app = await start();
    const vault = app.get(PersonalDataVault);
    const epochs = app.get(KeyEpochs);
    const dataKeys = new Map<string, Buffer>();
    for (const id of people) {
      await vault.createKey(id, randomUUID());
      sealed.set(id, await vault.seal(id, { name: `person ${id}` }));
    }
    db = new DataSource({ type: 'postgres', url: databaseUrl });
    await db.initialize();
    for (const row of await db.query('SELECT person_id, wrapped_key, epoch_id FROM privacy.person_keys'))
      dataKeys.set(row.person_id, await epochs.unwrap(row));
    await app.close();

    // Make it a database from before epochs: data keys wrapped by the master key directly, no epoch, no epoch file.
    const master = Buffer.from(readFileSync(masterKeyFile(dataDir), 'utf8').trim(), 'base64');
    for (const [id, dataKey] of dataKeys)
      await db.query('UPDATE privacy.person_keys SET wrapped_key = $2, epoch_id = NULL WHERE person_id = $1', [
        id,
        JSON.stringify(sealLegacy(wrappingKeyOf(master), dataKey, id)),
      ]);
    await db.query('DELETE FROM privacy.key_epochs');
    await db.query('ALTER TABLE privacy.key_epochs ALTER COLUMN epoch_id RESTART WITH 1');
    rmSync(directory(), { recursive: true });
  });
  afterAll(() => db?.destroy());

  it('moves data keys wrapped by the master key into epoch 1 on first start, and reads them', async () => {
    expect(await epochsOfKeys()).toEqual([null]);
    const app = await start();
    try {
      expect(await epochsOfKeys()).toEqual([1]);
      expect(keyEpochFileIds(directory())).toEqual([1]);
      const vault = app.get(PersonalDataVault);
      for (const id of people) expect(await vault.open(id, sealed.get(id))).toEqual({ name: `person ${id}` });
    } finally {
      await app.close();
    }
  });

  it("refuses to start without the current epoch's key file, and starts when it is restored", async () => {
    const file = path.join(directory(), 'epoch-1.key');
    copyFileSync(file, `${file}.saved`);
    rmSync(file);
    try {
      const error = await start().then(
        async (app) => {
          await app.close();
          return null;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StartUpRefusedError);
      expect((error as Error).message).toBe(
        `the key of epoch 1 is missing from ${directory()}, but it wraps the data keys of 2 people. Restore the key directory ${directory()} from its latest backup (it must hold the file of every epoch the database names).`,
      );
    } finally {
      copyFileSync(`${file}.saved`, file);
      rmSync(`${file}.saved`);
    }
    const app = await start();
    const vault = app.get(PersonalDataVault);
    expect(await vault.open(people[0], sealed.get(people[0]))).toEqual({ name: `person ${people[0]}` });
    await app.close();
  });
});
