import type { DataSource } from 'typeorm';

/**
 * With PG_STATEMENTS=1, the embedded server loads `pg_stat_statements` (planning timed too), and
 * the reads phase reports which statements took the database's time, per read. It is off by
 * default: the extension's own bookkeeping is work the other figures should not carry. Needs the
 * embedded server (an external DATABASE_URL server would have to preload it itself).
 */
export const PG_STATEMENTS = process.env.PG_STATEMENTS === '1';

export const STATEMENTS_SETTINGS: Record<string, string> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track_planning': 'on',
  'pg_stat_statements.max': '5000',
};

export async function resetStatements(db: DataSource): Promise<void> {
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.query('SELECT pg_stat_statements_reset()');
}

interface StatementRow {
  calls: string;
  plan_ms: number;
  exec_ms: number;
  rows: string;
  query: string;
}

/**
 * The statements of this database that took the most time (planning and execution) since the
 * reset, each per `units` (reads): calls, milliseconds, rows. What the server does around them
 * (receiving, commits, waking, sending the answer) is not in these times.
 */
export async function topStatements(db: DataSource, units: number, limit = 15): Promise<string> {
  const rows: StatementRow[] = await db.query(
    `SELECT calls, total_plan_time AS plan_ms, total_exec_time AS exec_ms, rows,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_plan_time + total_exec_time DESC
      LIMIT $1`,
    [limit],
  );
  const total: Array<{ ms: number }> = await db.query(
    `SELECT coalesce(sum(total_plan_time + total_exec_time), 0) AS ms FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  const per = (x: number) => (x / units).toFixed(3);
  return [
    `all statements: ${per(Number(total[0].ms))} ms per read (planning and execution)`,
    ...rows.map(
      (r) =>
        `${per(Number(r.calls))} calls, plan ${per(r.plan_ms)} ms + run ${per(r.exec_ms)} ms, ${per(Number(r.rows))} rows per read: ${r.query}`,
    ),
  ].join('\n');
}
