import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The one text each statement name stands for, in this process. */
const texts = new Map<string, string>();

/**
 * Sends a read as a named prepared statement on the read models' pool. PostgreSQL then plans it
 * once per connection, generically (`readModelPool`), instead of at every call: for statements
 * sent on every request whose planning costs as much as running them, such as a timeline's page.
 * Only for statements whose best plan does not depend on their values (lookups by key). The rows
 * come back as `DataSource.query` gives them (the same connections and type parsers). A name
 * stands for one text: giving it another throws.
 */
export async function queryPrepared<T>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const known = texts.get(name);
  if (known === undefined) texts.set(name, text);
  else if (known !== text) throw new Error(`prepared statement '${name}' was given a second text`);
  const pool = (db.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
