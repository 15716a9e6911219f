import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the access context: which agencies hold or work a person's record, and the consultation log. */
export class CreateAccessTables1763870600000 implements MigrationInterface {
  name = 'CreateAccessTables1763870600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS access');
    // source 'recorded': the agency registered the person or holds its own reference for them;
    // source 'case': the agency takes part in a case about them (case_id), open or closed.
    await q.query(`CREATE TABLE access.person_agencies (
      partnership_id uuid NOT NULL,
      person_id      uuid NOT NULL,
      agency_id      uuid NOT NULL,
      source         text NOT NULL CHECK (source IN ('recorded', 'case')),
      case_id        text NOT NULL DEFAULT '',
      case_type      text,
      open           boolean NOT NULL,
      PRIMARY KEY (person_id, agency_id, source, case_id)
    )`);
    await q.query("CREATE INDEX person_agencies_case ON access.person_agencies (case_id) WHERE case_id <> ''");
    await q.query(`CREATE TABLE access.consultations (
      event_id       uuid NOT NULL,
      person_id      uuid NOT NULL,
      partnership_id uuid NOT NULL,
      user_id        uuid NOT NULL,
      agency_id      uuid NOT NULL,
      view           text NOT NULL,
      purpose        text NOT NULL,
      consulted_at   timestamptz NOT NULL,
      PRIMARY KEY (event_id, person_id)
    )`);
    await q.query(
      'CREATE INDEX consultations_person ON access.consultations (partnership_id, person_id, consulted_at)',
    );
    await q.query('CREATE INDEX consultations_user ON access.consultations (partnership_id, user_id, consulted_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE access.consultations');
    await q.query('DROP TABLE access.person_agencies');
  }
}
