import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS } from './schema';

/** Applies the event store's schema steps not yet applied; safe to run from several processes at once. */
export async function migrateEventStore(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('hubline:event-store:migrate'))`);
    await client.query('CREATE SCHEMA IF NOT EXISTS event_store');
    await client.query(`CREATE TABLE IF NOT EXISTS event_store.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM event_store.schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    for (const m of EVENT_STORE_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO event_store.schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
