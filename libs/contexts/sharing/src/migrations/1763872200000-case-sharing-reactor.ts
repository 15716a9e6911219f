import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sharing inside cases moves out of the sharing read model into its own reactor
 * (`sharing.case-sharing`), with its own checkpoint and its own copy of the agreement terms it
 * judges each sharing against, so that they stand exactly as the log held them just before the
 * case event whatever position the read model has reached. On upgrade the reactor starts where the
 * read model stood: its checkpoint and agreement terms are taken from the read model's, which
 * were written together with the case state it already kept (`case_shares`,
 * `meeting_attendance`), so nothing is judged again and nothing is appended twice.
 */
export class CaseSharingReactor1763872200000 implements MigrationInterface {
  name = 'CaseSharingReactor1763872200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sharing.case_sharing_agreements (
      agreement_id    uuid PRIMARY KEY,
      partnership_id  uuid NOT NULL,
      parties         uuid[] NOT NULL,
      purposes        text[] NOT NULL,
      data_categories text[] NOT NULL,
      lawful_bases    text[] NOT NULL,
      start_date      text NOT NULL,
      review_date     text NOT NULL,
      end_date        text,
      terminated_at   timestamptz
    )`);
    await q.query(
      'CREATE INDEX case_sharing_agreements_partnership ON sharing.case_sharing_agreements (partnership_id)',
    );
    await q.query(`INSERT INTO sharing.case_sharing_agreements (agreement_id, partnership_id, parties, purposes, data_categories, lawful_bases, start_date, review_date, end_date, terminated_at)
      SELECT agreement_id, partnership_id, parties, purposes, data_categories, lawful_bases, start_date, review_date, end_date, terminated_at FROM sharing.agreements`);
    await q.query(`INSERT INTO projections.checkpoints (name, position, events_applied, updated_at)
      SELECT 'sharing.case-sharing', position, 0, now() FROM projections.checkpoints WHERE name = 'sharing.read-model'
      ON CONFLICT (name) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM projections.checkpoints WHERE name = 'sharing.case-sharing'`);
    await q.query('DROP TABLE sharing.case_sharing_agreements');
  }
}
