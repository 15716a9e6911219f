import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sharing inside cases: disclosures Hubline records itself when an agency joins a case or hears
 * it discussed at a LAG meeting (basis `case_involvement`, with the occasion, and the reason when
 * no agreement covered it); per case what was shared with whom so far, and who is present at
 * each meeting. The sharing read model is emptied and its checkpoint reset, so that
 * on upgrade it replays the log and records the sharing of every case already worked (each at
 * the moment it happened, judged against the agreements as they stood then).
 */
export class RecordCaseSharing1763872100000 implements MigrationInterface {
  name = 'RecordCaseSharing1763872100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sharing.disclosures DROP CONSTRAINT disclosures_basis_kind_check');
    await q.query(`ALTER TABLE sharing.disclosures ADD CONSTRAINT disclosures_basis_kind_check
      CHECK (basis_kind IN ('consent', 'gateway', 'vital_interests', 'case_involvement'))`);
    await q.query(
      'ALTER TABLE sharing.disclosures ADD COLUMN not_covered_because text, ADD COLUMN occasion text, ADD COLUMN meeting_id uuid',
    );
    await q.query('CREATE INDEX disclosures_case ON sharing.disclosures (case_type, case_id)');
    await q.query(`CREATE TABLE sharing.case_shares (
      case_type           text NOT NULL,
      case_id             text NOT NULL,
      partnership_id      uuid NOT NULL,
      from_agency_id      uuid NOT NULL,
      opened_by_user_id   uuid NOT NULL,
      data_categories     text[] NOT NULL,
      person_ids          uuid[] NOT NULL,
      informed_agency_ids uuid[] NOT NULL,
      PRIMARY KEY (case_type, case_id)
    )`);
    // Who is present at a LAG meeting so far: the agencies that hear the cases discussed.
    await q.query(`CREATE TABLE sharing.meeting_attendance (
      meeting_id uuid NOT NULL,
      agency_id  uuid NOT NULL,
      attendee   text NOT NULL,
      present    boolean NOT NULL,
      PRIMARY KEY (meeting_id, agency_id, attendee)
    )`);
    await q.query('TRUNCATE sharing.agreements, sharing.consents, sharing.disclosures');
    await q.query(
      `UPDATE projections.checkpoints SET position = NULL, events_applied = 0, updated_at = now() WHERE name = 'sharing.read-model'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sharing.meeting_attendance');
    await q.query('DROP TABLE sharing.case_shares');
    await q.query('DROP INDEX sharing.disclosures_case');
    await q.query(
      'ALTER TABLE sharing.disclosures DROP COLUMN not_covered_because, DROP COLUMN occasion, DROP COLUMN meeting_id',
    );
    await q.query(`DELETE FROM sharing.disclosures WHERE basis_kind = 'case_involvement'`);
    await q.query('ALTER TABLE sharing.disclosures DROP CONSTRAINT disclosures_basis_kind_check');
    await q.query(
      `ALTER TABLE sharing.disclosures ADD CONSTRAINT disclosures_basis_kind_check CHECK (basis_kind IN ('consent', 'gateway', 'vital_interests'))`,
    );
  }
}
