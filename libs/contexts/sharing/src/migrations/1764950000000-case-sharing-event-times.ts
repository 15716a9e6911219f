import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's disclosures carry the time of the case event they stand for (an agency joining the
 * case, a discussion at a meeting), not the moment the reactor ran: the reactor keeps the time of
 * the latest event of each case it has seen, which is the cause of the involvement change that
 * follows it in the same append. Rows kept before this have none, and fall back to the log's time.
 */
export class CaseSharingEventTimes1764950000000 implements MigrationInterface {
  name = 'CaseSharingEventTimes1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sharing.case_shares ADD COLUMN last_event_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sharing.case_shares DROP COLUMN last_event_at');
  }
}
