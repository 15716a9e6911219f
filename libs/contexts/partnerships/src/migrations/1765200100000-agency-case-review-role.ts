import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agency's part in ASB Case Reviews (relevant body, co-opted, ICB or none). Agencies added
 * before it take their kind's default, as the projection gives new ones; a rebuild gives the same.
 */
export class AgencyCaseReviewRole1765200100000 implements MigrationInterface {
  name = 'AgencyCaseReviewRole1765200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE partnerships.agencies ADD COLUMN case_review_role text NOT NULL DEFAULT 'none'`);
    await q.query(
      `UPDATE partnerships.agencies SET case_review_role = 'relevant_body' WHERE kind IN ('police', 'local_authority')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE partnerships.agencies DROP COLUMN case_review_role');
  }
}
