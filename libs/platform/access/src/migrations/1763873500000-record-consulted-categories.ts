import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which data categories each consultation showed of each person (null for consultations recorded
 * before categories were kept; an empty list for a locked view or a withheld search result).
 */
export class RecordConsultedCategories1763873500000 implements MigrationInterface {
  name = 'RecordConsultedCategories1763873500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE access.consultations ADD COLUMN categories text[]');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE access.consultations DROP COLUMN categories');
  }
}
