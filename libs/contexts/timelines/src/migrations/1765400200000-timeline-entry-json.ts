import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each timeline entry also as the JSON a page carries (`entry`), written once with the row: a
 * page's entries are then its rows' `entry` put together, where building them at every read cost
 * the database most of its time for a page (decision 0032). Entries already there get theirs here,
 * built as `ENTRY_JSON` built them when this migration was written: a migration that ran once must
 * mean the same on every database after, so it does not follow later changes of `ENTRY_JSON` (those
 * need a migration of their own).
 */
export class TimelineEntryJson1765400200000 implements MigrationInterface {
  name = 'TimelineEntryJson1765400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE timelines.entries ADD COLUMN entry json');
    await q.query(
      `UPDATE timelines.entries SET entry = json_build_array(event_id, person_id, event_type,
         to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), seq::text, role, agency_id, case_type, case_id, facts)`,
    );
    await q.query('ALTER TABLE timelines.entries ALTER COLUMN entry SET NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE timelines.entries DROP COLUMN entry');
  }
}
