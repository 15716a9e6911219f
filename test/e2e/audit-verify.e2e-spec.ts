import { randomUUID, verify as verifySignature, createPublicKey } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  AuditService,
  CheckpointSigner,
  checkpointStream,
  loadAuditSigningKey,
  signedMessage,
  type LogVerifyReport,
  type SignedCheckpointReceipt,
} from '@hubline/audit';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { GENESIS_HASH, canonicalForm, chainHash } from '@hubline/event-store';
import { verifyCommand } from '../../apps/cli/src/verify.command';
import { TestHub } from '../support/test-hub';

interface EventRow {
  seq: string;
  tx_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: Date;
  hash: Buffer;
}

describe('signed checkpoints and whole-log verification over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  let sql: Client;
  const auditor = 'auditor@thurrock.demo';
  const admin = 'admin@thurrock.demo';
  const pc = 'pc.okafor@essex-police.demo';
  const notes = `notes-${randomUUID()}`;
  const other = `notes-${randomUUID()}`;
  let scheduled: SignedCheckpointReceipt;

  beforeAll(async () => {
    hub = await TestHub.start({ HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS: '0' });
    thurrock = await seedPartnership(hub.commands, THURROCK);
    const note = (text: string) => ({ id: randomUUID(), type: 'NoteRecorded', data: { note: text } });
    await hub.store.append(notes, [note('first'), note('the victim said X')], 'no_stream');
    await hub.store.append(notes, [note('third'), note('fourth')], 1);
    await hub.store.append(other, [note('another stream')], 'no_stream');
    await hub.settle();
    sql = new Client({ connectionString: hub.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await hub?.close();
  });

  const verify = async (): Promise<LogVerifyReport> => {
    const res = await hub.as(auditor, { url: '/audit/verify' });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  const sign = async (who = auditor): Promise<SignedCheckpointReceipt> => {
    const res = await hub.as(who, { method: 'POST', url: '/audit/checkpoints' });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  /** `npm run verify` against the hub's database: exit code and what it printed. */
  async function cli(): Promise<{ code: number; out: string }> {
    let out = '';
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      return { code: await verifyCommand(hub.config, []), out };
    } finally {
      spy.mockRestore();
    }
  }

  /** Writes as someone who bypasses the append-only triggers (a superuser, or a restore gone wrong). */
  async function asSuperuser(work: () => Promise<unknown>): Promise<void> {
    await sql.query('BEGIN');
    try {
      await sql.query('SET LOCAL session_replication_role = replica');
      await work();
      await sql.query('COMMIT');
    } catch (error) {
      await sql.query('ROLLBACK');
      throw error;
    }
  }

  const readRows = async (streamId: string) =>
    (
      await sql.query<EventRow>(
        `SELECT seq::text, tx_id::text, stream_id, revision::text, event_id::text, type, schema_version, data::text AS data, metadata::text AS metadata, recorded_at, hash
           FROM event_store.events WHERE stream_id = $1 ORDER BY revision`,
        [streamId],
      )
    ).rows;

  /** Every stored row of a stream and its head, to put back exactly after a test has tampered with it. */
  async function snapshot(streamId: string): Promise<() => Promise<void>> {
    const events = await readRows(streamId);
    const head = (
      await sql.query(
        'SELECT stream_id, revision, last_hash, updated_at FROM event_store.streams WHERE stream_id = $1',
        [streamId],
      )
    ).rows[0];
    return () =>
      asSuperuser(async () => {
        await sql.query('DELETE FROM event_store.events WHERE stream_id = $1', [streamId]);
        for (const e of events) {
          await sql.query(
            `INSERT INTO event_store.events (seq, tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash)
             OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::xid8, $3, $4::bigint, $5::uuid, $6, $7, $8::json, $9::json, $10, $11)`,
            [
              e.seq,
              e.tx_id,
              e.stream_id,
              e.revision,
              e.event_id,
              e.type,
              e.schema_version,
              e.data,
              e.metadata,
              e.recorded_at,
              e.hash,
            ],
          );
        }
        await sql.query('DELETE FROM event_store.streams WHERE stream_id = $1', [streamId]);
        await sql.query(
          'INSERT INTO event_store.streams (stream_id, revision, last_hash, updated_at) VALUES ($1, $2, $3, $4)',
          [head.stream_id, head.revision, head.last_hash, head.updated_at],
        );
      });
  }

  /**
   * The attack the chain alone cannot see: change one event's data, then recompute that event's
   * hash, every later hash of its stream and the stream head, with the store's own canonical form.
   */
  async function forge(streamId: string, revision: number, change: (dataText: string) => string): Promise<void> {
    const rows = await readRows(streamId);
    let previous = revision === 0 ? GENESIS_HASH : rows[revision - 1].hash.toString('hex');
    await asSuperuser(async () => {
      for (const row of rows.slice(revision)) {
        const dataText = Number(row.revision) === revision ? change(row.data) : row.data;
        previous = chainHash(
          previous,
          canonicalForm({
            streamId,
            revision: Number(row.revision),
            id: row.event_id,
            type: row.type,
            schemaVersion: row.schema_version,
            recordedAt: row.recorded_at.toISOString(),
            dataText,
            metadataText: row.metadata,
          }),
        );
        await sql.query(
          `UPDATE event_store.events SET data = $3::json, hash = decode($4, 'hex') WHERE stream_id = $1 AND revision = $2`,
          [streamId, row.revision, dataText, previous],
        );
      }
      await sql.query(`UPDATE event_store.streams SET last_hash = decode($2, 'hex') WHERE stream_id = $1`, [
        streamId,
        previous,
      ]);
    });
  }

  it('the scheduled job signs once however many runs race, then waits for its interval or for new events', async () => {
    const audit = hub.app.get(AuditService);
    const outcomes = await Promise.all([audit.tick(), audit.tick(), audit.tick()]);
    const signed = outcomes.filter((o) => o?.status === 'signed');
    expect(signed).toHaveLength(1);
    scheduled = (signed[0] as { checkpoint: SignedCheckpointReceipt }).checkpoint;
    expect(scheduled).toMatchObject({ streamCount: expect.any(Number), eventCount: expect.any(Number) });
    expect(
      outcomes.filter((o) => o?.status !== 'signed').every((o) => ['busy', 'not_due', 'unchanged'].includes(o!.status)),
    ).toBe(true);

    await hub.settle();
    const inAnHour = new Date(Date.now() + 61 * 60_000);
    // Nothing but the checkpoint's own event since: no new checkpoint, even when due.
    expect(await audit.tick(inAnHour)).toEqual({ status: 'unchanged' });
    await hub.store.append(other, [{ id: randomUUID(), type: 'NoteRecorded', data: { note: 'later' } }], 0);
    expect(await audit.tick()).toEqual({ status: 'not_due' });
    expect(await audit.tick(inAnHour)).toMatchObject({ status: 'signed' });
  });

  it('signs on demand for auditors and administrators only, as an event of the log that the next checkpoint covers', async () => {
    expect((await hub.as(pc, { method: 'POST', url: '/audit/checkpoints' })).statusCode).toBe(403);
    expect((await hub.as(null, { method: 'POST', url: '/audit/checkpoints' })).statusCode).toBe(401);

    const first = await sign(auditor);
    expect(first).toMatchObject({
      version: 1,
      algorithm: 'Ed25519',
      position: expect.stringMatching(/^\d+\/\d+$/),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const [event] = await hub.store.readStream(checkpointStream(first.checkpointId));
    expect(event.type).toBe('LogCheckpointSigned');
    const { eventPosition, ...signedData } = first;
    expect(event.data).toEqual(signedData);
    expect(event.position).toBe(eventPosition);
    expect(event.metadata.userId).toBe(thurrock.users[auditor]);

    const second = await sign(admin);
    const covered = await sql.query(
      `SELECT revision FROM audit.checkpoint_heads WHERE checkpoint_id = $1 AND stream_id = $2`,
      [second.checkpointId, checkpointStream(first.checkpointId)],
    );
    expect(covered.rows).toEqual([{ revision: '0' }]);
  });

  it('publishes the public key to auditors, and it verifies a checkpoint outside Hubline', async () => {
    expect((await hub.as(admin, { url: '/audit/public-key' })).statusCode).toBe(403);
    const res = await hub.as(auditor, { url: '/audit/public-key' });
    expect(res.statusCode).toBe(200);
    const { algorithm, publicKeyPem, fingerprint } = res.json();
    expect(algorithm).toBe('Ed25519');
    expect(fingerprint).toBe(scheduled.keyFingerprint);
    // What an auditor does with the receipt and the key alone.
    expect(
      verifySignature(
        null,
        signedMessage(scheduled),
        createPublicKey(publicKeyPem),
        Buffer.from(scheduled.signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('only auditors may verify', async () => {
    for (const who of [admin, pc]) expect((await hub.as(who, { url: '/audit/verify' })).statusCode).toBe(403);
    expect((await hub.as(null, { url: '/audit/verify' })).statusCode).toBe(401);
  });

  it('reports OK when nothing was altered, over HTTP and from npm run verify', async () => {
    const report = await verify();
    expect(report).toMatchObject({
      ok: true,
      chains: { ok: true },
      checkpoints: { ok: true, supported: true, checked: 4, keyFingerprint: scheduled.keyFingerprint },
    });
    expect(report.firstBroken).toBeUndefined();
    const { code, out } = await cli();
    expect(code).toBe(0);
    expect(out).toMatch(/OK: .* every hash chain is intact/);
    expect(out).toMatch(/OK: 4 signed checkpoints hold/);
  });

  it('(a) a byte altered in a stored event: the chain breaks at that event', async () => {
    const restore = await snapshot(notes);
    await asSuperuser(() =>
      sql.query(
        `UPDATE event_store.events SET data = '{"note":"the victim said Y"}' WHERE stream_id = $1 AND revision = 1`,
        [notes],
      ),
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ kind: 'chain', streamId: notes, revision: 1, reason: 'hash_mismatch' });
    // The stored hashes were left alone, so the signed states still hold.
    expect(report.checkpoints.ok).toBe(true);
    const { code, out } = await cli();
    expect(code).toBe(3);
    expect(out).toContain(`BROKEN: stream ${notes}, revision 1: the stored event is not what was appended`);
    await restore();
    expect((await verify()).ok).toBe(true);
  });

  it('(b) a deleted event: the chain shows the gap', async () => {
    const restore = await snapshot(notes);
    await asSuperuser(() => sql.query('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 2', [notes]));
    const report = await verify();
    expect(report.firstBroken).toMatchObject({ kind: 'chain', streamId: notes, revision: 2, reason: 'revision_gap' });
    expect(report.checkpoints.firstBroken).toMatchObject({
      checkpointId: scheduled.checkpointId,
      reason: 'count_mismatch',
      expected: String(scheduled.eventCount),
    });
    await restore();
    expect((await verify()).ok).toBe(true);
  });

  it('(c) a re-hashed forged stream: the chains all verify, and the first signed checkpoint names the stream', async () => {
    const restore = await snapshot(notes);
    const before = await readRows(notes);
    await forge(notes, 1, (text) => text.replace('said X', 'said nothing'));
    expect(await hub.store.verify()).toMatchObject({ ok: true });

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.chains.ok).toBe(true);
    const after = await readRows(notes);
    expect(report.firstBroken).toMatchObject({
      kind: 'checkpoint',
      checkpointId: scheduled.checkpointId,
      position: scheduled.position,
      reason: 'state_mismatch',
      streamId: notes,
      signed: { revision: 3, hash: before[3].hash.toString('hex') },
      found: { revision: 3, hash: after[3].hash.toString('hex') },
    });
    const { code, out } = await cli();
    expect(code).toBe(3);
    expect(out).toContain(`BROKEN: signed checkpoint ${scheduled.checkpointId}`);
    expect(out).toContain(`stream ${notes} was at revision 3`);
    await restore();
    expect((await verify()).ok).toBe(true);
  });

  it('(c) a re-hashed forged checkpoint event fails its signature', async () => {
    const stream = checkpointStream(scheduled.checkpointId);
    const restore = await snapshot(stream);
    await forge(stream, 0, (text) =>
      text.replace(`"eventCount":${scheduled.eventCount}`, `"eventCount":${scheduled.eventCount - 1}`),
    );
    const report = await verify();
    expect(report.chains.ok).toBe(true);
    expect(report.firstBroken).toMatchObject({
      kind: 'checkpoint',
      checkpointId: scheduled.checkpointId,
      reason: 'bad_signature',
    });
    await restore();
    expect((await verify()).ok).toBe(true);
  });

  it('(d) the stored stream states of a checkpoint edited: they no longer hash to the signed digest', async () => {
    await expect(
      sql.query('UPDATE audit.checkpoint_heads SET revision = 2 WHERE checkpoint_id = $1', [scheduled.checkpointId]),
    ).rejects.toMatchObject({ code: 'HL001' });
    const original = (
      await sql.query(
        `SELECT encode(hash, 'hex') AS hash FROM audit.checkpoint_heads WHERE checkpoint_id = $1 AND stream_id = $2`,
        [scheduled.checkpointId, notes],
      )
    ).rows[0].hash;
    const edit = (hash: string) =>
      asSuperuser(() =>
        sql.query(
          `UPDATE audit.checkpoint_heads SET hash = decode($3, 'hex') WHERE checkpoint_id = $1 AND stream_id = $2`,
          [scheduled.checkpointId, notes, hash],
        ),
      );
    await edit('ab'.repeat(32));
    const report = await verify();
    expect(report.chains.ok).toBe(true);
    expect(report.firstBroken).toMatchObject({
      kind: 'checkpoint',
      checkpointId: scheduled.checkpointId,
      reason: 'leaves_altered',
      expected: scheduled.digest,
    });
    expect(report.firstBroken!.message).toContain('The log itself still matches the signed digest');
    await edit(original);
    expect((await verify()).ok).toBe(true);
  });

  it('a checkpoint removed from the log is missed', async () => {
    const latest = await sign();
    const restore = await snapshot(checkpointStream(latest.checkpointId));
    await asSuperuser(async () => {
      await sql.query('DELETE FROM event_store.events WHERE stream_id = $1', [checkpointStream(latest.checkpointId)]);
      await sql.query('DELETE FROM event_store.streams WHERE stream_id = $1', [checkpointStream(latest.checkpointId)]);
    });
    expect((await hub.store.verify()).ok).toBe(true);
    expect((await verify()).firstBroken).toMatchObject({
      kind: 'checkpoint',
      checkpointId: latest.checkpointId,
      reason: 'event_missing',
    });
    await restore();
    expect((await verify()).ok).toBe(true);
  });

  it('a checkpoint signed with another key fails', async () => {
    const otherKey = loadAuditSigningKey({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'hubline-other-key-')),
      allowGenerated: true,
    });
    const foreign = await new CheckpointSigner(hub.db, hub.store, otherKey).signNow();
    const report = await verify();
    expect(report.firstBroken).toMatchObject({
      kind: 'checkpoint',
      checkpointId: foreign.checkpointId,
      reason: 'unknown_key',
      actual: otherKey.fingerprint,
      expected: scheduled.keyFingerprint,
    });
    const { code, out } = await cli();
    expect(code).toBe(3);
    expect(out).toContain('signed by a key other than the published one');
  });
});
