/** What sends SQL: a TypeORM `DataSource` or `EntityManager`. */
interface Queries {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** A statement as it was sent, with its parameters. */
export interface SentStatement {
  sql: string;
  params?: unknown[];
}

/** Runs `work` and returns every statement it sent through `target.query`, in order, with its parameters. */
export async function statementsThrough(target: Queries, work: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const query = target.query;
  target.query = (sql: string, params?: unknown[]) => {
    sent.push({ sql, params });
    return query.call(target, sql, params);
  };
  try {
    await work();
  } finally {
    target.query = query;
  }
  return sent;
}

/** The plan PostgreSQL chooses for a statement sent (`EXPLAIN`, not run), as text. */
export async function planOf(target: Queries, statement: SentStatement): Promise<string> {
  const rows = (await target.query(`EXPLAIN ${statement.sql}`, statement.params)) as Array<{ 'QUERY PLAN': string }>;
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
