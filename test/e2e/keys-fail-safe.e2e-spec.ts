import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { localSigningKeyFile } from '@hubline/access';
import { AuditService, auditSigningKeyFile } from '@hubline/audit';
import { loadConfig } from '@hubline/config';
import { StartUpRefusedError } from '@hubline/errors';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { createHttpApp } from '@hubline/http';
import { PersonalDataVault, masterKeyFile } from '@hubline/privacy';
import { createTestDatabase } from '@hubline/testing';
import { HubModule } from '../../apps/hub/src/hub.module';

/**
 * The hub restarted on a database with data, with its keys swapped: it must refuse to start rather
 * than generate or use a key that does not open (or verify) what is stored.
 */
describe('keys fail safe at start-up', () => {
  let databaseUrl: string;
  let dataDir: string;
  let masterFile: string;
  let signingFile: string;
  let masterKeyText: string;
  let signingKeyText: string;
  const personId = randomUUID();

  const start = async (env: Record<string, string> = {}): Promise<NestFastifyApplication> => {
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      HUBLINE_DATA_DIR: dataDir,
      HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0',
      ...env,
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
  const refusal = async (env: Record<string, string> = {}): Promise<StartUpRefusedError> => {
    const error = await start(env).then(
      async (app) => {
        await app.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartUpRefusedError);
    expect((error as Error).message).not.toContain('\n');
    return error as StartUpRefusedError;
  };
  const startsFine = async (env: Record<string, string> = {}) => {
    const app = await start(env);
    await app.close();
  };
  const restoreKeys = () => {
    writeFileSync(masterFile, masterKeyText, { mode: 0o600 });
    writeFileSync(signingFile, signingKeyText, { mode: 0o600 });
  };
  const otherSigningKey = () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('keys');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-keys-'));
    masterFile = masterKeyFile(dataDir);
    signingFile = auditSigningKeyFile(dataDir);
    // First start: keys generated; one person's data key wrapped, one checkpoint signed.
    const app = await start();
    await app.get(PersonalDataVault).createKey(personId, randomUUID());
    await app
      .get<EventStore>(EVENT_STORE)
      .append(`note-${randomUUID()}`, [{ id: randomUUID(), type: 'NoteRecorded', data: { note: 'x' } }], 'no_stream');
    await app.get(AuditService).signNow({});
    await app.close();
    masterKeyText = readFileSync(masterFile, 'utf8');
    signingKeyText = readFileSync(signingFile, 'utf8');
  });
  afterEach(restoreKeys);

  it('restarts with the keys in use', async () => {
    await startsFine();
  });

  it('refuses when the master key file is missing, and does not generate a new one', async () => {
    rmSync(masterFile);
    const error = await refusal();
    expect(error.message).toContain(`the master key file ${masterFile} is missing`);
    expect(error.message).toContain('the data keys of the 1 people already stored');
    expect(error.message).toContain('Restore the master key that was in use');
    expect(existsSync(masterFile)).toBe(false);
  });

  it('refuses another master key in the file or in HUBLINE_MASTER_KEY', async () => {
    writeFileSync(masterFile, randomBytes(32).toString('base64') + '\n');
    expect((await refusal()).message).toMatch(
      new RegExp(
        `^the master key file ${masterFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(master key \\w+\\) does not match the data keys of the 1 people already stored`,
      ),
    );
    expect((await refusal({ HUBLINE_MASTER_KEY: randomBytes(32).toString('base64') })).message).toMatch(
      /^HUBLINE_MASTER_KEY \(master key \w+\) does not match/,
    );
    await startsFine({ HUBLINE_MASTER_KEY: masterKeyText.trim() });
  });

  it('on a database from before check values, checks the key by opening a stored data key, then records it', async () => {
    const db = new DataSource({ type: 'postgres', url: databaseUrl });
    await db.initialize();
    try {
      await db.query('DELETE FROM privacy.master_key_check');
      writeFileSync(masterFile, randomBytes(32).toString('base64') + '\n');
      expect((await refusal()).message).toContain('does not match the data keys of the 1 people already stored');
      expect(await db.query('SELECT * FROM privacy.master_key_check')).toEqual([]);
      restoreKeys();
      await startsFine();
      expect(await db.query('SELECT * FROM privacy.master_key_check')).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  it('refuses when the checkpoint signing key file is missing, and does not generate a new one', async () => {
    rmSync(signingFile);
    const error = await refusal();
    expect(error.message).toContain(
      `the checkpoint signing key file ${signingFile} is missing, but the log holds 1 signed checkpoints`,
    );
    expect(existsSync(signingFile)).toBe(false);
  });

  it('refuses a checkpoint signing key that does not verify the latest checkpoint', async () => {
    writeFileSync(signingFile, otherSigningKey());
    expect((await refusal()).message).toMatch(
      /^the checkpoint signing key file .* \(key \w+\) does not verify the latest of the 1 signed checkpoints in the log \(checkpoint [0-9a-f-]{36}, signed /,
    );
    expect((await refusal({ HUBLINE_AUDIT_SIGNING_KEY: otherSigningKey() })).message).toMatch(
      /^HUBLINE_AUDIT_SIGNING_KEY \(key \w+\) does not verify/,
    );
    await startsFine({ HUBLINE_AUDIT_SIGNING_KEY: signingKeyText });
  });

  it('refuses a key file that is not a key (text, JSON, empty, a directory), naming it and what to do, and leaves it as it is', async () => {
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const keys = [
      {
        file: masterFile,
        name: 'the master key file',
        holds: 'it does not hold a master key',
        fix: 'Restore the file',
      },
      {
        file: signingFile,
        name: 'the checkpoint signing key file',
        holds: 'it does not hold an Ed25519 private key',
        fix: 'Restore the file',
      },
      {
        file: localSigningKeyFile(dataDir),
        name: 'the token signing key file',
        holds: 'it does not hold an ES256 private key',
        fix: 'Restore it from a backup',
      },
    ];
    for (const key of keys) {
      const kept = readFileSync(key.file);
      try {
        for (const bad of ['not a key at all\n', '{}', '', 'directory']) {
          rmSync(key.file, { recursive: true, force: true });
          if (bad === 'directory') mkdirSync(key.file);
          else writeFileSync(key.file, bad, { mode: 0o600 });
          const problem = bad === 'directory' ? 'it is a directory, not a file' : key.holds;
          const message = (await refusal()).message;
          expect([key.file, bad, message]).toEqual([
            key.file,
            bad,
            expect.stringMatching(
              new RegExp(`^${escaped(`${key.name} ${key.file} cannot be used: ${problem}`)}.*\\. ${key.fix}`),
            ),
          ]);
          // Never replaced by a new key, and the text of what was there never quoted.
          expect(bad === 'directory' ? statSync(key.file).isDirectory() : readFileSync(key.file, 'utf8')).toBe(
            bad === 'directory' ? true : bad,
          );
          expect(message).not.toContain('not a key at all');
        }
      } finally {
        rmSync(key.file, { recursive: true, force: true });
        writeFileSync(key.file, kept, { mode: 0o600 });
      }
    }
    await startsFine();
  });

  it('refuses, in one line, a fresh data folder where a file stands in the way of its key folder', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'hubline-keys-fresh-'));
    writeFileSync(path.join(fresh, 'keys'), 'not a folder');
    const config = loadConfig({
      DATABASE_URL: await createTestDatabase('keysfresh'),
      LOG_LEVEL: 'silent',
      HUBLINE_DATA_DIR: fresh,
      HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0',
    });
    try {
      const error = await createHttpApp(HubModule.register({ config, databaseUrl: config.database.url! }), {
        title: 'Hubline',
        description: 'test',
      }).then(
        async (app) => {
          try {
            await app.init();
            return null;
          } catch (e) {
            return e;
          } finally {
            await app.close().catch(() => undefined);
          }
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StartUpRefusedError);
      expect((error as Error).message).toBe(
        `the key folder ${path.join(fresh, 'keys')} cannot be used: a file is in the way. Set HUBLINE_DATA_DIR to a folder this account may write to (its keys are kept in keys/ inside it).`,
      );
      expect(readFileSync(path.join(fresh, 'keys'), 'utf8')).toBe('not a folder');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
