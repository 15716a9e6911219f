import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The consultation log in time order: the auditor's log reads the latest lines of a partnership
 * (or the earliest from a date) without sorting the whole log, which grows with every read of
 * personal data.
 */
export class IndexConsultationsByTime1765301100000 implements MigrationInterface {
  name = 'IndexConsultationsByTime1765301100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX consultations_at ON access.consultations (partnership_id, consulted_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX access.consultations_at');
  }
}
