import type { DataSource } from 'typeorm';
import { statementsSentByProcess } from '../../support/query-counter';
import { sleep } from './figures';

/** Work done by the hub and its database over a phase, whatever else the machine was doing. */
export interface WorkCounts {
  /** Statements the process sent to PostgreSQL (every pool sends through `Client.prototype.query`). */
  statements: number;
  /** Transactions the database committed (its statistics; read-only statements count too). */
  commits: number;
  /** Flushes of the WAL to disk (`pg_stat_io`): what a durable commit waits for. */
  walFlushes: number;
}

/**
 * Counts at a phase's start and end. The server's statistics reach its views up to a second late
 * (each backend reports at most once a second), so a sample first waits that long.
 */
export async function countWork(db: DataSource): Promise<WorkCounts> {
  await sleep(1100);
  const sent = statementsSentByProcess();
  const [row]: Array<{ commits: string; flushes: string }> = await db.query(
    `SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits,
            (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal') AS flushes`,
  );
  return { statements: sent, commits: Number(row.commits), walFlushes: Number(row.flushes) };
}

/** The counts between two samples, per unit of work (a read), rounded to a tenth. */
export function perUnit(from: WorkCounts, to: WorkCounts, units: number): WorkCounts {
  const per = (a: number, b: number) => Math.round(((b - a) / units) * 10) / 10;
  return {
    statements: per(from.statements, to.statements),
    commits: per(from.commits, to.commits),
    walFlushes: per(from.walFlushes, to.walFlushes),
  };
}
