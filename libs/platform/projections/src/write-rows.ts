import type { EntityManager } from 'typeorm';

/** A row as a projection writes it: its table's columns by name, with values JSON can carry. */
export type Row = Record<string, unknown>;

/**
 * Writes any number of rows to `table` with one statement (`INSERT ... SELECT ... FROM
 * jsonb_populate_recordset`), in the order given: the columns are the first row's keys, and every
 * row must have the same. A row whose `key` is already there is left as it is, or, with `update`,
 * has those columns set from the row (each key at most once in `rows` then). The table is named
 * in full in the statement, so a rebuild (decision 0031) points it at its new tables.
 */
export async function writeRows(
  m: EntityManager,
  table: string,
  rows: Row[],
  onConflict: { key: string; update?: readonly string[] },
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).join(', ');
  const update = onConflict.update ?? [];
  await m.query(
    `INSERT INTO ${table} (${columns})
     SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${onConflict.key}) ${update.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${update.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`}`,
    [JSON.stringify(rows)],
  );
}
