/**
 * A time column as a page carries it: ISO 8601 in UTC to the millisecond, written by PostgreSQL
 * (as `Date.prototype.toISOString` writes it).
 */
export const ISO_UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The SQL expressions of an entry's values, by what they are. */
export interface EntryColumns {
  eventId: string;
  personId: string;
  type: string;
  occurredAt: string;
  seq: string;
  role: string;
  agencyId: string;
  caseType: string;
  caseId: string;
  facts: string;
}

/** The columns of `timelines.entries` that an entry's JSON is made of. */
export const ENTRY_COLUMNS: EntryColumns = {
  eventId: 'event_id',
  personId: 'person_id',
  type: 'event_type',
  occurredAt: 'occurred_at',
  seq: 'seq',
  role: 'role',
  agencyId: 'agency_id',
  caseType: 'case_type',
  caseId: 'case_id',
  facts: 'facts',
};

/**
 * An entry as a page carries it (`timelines.entries.entry`, `EntryTuple` in the reader): a JSON
 * array of its values in a fixed order, without names, the time as `ISO_UTC` writes it and the
 * log position as text. Written once with the row, by every statement that inserts entries.
 */
export const ENTRY_JSON = (c: EntryColumns) =>
  `json_build_array(${c.eventId}, ${c.personId}, ${c.type}, ${ISO_UTC(c.occurredAt)}, ${c.seq}::text, ${c.role}, ${c.agencyId}, ${c.caseType}, ${c.caseId}, ${c.facts})`;
