import { randomUUID } from 'node:crypto';
import { AUDIT_SIGNING_KEY, AuditService, verifyLog, type AuditSigningKey, type SqlQuery } from '@hubline/audit';
import { TestHub } from '../support/test-hub';

/** Verification reads each event once, whatever the number of checkpoints: its work is counted, not timed. */
describe('whole-log verification cost', () => {
  let hub: TestHub;
  const streams = 30;
  const checkpoints = 25;

  beforeAll(async () => {
    hub = await TestHub.start({ HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0' });
    const note = () => ({ id: randomUUID(), type: 'NoteRecorded', data: { note: 'x' } });
    for (let i = 0; i < streams; i++) await hub.store.append(`notes-${randomUUID()}`, [note()], 'no_stream');
    const audit = hub.app.get(AuditService);
    for (let i = 0; i < checkpoints; i++) {
      await hub.store.append(`notes-${randomUUID()}`, [note()], 'no_stream');
      await audit.signNow({});
    }
  });
  afterAll(() => hub?.close());

  it('runs its queries a number of times linear in checkpoints, and reads each stream state change once', async () => {
    let queries = 0;
    let stateRows = 0;
    const sql: SqlQuery = async <T>(text: string, params?: unknown[]) => {
      const rows: T[] = await hub.db.query(text, params);
      queries++;
      // Rows of per-stream states computed from the events table (not the stored leaves, not the checkpoint events themselves).
      if (/FROM event_store\.events WHERE \(tx_id, seq\)/.test(text)) stateRows += rows.length;
      return rows;
    };
    const report = await verifyLog(hub.store, sql, hub.app.get<AuditSigningKey>(AUDIT_SIGNING_KEY));
    expect(report.ok).toBe(true);
    expect(report.checkpoints.checked).toBe(checkpoints);
    expect(queries).toBeLessThanOrEqual(4 * checkpoints + 4);
    const total = Number((await hub.db.query('SELECT count(DISTINCT stream_id) AS n FROM event_store.events'))[0].n);
    // Every stream's state is read when its events first fall under a checkpoint, and again only when it changes:
    // here each checkpoint adds two streams (a note and the previous checkpoint). Recomputing every state per checkpoint reads ~ checkpoints x streams.
    expect(stateRows).toBeLessThanOrEqual(total + 2 * checkpoints);
  });
});
