import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { sendWrites, type Projection } from '@hubline/projections';
import { statementsThrough, type SentStatement } from './statements';

/** A projection's tables, each as its rows in JSON, sorted: equal snapshots mean equal rows. */
export type TableSnapshot = Record<string, string[]>;

export async function snapshotTables(
  q: Pick<DataSource | EntityManager, 'query'>,
  tables: readonly string[],
): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const table of tables) {
    // Numbers a sequence hands out differ between runs: left out, as the rebuild's check does.
    const [schema, name] = table.split('.');
    const counters: Array<{ column_name: string }> = await q.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
      [schema, name],
    );
    const rows: Array<{ r: string }> = await q.query(
      `SELECT (to_jsonb(t) - $1::text[])::text AS r FROM ${table} t ORDER BY 1`,
      [counters.map((c) => c.column_name)],
    );
    snapshot[table] = rows.map((row) => row.r);
  }
  return snapshot;
}

/**
 * How the runner would apply a batch: the writes the projection hands back (`writesOfBatch`),
 * which the runner sends with its checkpoint's move (here on their own, in one statement), else
 * `applyBatch` when the projection has it, else event by event.
 */
export async function applyAsRunner(projection: Projection, events: RecordedEvent[], m: EntityManager): Promise<void> {
  if (projection.writesOfBatch) await sendWrites(m, await projection.writesOfBatch(events, m));
  else if (projection.applyBatch) await projection.applyBatch(events, m);
  else for (const event of events) await projection.apply(event, m);
}

export const inBatches = (events: RecordedEvent[], size: number): RecordedEvent[][] =>
  Array.from({ length: Math.ceil(events.length / size) }, (_, i) => events.slice(i * size, (i + 1) * size));

/** Empties the projection, then applies the events with `apply`, one transaction each: the reference. */
export async function applyOneByOne(
  db: DataSource,
  projection: Projection,
  events: RecordedEvent[],
): Promise<TableSnapshot> {
  await db.transaction((m) => projection.reset(m));
  for (const event of events) await db.transaction((m) => projection.apply(event, m));
  return snapshotTables(db, projection.tables ?? []);
}

/**
 * Empties the projection, then applies the events in batches of `size`, one transaction each, as
 * the runner does. `replay`:
 * - `crash`: each batch is first applied in a transaction that then fails (rolled back, as when the
 *   process dies before the checkpoint is stored), then applied again;
 * - `crash-midway`: the same, with only the first half of the batch applied before the failure;
 * - `twice`: each batch is applied twice in its transaction;
 * - `again`: after every batch is committed, every batch is applied once more.
 */
export async function applyInBatches(
  db: DataSource,
  projection: Projection,
  events: RecordedEvent[],
  size: number,
  replay: 'none' | 'crash' | 'crash-midway' | 'twice' | 'again' = 'none',
): Promise<TableSnapshot> {
  await db.transaction((m) => projection.reset(m));
  const batches = inBatches(events, size);
  for (const batch of batches) {
    if (replay === 'crash' || replay === 'crash-midway') {
      const applied = replay === 'crash' ? batch : batch.slice(0, Math.ceil(batch.length / 2));
      await db
        .transaction(async (m) => {
          await applyAsRunner(projection, applied, m);
          throw new CrashBeforeCheckpoint();
        })
        .catch((error: unknown) => {
          if (!(error instanceof CrashBeforeCheckpoint)) throw error;
        });
    }
    await db.transaction(async (m) => {
      await applyAsRunner(projection, batch, m);
      if (replay === 'twice') await applyAsRunner(projection, batch, m);
    });
  }
  if (replay === 'again') for (const batch of batches) await db.transaction((m) => applyAsRunner(projection, batch, m));
  return snapshotTables(db, projection.tables ?? []);
}

class CrashBeforeCheckpoint extends Error {}

/** Gives events built in a test the positions and revisions the store would give them. */
export function recordedInOrder(
  events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data'> & Partial<RecordedEvent>>,
): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return events.map((e, i) => {
    const revision = (revisions.get(e.streamId) ?? -1) + 1;
    revisions.set(e.streamId, revision);
    return {
      id: e.id ?? `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      schemaVersion: 1,
      metadata: {},
      hash: '',
      recordedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
      position: `0/${i + 1}`,
      ...e,
      revision,
    } as RecordedEvent;
  });
}

/** The log applied in batches of each size, as the runner applies them, leaves exactly `oneByOne`'s rows. */
export async function expectSameRowsInBatches(
  db: DataSource,
  projection: Projection,
  log: RecordedEvent[],
  oneByOne: TableSnapshot,
  sizes: number[],
): Promise<void> {
  for (const size of sizes)
    expect({ size, rows: await applyInBatches(db, projection, log, size) }).toEqual({ size, rows: oneByOne });
}

/** Each batch applied again after a crash in it (whole or half way), twice in one go, or after everything, changes nothing. */
export async function expectReplaysChangeNothing(
  db: DataSource,
  projection: Projection,
  log: RecordedEvent[],
  oneByOne: TableSnapshot,
  sizes: number[],
): Promise<void> {
  for (const size of sizes)
    for (const replay of ['crash', 'crash-midway', 'twice', 'again'] as const)
      expect({ size, replay, rows: await applyInBatches(db, projection, log, size, replay) }).toEqual({
        size,
        replay,
        rows: oneByOne,
      });
}

/** The SQL of every statement `work` sends through the manager, in one transaction. */
export async function statementsSent(db: DataSource, work: (m: EntityManager) => Promise<void>): Promise<string[]> {
  let sent: SentStatement[] = [];
  await db.transaction(async (m) => {
    sent = await statementsThrough(m, () => work(m));
  });
  return sent.map((s) => s.sql);
}
