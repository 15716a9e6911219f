import { parsePosition } from '@hubline/event-store';
import { CHECKPOINT_EVENT_TYPE, CHECKPOINT_STREAM_PREFIX, type Leaf } from './checkpoint-format';

/**
 * The log's hash state read with SQL over the PostgreSQL event store's tables. With EventStoreDB
 * the same state would be computed by reading `$all`; that is not implemented here.
 */

/** Runs one statement and returns its rows (a pg client, a pool, a TypeORM data source or query runner). */
export type SqlQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

function positionParams(position: string): [string, string] {
  const parsed = parsePosition(position);
  if (!parsed) throw new Error(`not a position of the PostgreSQL store: ${position.slice(0, 60)}`);
  return [parsed[0].toString(), parsed[1].toString()];
}

/**
 * The last event of the global log that can no longer be preceded by another: written by a
 * transaction older than every transaction still running (the rule readers follow, decision 0002).
 * The store's `headPosition` may name an event behind which an older transaction can still commit;
 * a checkpoint at such a position would change after signing.
 */
export async function stableHead(sql: SqlQuery): Promise<string | null> {
  const rows = await sql<{ tx: string; seq: string }>(
    `SELECT tx_id::text AS tx, seq::text AS seq FROM event_store.events
      WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY tx_id DESC, seq DESC LIMIT 1`,
  );
  return rows.length ? `${rows[0].tx}/${rows[0].seq}` : null;
}

export interface LogState {
  leaves: Leaf[];
  eventCount: number;
}

/**
 * Every stream's state as of a position: its highest revision among its events at or before the
 * position in the global order, and that event's stored hash. (Highest revision, not latest in
 * global order: the two differ only when a multi-stream append took its transaction id before a
 * concurrent append to one of its streams, and the hash at the highest revision covers all before it.)
 */
export async function logStateAt(sql: SqlQuery, position: string): Promise<LogState> {
  const rows = await sql<{ stream_id: string; revision: string; events: string; hash: string }>(
    `SELECT s.stream_id, s.revision::text AS revision, s.events::text AS events, encode(e.hash, 'hex') AS hash
       FROM (SELECT stream_id, max(revision) AS revision, count(*) AS events
               FROM event_store.events WHERE (tx_id, seq) <= ($1::xid8, $2::bigint)
              GROUP BY stream_id) s
       JOIN event_store.events e ON e.stream_id = s.stream_id AND e.revision = s.revision`,
    positionParams(position),
  );
  let eventCount = 0;
  const leaves = rows.map((r) => {
    eventCount += Number(r.events);
    return { streamId: r.stream_id, revision: Number(r.revision), hash: r.hash };
  });
  return { leaves, eventCount };
}

/**
 * What changed between two positions: for every stream with events after `after` (exclusive; the
 * start of the log when null) and at or before `upTo`, its highest revision among them, that
 * event's hash, and how many there are. Folding these over successive ranges gives `logStateAt`
 * for each position while reading every event once.
 */
export async function logChangesBetween(
  sql: SqlQuery,
  after: string | null,
  upTo: string,
): Promise<Array<Leaf & { events: number }>> {
  const [from, to] = [after ? positionParams(after) : ['0', '0'], positionParams(upTo)];
  const rows = await sql<{ stream_id: string; revision: string; events: string; hash: string }>(
    `SELECT s.stream_id, s.revision::text AS revision, s.events::text AS events, encode(e.hash, 'hex') AS hash
       FROM (SELECT stream_id, max(revision) AS revision, count(*) AS events
               FROM event_store.events WHERE (tx_id, seq) > ($1::xid8, $2::bigint) AND (tx_id, seq) <= ($3::xid8, $4::bigint)
              GROUP BY stream_id) s
       JOIN event_store.events e ON e.stream_id = s.stream_id AND e.revision = s.revision`,
    [...from, ...to],
  );
  return rows.map((r) => ({
    streamId: r.stream_id,
    revision: Number(r.revision),
    hash: r.hash,
    events: Number(r.events),
  }));
}

/** Orders two positions of the PostgreSQL store. */
export function comparePositions(a: string, b: string): number {
  const [pa, pb] = [positionParams(a).map(BigInt), positionParams(b).map(BigInt)];
  return pa[0] !== pb[0] ? (pa[0] < pb[0] ? -1 : 1) : pa[1] === pb[1] ? 0 : pa[1] < pb[1] ? -1 : 1;
}

async function auditTablesExist(sql: SqlQuery): Promise<boolean> {
  const rows = await sql<{ ok: boolean }>(`SELECT to_regclass('audit.checkpoint_heads') IS NOT NULL AS ok`);
  return rows[0].ok;
}

/** The leaves kept when the checkpoint was signed (none if the table is gone). */
export async function storedLeaves(sql: SqlQuery, checkpointId: string): Promise<Leaf[]> {
  if (!(await auditTablesExist(sql))) return [];
  const rows = await sql<{ stream_id: string; revision: string; hash: string }>(
    `SELECT stream_id, revision::text AS revision, encode(hash, 'hex') AS hash FROM audit.checkpoint_heads WHERE checkpoint_id::text = $1`,
    [checkpointId],
  );
  return rows.map((r) => ({ streamId: r.stream_id, revision: Number(r.revision), hash: r.hash }));
}

export interface CheckpointEventRow {
  streamId: string;
  revision: number;
  /** The checkpoint event's own position in the global log. */
  position: string;
  /** Parsed JSON data, unchecked; null when the stored text is not JSON. */
  data: unknown;
}

/** Every checkpoint event, in global order. */
export async function checkpointEvents(sql: SqlQuery): Promise<CheckpointEventRow[]> {
  const rows = await sql<{ stream_id: string; revision: string; tx: string; seq: string; data_text: string }>(
    `SELECT stream_id, revision::text AS revision, tx_id::text AS tx, seq::text AS seq, data::text AS data_text
       FROM event_store.events
      WHERE type = $1 AND stream_id LIKE $2
      ORDER BY tx_id, seq`,
    [CHECKPOINT_EVENT_TYPE, `${CHECKPOINT_STREAM_PREFIX}%`],
  );
  return rows.map((r) => {
    let data: unknown = null;
    try {
      data = JSON.parse(r.data_text);
    } catch {
      // Reported as a malformed checkpoint.
    }
    return { streamId: r.stream_id, revision: Number(r.revision), position: `${r.tx}/${r.seq}`, data };
  });
}

/** Checkpoints whose event was written (the signer recorded its position) but is no longer in the log. */
export async function checkpointsWithoutEvent(
  sql: SqlQuery,
): Promise<Array<{ checkpointId: string; position: string; createdAt: string }>> {
  if (!(await auditTablesExist(sql))) return [];
  const rows = await sql<{ checkpoint_id: string; position: string; created_at: Date }>(
    `SELECT c.checkpoint_id::text AS checkpoint_id, c.position, c.created_at FROM audit.checkpoints c
      WHERE c.event_position IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM event_store.events e WHERE e.stream_id = $1 || c.checkpoint_id::text)
      ORDER BY c.created_at, c.checkpoint_id`,
    [CHECKPOINT_STREAM_PREFIX],
  );
  return rows.map((r) => ({
    checkpointId: r.checkpoint_id,
    position: r.position,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The latest checkpoint event and how many there are (none before the event store's tables exist). */
export async function latestCheckpointEvent(
  sql: SqlQuery,
): Promise<{ latest: CheckpointEventRow | null; count: number }> {
  const [exists] = await sql<{ ok: boolean }>(`SELECT to_regclass('event_store.events') IS NOT NULL AS ok`);
  if (!exists.ok) return { latest: null, count: 0 };
  const rows = await sql<{
    stream_id: string;
    revision: string;
    tx: string;
    seq: string;
    data_text: string;
    count: string;
  }>(
    `SELECT stream_id, revision::text AS revision, tx_id::text AS tx, seq::text AS seq, data::text AS data_text, count(*) OVER ()::text AS count
       FROM event_store.events
      WHERE type = $1 AND stream_id LIKE $2
      ORDER BY tx_id DESC, seq DESC LIMIT 1`,
    [CHECKPOINT_EVENT_TYPE, `${CHECKPOINT_STREAM_PREFIX}%`],
  );
  if (!rows.length) return { latest: null, count: 0 };
  const r = rows[0];
  let data: unknown = null;
  try {
    data = JSON.parse(r.data_text);
  } catch {
    // Malformed: verification reports it.
  }
  return {
    latest: { streamId: r.stream_id, revision: Number(r.revision), position: `${r.tx}/${r.seq}`, data },
    count: Number(r.count),
  };
}
