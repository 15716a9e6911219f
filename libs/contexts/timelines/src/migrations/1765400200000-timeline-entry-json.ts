import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ENTRY_COLUMNS, ENTRY_JSON } from '../projections/entry-json';

/**
 * Each timeline entry also as the JSON a page carries (`entry`), written once with the row: a
 * page's entries are then its rows' `entry` put together, where building them at every read cost
 * the database most of its time for a page (decision 0032). Entries already there get theirs here.
 */
export class TimelineEntryJson1765400200000 implements MigrationInterface {
  name = 'TimelineEntryJson1765400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE timelines.entries ADD COLUMN entry json');
    await q.query(`UPDATE timelines.entries SET entry = ${ENTRY_JSON(ENTRY_COLUMNS)}`);
    await q.query('ALTER TABLE timelines.entries ALTER COLUMN entry SET NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE timelines.entries DROP COLUMN entry');
  }
}
