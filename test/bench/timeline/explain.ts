import { escapeLiteral } from 'pg';
import type { DataSource } from 'typeorm';
import { PERSON_ROWS } from '@hubline/people';
import { TIMELINE_PAGE_STATEMENTS } from '@hubline/timelines';
import { round } from './figures';

type Literal = string | number | null | string[];

/**
 * The read model statements of one victim timeline read, the very texts the hub sends (the people
 * register's look, `PERSON_ROWS`, and the page, `TimelineTables.page`), with the chosen victim's
 * parameters. The page's merged records, entries and header are parts of its one statement, so its
 * plan shows the time of each.
 */
function timelineStatements(
  partnershipId: string,
  personId: string,
  limit: number,
  today: string,
): Record<string, { sql: string; params: Literal[] }> {
  return {
    person: { sql: PERSON_ROWS, params: [partnershipId, [personId]] },
    page: {
      sql: TIMELINE_PAGE_STATEMENTS.victim,
      params: [partnershipId, personId, ['victim', 'subject'], null, null, limit + 1, today],
    },
  };
}

/** A parameter written into `EXECUTE` (which takes no bound parameters), for PostgreSQL to type. */
function literal(value: Literal): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return escapeLiteral(`{${value.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return escapeLiteral(value);
}

export interface Explained {
  /** Execution time of each statement as EXPLAIN ANALYZE measured it, ms. */
  executionMs: Record<string, number>;
  plans: Record<string, string>;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each statement, prepared and planned as the hub plans it: on one of
 * the hub's own connections, whose pool plans every prepared statement generically
 * (`readModelPool`). A custom plan, made for the values, can differ from the one the hub runs.
 * Each is run twice so the figures are for a warm cache, as in the read phase.
 */
export async function explainTimelineRead(
  db: DataSource,
  partnershipId: string,
  personId: string,
  limit: number,
  today: string,
): Promise<Explained> {
  const executionMs: Record<string, number> = {};
  const plans: Record<string, string> = {};
  const session = db.createQueryRunner();
  await session.connect();
  try {
    for (const [name, q] of Object.entries(timelineStatements(partnershipId, personId, limit, today))) {
      await session.query(`PREPARE bench_explained AS ${q.sql}`);
      let lines: string[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const rows: Array<{ 'QUERY PLAN': string }> = await session.query(
            `EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_explained(${q.params.map(literal).join(', ')})`,
          );
          lines = rows.map((r) => r['QUERY PLAN']);
        }
      } finally {
        await session.query('DEALLOCATE bench_explained');
      }
      plans[name] = lines.join('\n');
      const time = lines.find((l) => l.startsWith('Execution Time'))?.match(/([\d.]+) ms/);
      executionMs[name] = time ? round(Number(time[1]), 3) : -1;
    }
  } finally {
    await session.release();
  }
  return { executionMs, plans };
}
